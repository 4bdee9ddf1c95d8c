import { createHash } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { send } from '../respond.js'
import type { DemoContext, Handler } from '../router.js'

const POWERED = { 'X-Powered-By': 'Express' }

// Express 4 answers with the `etag` package's weak ETag on every res.send().
function weakEtag(body: Buffer): string {
  const hash = createHash('sha1').update(body).digest('base64').substring(0, 27)
  return `W/"${body.length.toString(16)}-${hash}"`
}

function expressSend(res: ServerResponse, status: number, type: string, text: string): void {
  const body = Buffer.from(text)
  send(res, status, { ...POWERED, 'Content-Type': type, ETag: weakEtag(body) }, body)
}

// finalhandler's 404 page, byte for byte.
function cannot(method: string, path: string): string {
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot ${method} ${escapeHtml(path)}</pre>\n</body>\n</html>\n`
}

// The `escape-html` package's table, which finalhandler uses.
const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c)
}

/**
 * An Express 4 route with res.json() handlers. Express has no 405: an unrouted method
 * falls through to finalhandler's 404, and OPTIONS gets the router's automatic answer.
 */
export function expressRoute(handlers: Partial<Record<string, (ctx: DemoContext) => unknown>>): Handler {
  const methods = Object.keys(handlers)
  if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD')
  const allow = methods.join(',')
  return (ctx, res) => {
    const handler = handlers[ctx.method === 'HEAD' && !handlers.HEAD ? 'GET' : ctx.method]
    if (handler) {
      expressSend(res, 200, 'application/json; charset=utf-8', JSON.stringify(handler(ctx)))
    } else if (ctx.method === 'OPTIONS') {
      res.setHeader('Allow', allow)
      expressSend(res, 200, 'text/html; charset=utf-8', allow)
    } else {
      send(
        res,
        404,
        {
          ...POWERED,
          'Content-Security-Policy': "default-src 'none'",
          'X-Content-Type-Options': 'nosniff',
          'Content-Type': 'text/html; charset=utf-8',
        },
        cannot(ctx.method, ctx.path),
      )
    }
  }
}
