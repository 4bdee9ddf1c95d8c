import { send } from '../respond.js'
import type { Handler } from '../router.js'

const HTML = { 'Content-Type': 'text/html; charset=utf-8' }

export function htmlDocument(title: string, body: string): string {
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${title}</title>\n</head>\n<body>\n${body}\n</body>\n</html>\n`
}

function notAllowedPage(method: string): string {
  return htmlDocument(
    '405 Method Not Allowed',
    `<h1>Method Not Allowed</h1>\n<p>This page does not accept ${method} requests.</p>`,
  )
}

/**
 * A server-rendered page of a classic forms app: GET/HEAD render it, an optional POST handler
 * answers form submissions, and any other method gets a 405 page with Allow.
 */
export function htmlPage(page: string, post?: { status: number; location: string }): Handler {
  const allow = post ? 'GET, HEAD, POST' : 'GET, HEAD'
  return (ctx, res) => {
    if (ctx.method === 'GET' || ctx.method === 'HEAD') {
      send(res, 200, HTML, page)
    } else if (ctx.method === 'POST' && post) {
      // Post/Redirect/Get: the answer to a submitted form is a redirect to a result page.
      send(res, post.status, { ...HTML, Location: post.location })
    } else {
      send(res, 405, { ...HTML, Allow: allow }, notAllowedPage(ctx.method))
    }
  }
}
