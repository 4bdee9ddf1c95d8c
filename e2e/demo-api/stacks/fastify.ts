import { send } from '../respond.js'
import type { Handler } from '../router.js'

const TYPE = { 'content-type': 'application/json; charset=utf-8' }

function notFound(method: string, path: string): string {
  return JSON.stringify({ message: `Route ${method}:${path} not found`, error: 'Not Found', statusCode: 404 })
}

/**
 * Fastify 5 as captured in test/fixtures/frameworks/fastify.json: an unrouted method — and
 * OPTIONS — gets the same 404 as a path that does not exist; HEAD is exposed for GET routes.
 * `methods` empty = the path does not exist at all.
 */
export function fastifyRoute(methods: Record<string, () => unknown>): Handler {
  return (ctx, res) => {
    const handler = methods[ctx.method] ?? (ctx.method === 'HEAD' ? methods.GET : undefined)
    if (!handler) {
      send(res, 404, TYPE, notFound(ctx.method, ctx.path))
      return
    }
    send(res, 200, TYPE, ctx.method === 'HEAD' ? '' : JSON.stringify(handler()))
  }
}
