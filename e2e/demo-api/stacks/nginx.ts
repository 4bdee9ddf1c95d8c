import { send } from '../respond.js'
import type { Handler } from '../router.js'

const SERVER = { Server: 'nginx/1.22.1' }

// nginx's built-in error page, CRLFs and all.
function errorPage(status: string): string {
  return `<html>\r\n<head><title>${status}</title></head>\r\n<body>\r\n<center><h1>${status}</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n`
}

/**
 * nginx serving files from disk. Mirrors ngx_http_static_handler's order of checks:
 * methods other than GET/HEAD/POST → 405 at once, a missing file → 404, then POST → 405.
 */
export function nginxStatic(files: Record<string, string>): Handler {
  // nginx's ETag is "<mtime hex>-<size hex>"; a fixed mtime keeps it stable per run.
  const mtime = new Date()
  mtime.setMilliseconds(0)
  return (ctx, res) => {
    const file = files[ctx.path]
    if (!['GET', 'HEAD', 'POST'].includes(ctx.method)) {
      send(res, 405, { ...SERVER, 'Content-Type': 'text/html' }, errorPage('405 Not Allowed'), 'Not Allowed')
    } else if (file === undefined) {
      send(res, 404, { ...SERVER, 'Content-Type': 'text/html' }, errorPage('404 Not Found'))
    } else if (ctx.method === 'POST') {
      send(res, 405, { ...SERVER, 'Content-Type': 'text/html' }, errorPage('405 Not Allowed'), 'Not Allowed')
    } else {
      const size = Buffer.byteLength(file)
      send(
        res,
        200,
        {
          ...SERVER,
          'Content-Type': 'text/html',
          'Last-Modified': mtime.toUTCString(),
          ETag: `"${(mtime.getTime() / 1000).toString(16)}-${size.toString(16)}"`,
          'Accept-Ranges': 'bytes',
        },
        file,
      )
    }
  }
}
