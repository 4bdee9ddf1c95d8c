import { send, sendJson } from './respond.js'
import type { Handler } from './router.js'

export const getLog: Handler = (ctx, res) => {
  if (ctx.method === 'GET' || ctx.method === 'HEAD') sendJson(res, 200, ctx.log.list())
  else sendJson(res, 405, { detail: `Method "${ctx.method}" not allowed.` }, { Allow: 'GET, HEAD' })
}

export const clearLog: Handler = (ctx, res) => {
  if (ctx.method !== 'POST') {
    sendJson(res, 405, { detail: `Method "${ctx.method}" not allowed.` }, { Allow: 'POST' })
    return
  }
  ctx.log.clear()
  send(res, 204, {})
}
