import { send } from '../respond.js'
import type { Handler } from '../router.js'

const HEADERS = { server: 'uvicorn', 'content-type': 'application/json' }

/**
 * FastAPI/Starlette with one handler per method on the same path (@app.get, @app.put,
 * @app.delete): Starlette answers any other method — OPTIONS included — with 405 and an
 * `allow` naming only the FIRST route that matched, as captured in test/fixtures/frameworks/fastapi.json.
 */
export function starletteRoutes(handlers: Record<string, (id: string) => unknown>): Handler {
  const first = Object.keys(handlers)[0] ?? 'GET'
  return (ctx, res) => {
    const id = ctx.path.split('/').pop() ?? ''
    const handler = handlers[ctx.method] ?? (ctx.method === 'HEAD' ? undefined : undefined)
    if (handler) {
      send(res, 200, HEADERS, JSON.stringify(handler(id)))
      return
    }
    send(res, 405, { ...HEADERS, allow: first }, '{"detail":"Method Not Allowed"}')
  }
}

/** FastAPI's /openapi.json for those routes: the description lists every method. */
export function starletteOpenApi(paths: Record<string, string[]>): Handler {
  const doc = {
    openapi: '3.1.0',
    info: { title: 'Demo inventory (FastAPI)', version: '0.1.0' },
    paths: Object.fromEntries(
      Object.entries(paths).map(([path, methods]) => [
        path,
        Object.fromEntries(
          methods.map((m) => [
            m.toLowerCase(),
            { summary: `${m} ${path}`, responses: { '200': { description: 'Successful Response' } } },
          ]),
        ),
      ]),
    ),
  }
  return (ctx, res) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      send(res, 405, { ...HEADERS, allow: 'GET' }, '{"detail":"Method Not Allowed"}')
      return
    }
    send(res, 200, HEADERS, JSON.stringify(doc))
  }
}
