import { send } from '../respond.js'
import type { Handler } from '../router.js'

const BLOCKED_PAGE =
  '<html><body><h1>405 Method Not Allowed</h1><p>Method blocked by gateway policy</p></body></html>'

/**
 * A reverse proxy with a method deny-list in front of an app: blocked methods never reach
 * the app (so no Allow), everything else — OPTIONS included — is passed through with Via.
 */
export function gateway(blocked: string[], app: Handler): Handler {
  return (ctx, res) => {
    if (blocked.includes(ctx.method)) {
      send(
        res,
        405,
        { Server: 'demo-gateway', Via: '1.1 demo-gateway', 'Content-Type': 'text/html' },
        BLOCKED_PAGE,
      )
      return
    }
    res.setHeader('Via', '1.1 demo-gateway')
    return app(ctx, res)
  }
}
