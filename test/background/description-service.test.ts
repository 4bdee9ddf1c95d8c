import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('webextension-polyfill', () => ({
  default: { permissions: { contains: async () => true } },
}))

const { ObservedUrls } = await import('../../src/background/observed')
const { readDescription } = await import('../../src/background/description-service')

// A real loopback server: the reads that are allowed really happen, the refused ones never reach it.
let server: Server
let api = ''
const seen: string[] = []
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`)
    if (req.url === '/openapi.json') {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{}}')
    } else if (req.url === '/docs/') {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end('<html>API docs</html>')
    } else if (req.url === '/moved') {
      res.writeHead(302, { location: '/openapi.json' })
      res.end()
    } else {
      res.writeHead(404)
      res.end()
    }
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))
beforeEach(() => {
  seen.length = 0
})

const EVIL = 'https://evil.example'
const SITE = 'http://localhost:5173'
let nextId = 1
const read = (observed: InstanceType<typeof ObservedUrls>, origin: string, url?: string) =>
  readDescription(
    async () => true,
    {
      type: 'devtools/read-description',
      id: nextId++,
      tabId: 1,
      origin,
      ...(url ? { url } : {}),
    },
    observed,
  )

describe('API-description reads: only for the inspected site or an origin its page requested', () => {
  it('reads for an origin the page requested while the current site was inspected', async () => {
    const o = new ObservedUrls()
    o.inspected(1, `${SITE}/`)
    o.add(1, SITE, [`${api}/api/items`])
    expect(await read(o, api)).toMatchObject({ type: 'worker/description', source: `${api}/openapi.json` })
    expect(seen).toEqual(['GET /openapi.json'])
  })

  it('reads for the inspected site itself, requested or not', async () => {
    const o = new ObservedUrls()
    o.inspected(1, `${api}/`)
    expect(await read(o, api)).toMatchObject({ type: 'worker/description' })
  })

  it('refuses an origin only an earlier site requested (kept by Preserve log), typed URL or not', async () => {
    const o = new ObservedUrls()
    o.inspected(1, `${EVIL}/`)
    o.add(1, EVIL, [`${api}/api/items`])
    o.inspected(1, `${SITE}/`)
    expect(await read(o, api)).toMatchObject({ type: 'worker/description-failed', reason: 'not-observed' })
    expect(await read(o, api, `${api}/openapi.json`)).toMatchObject({ reason: 'not-observed' })
    // Never requested at all, or no inspected site known: refused the same way.
    expect(await read(o, 'http://127.0.0.1:1')).toMatchObject({ reason: 'not-observed' })
    const none = new ObservedUrls()
    none.add(1, '', [`${api}/api/items`])
    expect(await read(none, api)).toMatchObject({ reason: 'not-observed' })
    expect(seen).toEqual([])
  })

  it('a URL the user typed is read for an origin that qualifies', async () => {
    const o = new ObservedUrls()
    o.inspected(1, `${SITE}/`)
    o.add(1, SITE, [`${api}/api/items`])
    expect(await read(o, api, `${api}/openapi.json`)).toMatchObject({ type: 'worker/description' })
    expect(seen).toEqual(['GET /openapi.json'])
  })
})

describe('API-description reads: what the shared discovery answers become', () => {
  const qualifying = () => {
    const o = new ObservedUrls()
    o.inspected(1, `${api}/`)
    return o
  }

  it('a typed URL that is no description says so; a miss or a redirect is "not found", never followed', async () => {
    expect(await read(qualifying(), api, `${api}/docs/`)).toEqual({
      type: 'worker/description-failed',
      id: expect.any(Number),
      reason: 'not-openapi',
      tried: [{ url: `${api}/docs/`, status: 200 }],
    })
    expect(await read(qualifying(), api, `${api}/nothing`)).toMatchObject({
      reason: 'not-found',
      tried: [{ url: `${api}/nothing`, status: 404 }],
    })
    expect(await read(qualifying(), api, `${api}/moved`)).toMatchObject({ reason: 'not-found' })
    expect(seen).toEqual(['GET /docs/', 'GET /nothing', 'GET /moved'])
  })

  it('a spent budget ends the read before any request', async () => {
    const r = await readDescription(
      async () => false,
      { type: 'devtools/read-description', id: nextId++, tabId: 1, origin: api },
      qualifying(),
    )
    expect(r).toEqual({
      type: 'worker/description-failed',
      id: expect.any(Number),
      reason: 'rate-limit',
      tried: [],
    })
    expect(seen).toEqual([])
  })
})
