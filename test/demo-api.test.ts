import { type IncomingHttpHeaders, request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { probeEndpoints, scenarios } from '../e2e/demo-api/scenarios.js'
import { type DemoApi, startDemoApi } from '../e2e/demo-api/server.js'

interface Reply {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

// node:http rather than fetch, so redirects come back as they are instead of being followed.
function send(
  origin: string,
  method: string,
  path: string,
  opts: { body?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}${path}`, { method, headers: opts.headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      )
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(opts.body)
  })
}

const NGINX_405 =
  '<html>\r\n<head><title>405 Not Allowed</title></head>\r\n<body>\r\n<center><h1>405 Not Allowed</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n'
const EXPRESS_404 =
  '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot POST /api/users</pre>\n</body>\n</html>\n'

/** The first response each scenario's request gets; `allow: null` means the header must be absent. */
const firstResponses: Record<string, { status: number; allow?: string | null; location?: string }> = {
  'get-only': { status: 405, allow: 'GET, HEAD, OPTIONS' },
  'no-allow': { status: 405, allow: null },
  'slash-301': { status: 301, location: '/api/orders/' },
  'slash-302': { status: 302, location: '/api/carts/' },
  'slash-303': { status: 303, location: '/api/profile/' },
  'keep-307': { status: 307, location: '/api/v2/upload' },
  'keep-308': { status: 308, location: '/api/comments' },
  proxy: { status: 405, allow: null },
  // Only reachable outside a browser; the browser stops at the preflight (tested below).
  cors: { status: 200 },
  static: { status: 405, allow: null },
  'express-404': { status: 404, allow: null },
  // Starlette names only the first route (GET) although PUT and DELETE exist.
  'starlette-partial': { status: 405, allow: 'GET' },
  'fastify-404': { status: 404, allow: null },
  hostile: { status: 302 },
  'fastify-missing': { status: 404, allow: null },
  prg: { status: 303, location: '/form/thanks' },
  'form-405': { status: 405, allow: 'GET, HEAD' },
  'ok-get': { status: 200 },
  'ok-post': { status: 201 },
  missing: { status: 404 },
  'cors-ok': { status: 200 },
}

describe('demo API', () => {
  it("FastAPI imitation: /openapi.json lists every method Starlette's Allow leaves out", async () => {
    const local = await startDemoApi()
    try {
      const doc = (await (await fetch(`${local.origin}/openapi.json`)).json()) as {
        paths: Record<string, Record<string, unknown>>
      }
      expect(Object.keys(doc.paths['/api/inventory/{item_id}'] ?? {})).toEqual(['get', 'put', 'delete'])
      expect((await fetch(`${local.origin}/api/inventory/7`, { method: 'PUT' })).status).toBe(200)
      const options = await fetch(`${local.origin}/api/inventory/7`, { method: 'OPTIONS' })
      expect([options.status, options.headers.get('allow')]).toEqual([405, 'GET'])
      // Fastify imitation: OPTIONS and wrong methods are 404; HEAD works on GET routes only.
      expect((await fetch(`${local.origin}/api/accounts`, { method: 'OPTIONS' })).status).toBe(404)
      expect((await fetch(`${local.origin}/api/accounts`, { method: 'HEAD' })).status).toBe(200)
      expect((await fetch(`${local.origin}/api/accounts/archive`, { method: 'HEAD' })).status).toBe(404)
      expect((await fetch(`${local.origin}/api/accounts/archive`)).status).toBe(404)
    } finally {
      await local.close()
    }
  })

  let api: DemoApi

  beforeAll(async () => {
    api = await startDemoApi({ slowOptionsMs: 50 })
  })
  afterAll(() => api.close())

  const originOf = (crossOrigin?: boolean) => (crossOrigin ? api.corsOrigin : api.origin)

  it('serves two distinct loopback origins', () => {
    expect(api.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(api.corsOrigin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(api.corsOrigin).not.toBe(api.origin)
  })

  it('has a first-response expectation for every scenario', () => {
    expect(Object.keys(firstResponses).sort()).toEqual(scenarios.map((s) => s.id).sort())
    expect(new Set(scenarios.map((s) => s.id)).size).toBe(scenarios.length)
  })

  for (const scenario of scenarios) {
    it(`${scenario.id}: ${scenario.method} ${scenario.path} answers as its stack would`, async () => {
      const want = firstResponses[scenario.id]!
      const headers = scenario.contentType ? { 'content-type': scenario.contentType } : undefined
      const res = await send(originOf(scenario.crossOrigin), scenario.method, scenario.path, {
        body: scenario.body,
        headers,
      })
      expect(res.status).toBe(want.status)
      expect(res.headers['cache-control']).toBe('no-store')
      if (want.allow === null) expect(res.headers.allow).toBeUndefined()
      else if (want.allow) expect(res.headers.allow).toBe(want.allow)
      if (want.location) expect(res.headers.location).toBe(want.location)
    })
  }

  it('imitates DRF on the GET-only endpoint', async () => {
    const res = await send(api.origin, 'POST', '/api/items', { body: '{}' })
    expect(res.body).toBe('{"detail":"Method \\"POST\\" not allowed."}')
    expect(res.headers).toMatchObject({
      'content-type': 'application/json',
      vary: 'Accept, Cookie',
      'x-frame-options': 'DENY',
      server: 'WSGIServer/0.2 CPython/3.11.2',
    })
    const get = await send(api.origin, 'GET', '/api/items')
    expect(get.status).toBe(200)
    expect(Array.isArray(JSON.parse(get.body))).toBe(true)
    const options = await send(api.origin, 'OPTIONS', '/api/items')
    expect(options.status).toBe(200)
    expect(options.headers.allow).toBe('GET, HEAD, OPTIONS')
    expect(JSON.parse(options.body)).toMatchObject({ name: 'Item List' })
  })

  it('has a custom handler that forgets Allow and never answers OPTIONS', async () => {
    const post = await send(api.origin, 'POST', '/api/reports', { body: '{}' })
    expect(post.body).toBe('{"error":"method not allowed"}')
    expect((await send(api.origin, 'OPTIONS', '/api/reports')).status).toBe(404)
    expect((await send(api.origin, 'GET', '/api/reports')).status).toBe(200)
  })

  it('answers the redirect targets with the method they accept', async () => {
    const cases: [string, string, number, string | undefined][] = [
      ['GET', '/api/orders/', 405, 'POST, OPTIONS'],
      ['POST', '/api/orders/', 201, 'POST, OPTIONS'],
      ['GET', '/api/carts/', 405, 'POST, OPTIONS'],
      ['POST', '/api/carts/', 201, 'POST, OPTIONS'],
      ['GET', '/api/profile/', 405, 'PUT, OPTIONS'],
      ['POST', '/api/v2/upload', 201, undefined],
      ['POST', '/api/comments', 201, undefined],
      ['GET', '/form/thanks', 200, undefined],
    ]
    for (const [method, path, status, allow] of cases) {
      const res = await send(api.origin, method, path, { body: method === 'POST' ? '{}' : undefined })
      expect([method, path, res.status]).toEqual([method, path, status])
      if (allow) expect(res.headers.allow).toBe(allow)
    }
  })

  it('keeps the query string on a slash redirect, like Django', async () => {
    const res = await send(api.origin, 'POST', '/api/orders?draft=1')
    expect(res.headers.location).toBe('/api/orders/?draft=1')
  })

  it('puts a gateway in front of the files API that blocks DELETE and PATCH only', async () => {
    for (const method of ['DELETE', 'PATCH']) {
      const res = await send(api.origin, method, '/api/files/42')
      expect(res.status).toBe(405)
      expect(res.headers).toMatchObject({ server: 'demo-gateway', via: '1.1 demo-gateway' })
      expect(res.headers.allow).toBeUndefined()
      expect(res.body).toContain('Method blocked by gateway policy')
    }
    const options = await send(api.origin, 'OPTIONS', '/api/files/42')
    expect(options.status).toBe(204)
    expect(options.headers.allow).toBe('GET, PUT, PATCH, DELETE, OPTIONS')
    expect((await send(api.origin, 'GET', '/api/files/42')).status).toBe(200)
  })

  it('rejects the CORS preflight on the second origin without CORS headers', async () => {
    const preflight = await send(api.corsOrigin, 'OPTIONS', '/api/settings', {
      headers: {
        origin: api.origin,
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'content-type',
      },
    })
    expect(preflight.status).toBe(403)
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined()
    const put = await send(api.corsOrigin, 'PUT', '/api/settings', { body: '{}' })
    expect(put.headers['access-control-allow-origin']).toBe('*')
    const pub = await send(api.corsOrigin, 'GET', '/api/public')
    expect(pub.status).toBe(200)
    expect(pub.headers['access-control-allow-origin']).toBe('*')
  })

  it('imitates nginx byte for byte on a static file', async () => {
    const res = await send(api.origin, 'POST', '/static/contact.html', { body: 'a=b' })
    expect(res.body).toBe(NGINX_405)
    expect(res.headers).toMatchObject({ server: 'nginx/1.22.1', 'content-type': 'text/html' })
    expect((await send(api.origin, 'GET', '/static/contact.html')).status).toBe(200)
  })

  it('imitates Express 4 byte for byte, including the automatic OPTIONS', async () => {
    const res = await send(api.origin, 'POST', '/api/users', { body: '{}' })
    expect(res.body).toBe(EXPRESS_404)
    expect(res.headers).toMatchObject({
      'x-powered-by': 'Express',
      'content-security-policy': "default-src 'none'",
      'x-content-type-options': 'nosniff',
      'content-type': 'text/html; charset=utf-8',
    })
    const options = await send(api.origin, 'OPTIONS', '/api/users')
    expect([options.status, options.headers.allow, options.body]).toEqual([200, 'GET,HEAD', 'GET,HEAD'])
    // The same weak ETag a real Express 4 sends for this body.
    expect(options.headers.etag).toBe('W/"8-ZRAf8oNBS3Bjb/SU2GYZCmbtmXg"')
  })

  it('answers unknown paths with JSON 404', async () => {
    const res = await send(api.origin, 'DELETE', '/no/such/thing')
    expect(res.status).toBe(404)
    expect(JSON.parse(res.body)).toEqual({ detail: 'Not found.' })
  })

  it('serves the demo page, its script and its config', async () => {
    const page = await send(api.origin, 'GET', '/')
    expect(page.status).toBe(200)
    expect(page.body).toContain('<title>Method Doctor demo</title>')
    expect((await send(api.origin, 'GET', '/demo.js')).headers['content-type']).toMatch(/javascript/)
    const config = JSON.parse((await send(api.origin, 'GET', '/demo-config.json')).body)
    expect(config.corsOrigin).toBe(api.corsOrigin)
    expect(config.scenarios).toEqual(scenarios)
  })

  it('serves the probe endpoints', async () => {
    const started = Date.now()
    const slow = await send(api.origin, 'OPTIONS', probeEndpoints.slow)
    expect(Date.now() - started).toBeGreaterThanOrEqual(45)
    expect([slow.status, slow.headers.allow]).toEqual([204, 'GET, OPTIONS'])
    expect((await send(api.origin, 'POST', probeEndpoints.slow)).headers.allow).toBe('GET')
    for (const path of probeEndpoints.storm) {
      const post = await send(api.origin, 'POST', path)
      expect([post.status, post.headers.allow]).toEqual([405, 'GET'])
      const options = await send(api.origin, 'OPTIONS', path)
      expect([options.status, options.headers.allow]).toEqual([204, 'GET, HEAD, OPTIONS'])
    }
  })

  it('logs method, path with query and lower-cased headers from both servers', async () => {
    api.clearLog()
    await send(api.origin, 'POST', '/api/items?x=1', { headers: { 'X-Trace-Me': 'yes' }, body: '{}' })
    await send(api.corsOrigin, 'GET', '/api/public')
    const log = api.log()
    expect(log).toHaveLength(2)
    const [first, second] = log
    expect(first).toMatchObject({
      method: 'POST',
      path: '/api/items?x=1',
      url: `${api.origin}/api/items?x=1`,
    })
    expect(first?.headers['x-trace-me']).toBe('yes')
    expect(first?.port).toBe(Number(new URL(api.origin).port))
    expect(second).toMatchObject({
      method: 'GET',
      path: '/api/public',
      port: Number(new URL(api.corsOrigin).port),
    })
    expect(second!.seq).toBeGreaterThan(first!.seq)
  })

  it('exposes the log over HTTP without logging itself or browser noise', async () => {
    api.clearLog()
    await send(api.origin, 'GET', '/api/items')
    await send(api.origin, 'GET', '/favicon.ico')
    await send(api.origin, 'GET', '/.well-known/appspecific/com.chrome.devtools.json')
    const res = await send(api.origin, 'GET', '/__log')
    expect(res.headers['cache-control']).toBe('no-store')
    const log: { path: string }[] = JSON.parse(res.body)
    expect(log.map((entry) => entry.path)).toEqual(['/api/items'])
    expect((await send(api.origin, 'POST', '/__log/clear')).status).toBe(204)
    expect(api.log()).toEqual([])
  })

  it('rejects bodies over 1 MB', async () => {
    const res = await send(api.origin, 'POST', '/api/echo', { body: 'x'.repeat(1024 * 1024 + 1) })
    expect(res.status).toBe(413)
  })
})

describe('demo API shutdown', () => {
  it('closes promptly while an OPTIONS request hangs', async () => {
    const api = await startDemoApi()
    const hanging = send(api.origin, 'OPTIONS', probeEndpoints.hang).catch((err: Error) => err)
    while (!api.log().some((entry) => entry.path === probeEndpoints.hang)) {
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    const started = Date.now()
    await api.close()
    expect(Date.now() - started).toBeLessThan(1000)
    expect(await hanging).toBeInstanceOf(Error)
  })

  it('closes while a slow OPTIONS is pending, and close() can be called twice', async () => {
    const api = await startDemoApi({ slowOptionsMs: 60_000 })
    const pending = send(api.origin, 'OPTIONS', probeEndpoints.slow).catch((err: Error) => err)
    while (api.log().length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    await Promise.all([api.close(), api.close()])
    expect(await pending).toBeInstanceOf(Error)
  })
})
