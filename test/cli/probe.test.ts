import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DemoApi, startDemoApi } from '../../e2e/demo-api/server'
import { runCli } from '../helpers/cli'
import { entry, har, pageEntry } from '../helpers/har'

let demo: DemoApi
let file = ''

const run = runCli

interface Report {
  findings: {
    kind: string
    severity: string
    request: { url: string }
    allowed: { methods: string[] | null; sources: { source: string }[] }
  }[]
}

beforeAll(async () => {
  demo = await startDemoApi()
  const O = demo.origin
  file = join(mkdtempSync(join(tmpdir(), 'md-probe-')), 'capture.har')
  writeFileSync(
    file,
    JSON.stringify(
      har([
        pageEntry(O),
        entry({
          method: 'POST',
          url: `${O}/api/items`,
          status: 405,
          headers: { Allow: 'GET, HEAD, OPTIONS' },
        }),
        entry({
          method: 'DELETE',
          url: `${O}/api/files/42`,
          status: 405,
          headers: { 'Content-Type': 'text/html' },
        }),
        entry({
          method: 'POST',
          url: `${O}/api/accounts`,
          status: 404,
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: '{"message":"Route POST:/api/accounts not found","error":"Not Found","statusCode":404}',
        }),
        entry({
          method: 'POST',
          url: `${O}/api/accounts/archive`,
          status: 404,
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: '{"message":"Route POST:/api/accounts/archive not found","error":"Not Found","statusCode":404}',
        }),
        entry({
          method: 'PATCH',
          url: `${O}/api/inventory/7`,
          status: 405,
          headers: { server: 'uvicorn', allow: 'GET', 'content-type': 'application/json' },
          body: '{"detail":"Method Not Allowed"}',
        }),
      ]),
    ),
  )
})
afterAll(() => demo.close())

describe('method-doctor analyze --probe against the demo API over real HTTP', () => {
  it('the ladder turns unknowns into evidence and silences the missing path; never the original method', async () => {
    demo.clearLog()
    const r = await run('analyze', file, '--json', '--probe')
    const report = JSON.parse(r.out) as Report
    const by = (path: string) => report.findings.filter((f) => new URL(f.request.url).pathname === path)
    expect(by('/api/items').map((f) => f.allowed.sources.map((s) => s.source))).toEqual([
      ['response-allow', 'probe-allow'],
    ])
    expect(by('/api/files/42').map((f) => f.kind)).toEqual(['blocked-by-proxy'])
    expect(by('/api/accounts').map((f) => [f.kind, f.severity])).toEqual([['wrong-method', 'error']])
    expect(by('/api/accounts/archive')).toEqual([])
    const sent = demo.log().map((x) => `${x.method} ${x.path}`)
    expect(sent.filter((s) => s.endsWith('/api/accounts'))).toEqual([
      'OPTIONS /api/accounts',
      'HEAD /api/accounts',
    ])
    expect(sent.filter((s) => s.endsWith('/api/accounts/archive'))).toEqual([
      'OPTIONS /api/accounts/archive',
      'HEAD /api/accounts/archive',
      'GET /api/accounts/archive',
    ])
    expect(
      sent.filter((s) => !s.startsWith('OPTIONS') && !s.startsWith('HEAD') && !s.startsWith('GET')),
    ).toEqual([])
    expect(
      demo.log().every((x) => x.headers.cookie === undefined && x.headers.authorization === undefined),
    ).toBe(true)
  })

  it('--probe=options sends OPTIONS only', async () => {
    demo.clearLog()
    await run('analyze', file, '--json', '--probe=options')
    expect(new Set(demo.log().map((x) => x.method))).toEqual(new Set(['OPTIONS']))
  })

  it("--openapi auto reads FastAPI's /openapi.json; the description beats the partial Allow", async () => {
    const r = await run('analyze', file, '--json', '--probe', '--openapi', 'auto')
    const f = (JSON.parse(r.out) as Report).findings.find((x) => x.request.url.endsWith('/api/inventory/7'))!
    expect(f.allowed.methods).toEqual(['GET', 'PUT', 'DELETE'])
    expect(f.allowed.sources.map((s) => s.source)).toContain('openapi')
    expect(r.err).toContain('/openapi.json')
  })

  it('--openapi auto: a document too large is said, and discovery counts against the per-origin budget', async () => {
    const seen: string[] = []
    const big = JSON.stringify({ openapi: '3.0.0', paths: {}, pad: 'x'.repeat(6 * 1024 * 1024) })
    const server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`)
      if (req.url === '/openapi.json') res.writeHead(200, { 'Content-Type': 'application/json' }).end(big)
      else if (req.url === '/api/thing' && req.method === 'OPTIONS') res.writeHead(404).end()
      else res.writeHead(404).end()
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const O = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const capture = join(mkdtempSync(join(tmpdir(), 'md-openapi-')), 'c.har')
    writeFileSync(
      capture,
      JSON.stringify(har([pageEntry(O), entry({ method: 'PUT', url: `${O}/api/thing`, status: 405 })])),
    )
    try {
      const r = await run('analyze', capture, '--json', '--probe', '--openapi', 'auto')
      expect(r.err).toMatch(/openapi\.json was not used: it is larger than 5 MB/)
      // Seven discovery GETs and the probe ladder, all inside the 10-per-origin budget.
      expect(seen.length).toBeLessThanOrEqual(10)
      expect(seen.filter((x) => x.startsWith('GET /openapi.json'))).toHaveLength(1)
      expect(seen.some((x) => x.startsWith('PUT '))).toBe(false)
    } finally {
      await new Promise<void>((r) => server.close(() => r()))
    }
  })

  it('--openapi with a hostile file changes nothing else and says why', async () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'md-oa-')), 'spec.yaml')
    writeFileSync(bad, 'a: &a [1]\nb: *a\nopenapi: [')
    const r = await run('analyze', file, '--json', '--openapi', bad)
    expect(r.err).toMatch(/API description .* was not used: not-parsable/)
    expect((JSON.parse(r.out) as Report).findings.length).toBeGreaterThan(0)
    expect((await run('analyze', file, '--openapi', 'auto')).code).toBe(2)
  })

  it('reads a HAR from stdin with "-"', async () => {
    const original = Object.getOwnPropertyDescriptor(process, 'stdin')!
    Object.defineProperty(process, 'stdin', {
      value: Readable.from([
        Buffer.from(
          JSON.stringify(har([entry({ method: 'POST', url: `${demo.origin}/api/items`, status: 405 })])),
        ),
      ]),
    })
    try {
      const r = await run('analyze', '-', '--json')
      expect((JSON.parse(r.out) as { source: string; findings: unknown[] }).source).toBe('stdin')
    } finally {
      Object.defineProperty(process, 'stdin', original)
    }
  })
})
