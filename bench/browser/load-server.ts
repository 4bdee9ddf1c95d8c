import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * The inspected page's API for the panel benchmark, on 127.0.0.1 only. `GET /api/ok/<n>`
 * answers 200 with a JSON list; `POST /api/fail/<k>` answers a Django-REST-style 405 (one
 * finding per distinct k); OPTIONS on it answers 204 with Allow, for the worker's probe.
 * `GET /__counts` returns requests seen per method and route.
 */
export interface LoadServer {
  origin: string
  counts(): Record<string, number>
  close(): Promise<void>
}

const PAGE =
  '<!doctype html><html><head><meta charset="utf-8"><title>Method Doctor bench</title></head><body><h1>bench</h1></body></html>'
const ALLOW = 'GET, HEAD, OPTIONS'

function okBody(n: number): string {
  const items = Array.from({ length: 4 + (n % 5) }, (_, i) => ({
    id: n * 10 + i,
    name: `item-${n}-${i}`,
    price: ((n * 7 + i) % 1000) / 10,
  }))
  return JSON.stringify({ count: items.length, next: null, results: items })
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body = ''): void {
  res.writeHead(status, {
    'Cache-Control': 'no-store',
    Server: 'WSGIServer/0.2 CPython/3.11.2',
    ...headers,
    'Content-Length': String(Buffer.byteLength(body)),
  })
  res.end(body)
}

function drain(req: IncomingMessage): Promise<void> {
  return new Promise((done) => {
    req.resume()
    req.on('end', done)
    req.on('error', () => done())
  })
}

export async function startLoadServer(): Promise<LoadServer> {
  const counts: Record<string, number> = {}
  const server = createServer(async (req, res) => {
    await drain(req)
    const method = req.method ?? 'GET'
    const path = (req.url ?? '/').split('?')[0]!
    if (path === '/__counts')
      return send(res, 200, { 'Content-Type': 'application/json' }, JSON.stringify(counts))
    const key = `${method} ${path.replace(/\/\d+$/, '/*')}`
    counts[key] = (counts[key] ?? 0) + 1
    if (path === '/') return send(res, 200, { 'Content-Type': 'text/html; charset=utf-8' }, PAGE)
    const ok = /^\/api\/ok\/(\d+)$/.exec(path)
    if (ok && (method === 'GET' || method === 'HEAD'))
      return send(
        res,
        200,
        { 'Content-Type': 'application/json', Vary: 'Accept, Cookie' },
        okBody(Number(ok[1])),
      )
    if (/^\/api\/fail\/\d+$/.test(path)) {
      if (method === 'OPTIONS') return send(res, 204, { Allow: ALLOW })
      if (method === 'GET' || method === 'HEAD')
        return send(res, 200, { 'Content-Type': 'application/json' }, '[]')
      return send(
        res,
        405,
        { 'Content-Type': 'application/json', Allow: ALLOW, Vary: 'Accept, Cookie' },
        JSON.stringify({ detail: `Method "${method}" not allowed.` }),
      )
    }
    send(res, 404, { 'Content-Type': 'application/json' }, '{"detail":"Not found."}')
  })
  server.keepAliveTimeout = 30_000
  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => done())
  })
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    counts: () => ({ ...counts }),
    close: () =>
      new Promise((done) => {
        server.close(() => done())
        server.closeAllConnections()
      }),
  }
}
