// Where the CLI's --probe may send requests: the sites of the capture's own pages, origins named
// with --probe-allow, never a link-local or cloud-metadata address, never a service worker's answer.
// Every request goes to an injected fetch (nothing leaves the machine), except the loopback
// server of the last tests.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main'
import { loadOpenApi } from '../../src/cli/openapi'
import { Engine } from '../../src/core/engine'
import { harEntries } from '../../src/core/har'
import { isForbiddenAddress, isForbiddenUrl } from '../../src/core/probe/address'
import { PageSites } from '../../src/core/probe/page-sites'
import type { ProbeFetch } from '../../src/core/probe/send-step'
import { guardedFetch, guardedTextFetch, type Resolver } from '../../src/node/guarded-fetch'
import { planProbes } from '../../src/node/node-probe'
import { entry, har, pageEntry } from '../helpers/har'

const PAGE = 'http://127.0.0.1:3000'
const FORBIDDEN_SPELLINGS = [
  'http://169.254.169.254',
  'http://2852039166',
  'http://0xa9fea9fe',
  'http://0251.0376.0251.0376',
  'http://169.254.43518',
  'http://[::ffff:169.254.169.254]',
  'http://[::ffff:a9fe:a9fe]',
  'http://[64:ff9b::a9fe:a9fe]',
  'http://[fe80::1]',
  'http://[febf:ffff::1]',
  'http://[fd00:ec2::254]',
  'http://[fd00:ec2::23]',
  'http://[fd20:ce::254]',
  'http://168.63.129.16',
  'http://[::ffff:0:a9fe:a9fe]',
  // Local-use NAT64 (64:ff9b:1::/48) with a /96, /64, /56 and /48 prefix, and 6to4.
  'http://[64:ff9b:1::a9fe:a9fe]',
  'http://[64:ff9b:1:0:a9:fea9:fe00:0]',
  'http://[64:ff9b:1:a9:fe:a9fe::]',
  'http://[64:ff9b:1:a9fe:a9:fe00::]',
  'http://[2002:a9fe:a9fe::1]',
  'http://metadata.google.internal',
  'http://metadata.google.internal.',
  'http://METADATA',
  'http://instance-data',
  'http://100.100.100.200',
  'http://169.254.1.1:8080',
]

function capture(entries: unknown[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'md-targets-')), 'c.har')
  writeFileSync(file, JSON.stringify(har(entries)))
  return file
}

/** Runs the CLI with a fetch that records each request and answers 405 without Allow. */
async function run(...argv: string[]) {
  const sent: string[] = []
  const fetch: ProbeFetch = async (url, init) => {
    sent.push(`${init.method} ${url}`)
    return { status: 405, headers: { get: () => null }, body: null }
  }
  let out = ''
  let err = ''
  const code = await main(argv, {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    isTTY: false,
    env: {},
    probeFetch: fetch,
  })
  return { code, out, err, sent }
}

const wrong = (url: string) => entry({ method: 'POST', url, status: 405 })

describe('the sites of a capture’s pages', () => {
  const sitesOf = (f: string) => {
    const pages = new PageSites()
    for (const e of harEntries(
      JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/har', f), 'utf8')),
    ))
      pages.note(e)
    return [...pages.origins]
  }
  it('Chrome, Firefox and Playwright captures: the page’s own origin, never an iframe’s', () => {
    for (const f of ['sw-devtools-gethar.har', 'sw-firefox-gethar.har', 'sw-playwright.har'])
      expect(sitesOf(f), f).toEqual(['http://127.0.0.1:8407'])
    expect(sitesOf('demo-playwright.har')).toEqual(['http://127.0.0.1:8405'])
    expect(sitesOf('demo-firefox-gethar.har')).toEqual(['http://127.0.0.1:8405'])
    // DevTools opened after the page loaded: only the demo's iframe form navigations are documents.
    expect(sitesOf('demo-devtools-gethar.har')).toEqual([])
  })

  it('without Fetch Metadata: the first document of each page, or an uninitiated one', () => {
    const doc = (url: string, extra: Record<string, unknown>) => ({
      ...entry({ method: 'GET', url, status: 200, resourceType: 'document' }),
      ...extra,
    })
    const pages = new PageSites()
    pages.note(doc('http://app.test/', { pageref: 'p1' }))
    pages.note(doc('http://ads.test/frame', { pageref: 'p1' }))
    pages.note(doc('http://other.test/', { _initiator: { type: 'other' } }))
    pages.note(doc('http://frame.test/', { _initiator: { type: 'parser' } }))
    pages.note(
      entry({
        method: 'GET',
        url: 'http://iframe.test/',
        status: 200,
        requestHeaders: { 'Sec-Fetch-Dest': 'iframe' },
      }),
    )
    pages.note(doc('javascript:alert(1)', { pageref: 'p2' }))
    expect([...pages.origins].sort()).toEqual(['http://app.test', 'http://other.test'])
  })
})

describe('which targets are probed', () => {
  it('link-local and metadata addresses in every spelling the URL parser accepts', () => {
    for (const o of FORBIDDEN_SPELLINGS) expect(isForbiddenUrl(`${o}/x`), o).toBe(true)
    for (const o of [
      'http://127.0.0.1:8405',
      'http://[::1]',
      'http://10.0.0.1',
      'http://169.255.0.1',
      'https://api.example.com',
      'http://[fec0::1]',
      'http://metadata.example.com',
      // The same prefixes carrying an ordinary address, and neighbours of the metadata addresses.
      'http://[64:ff9b:1::a00:1]',
      'http://[64:ff9b:1:a00:1::]',
      'http://[2002:a00:1::1]',
      'http://[fd20:ce::253]',
      'http://[fd00:ec2::1]',
      'http://168.63.129.17',
    ])
      expect(isForbiddenUrl(`${o}/x`), o).toBe(false)
    expect(isForbiddenAddress('fe80::1%eth0')).toBe(true)
    expect(isForbiddenAddress('::ffff:169.254.169.254')).toBe(true)
  })

  it('planProbes: the page’s site and allowed origins; others skipped; forbidden never, even allowed', () => {
    const t = (url: string) => ({ endpoint: `POST ${url}`, method: 'POST', url, suspect: true })
    const plan = planProbes(
      [
        t(`${PAGE}/a`),
        t('http://127.0.0.1:3001/b'),
        t('https://api.example.com/c'),
        t('http://169.254.169.254/d'),
      ],
      new Set([PAGE]),
      new Set(['https://api.example.com', 'http://169.254.169.254']),
    )
    expect(plan.targets.map((x) => x.url)).toEqual([`${PAGE}/a`, 'https://api.example.com/c'])
    expect([...plan.skipped]).toEqual([['http://127.0.0.1:3001', 1]])
    expect([...plan.forbidden]).toEqual([['http://169.254.169.254', 1]])
  })

  it('the CLI probes the page’s site only, lists what it skipped and why, and names every method', async () => {
    const file = capture([
      pageEntry(PAGE),
      wrong(`${PAGE}/api/items`),
      wrong('http://127.0.0.1:3001/api/other-port'),
      wrong('https://api.example.com/v1/orders'),
      ...FORBIDDEN_SPELLINGS.map((o) => wrong(`${o}/latest/meta-data/`)),
    ])
    const r = await run('analyze', file, '--json', '--probe')
    expect(new Set(r.sent.map((s) => s.split(' ')[1]))).toEqual(new Set([`${PAGE}/api/items`]))
    expect(r.sent[0]).toBe(`OPTIONS ${PAGE}/api/items`)
    expect(r.sent.every((s) => /^(OPTIONS|HEAD|GET) /.test(s))).toBe(true)
    // Where the requests go is named before the first one is sent.
    expect(r.err).toContain(
      `Probing 1 endpoint(s) on ${PAGE}; requests it may send: OPTIONS, HEAD, GET (no credentials`,
    )
    expect(r.err).toMatch(
      /not probed: 2 endpoint\(s\) on http:\/\/127\.0\.0\.1:3001, https:\/\/api\.example\.com, .*--probe-allow <origin>/,
    )
    expect(r.err).toMatch(
      /never probed: \d+ endpoint\(s\) on .*http:\/\/169\.254\.169\.254.*link-local or cloud-metadata/,
    )
    // Findings are still reported for every target, probed or not.
    expect((JSON.parse(r.out) as { findings: unknown[] }).findings.length).toBeGreaterThan(3)
  })

  it('--probe-allow adds one origin; --probe=options sends and names OPTIONS only', async () => {
    const file = capture([
      pageEntry(PAGE),
      wrong(`${PAGE}/a`),
      wrong('https://api.example.com/b'),
      wrong('http://127.0.0.1:3001/c'),
    ])
    const r = await run('analyze', file, '--probe=options', '--probe-allow', 'https://api.example.com/')
    expect(r.sent.sort()).toEqual([`OPTIONS ${PAGE}/a`, 'OPTIONS https://api.example.com/b'])
    expect(r.err).toContain(
      `Probing 2 endpoint(s) on ${PAGE}, https://api.example.com; requests it may send: OPTIONS (`,
    )
    expect(r.err).toMatch(/not probed: 1 endpoint\(s\) on http:\/\/127\.0\.0\.1:3001, where/)
    const both = await run(
      'analyze',
      file,
      '--probe=options',
      '--probe-allow=https://api.example.com',
      '--probe-allow',
      'http://127.0.0.1:3001',
    )
    expect(both.sent).toHaveLength(3)
    expect(both.err).not.toContain('not probed')
  })

  it('a capture without pages probes nothing unless told, and says so', async () => {
    const r = await run('analyze', capture([wrong(`${PAGE}/a`)]), '--probe')
    expect(r.sent).toEqual([])
    expect(r.err).toContain(`not probed: 1 endpoint(s) on ${PAGE}`)
    const allowed = await run('analyze', capture([wrong(`${PAGE}/a`)]), '--probe', '--probe-allow', PAGE)
    expect(allowed.sent.length).toBeGreaterThan(0)
  })

  it('--probe-allow refuses anything but an http(s) origin, and metadata hosts, with one clear line', async () => {
    for (const bad of [
      'api.example.com',
      'ftp://x.test',
      'https://x.test/path',
      'https://u:p@x.test',
      'https://x.test?q',
      'javascript:alert(1)',
      '',
    ])
      expect((await run('analyze', 'x.har', '--probe', '--probe-allow', bad)).err, bad).toMatch(
        /^method-doctor: --probe-allow needs an http\(s\) origin/,
      )
    for (const bad of FORBIDDEN_SPELLINGS) {
      const r = await run('analyze', 'x.har', '--probe', `--probe-allow=${bad}`)
      expect(r.code, bad).toBe(2)
      expect(r.err, bad).toContain('link-local and cloud-metadata addresses are never probed')
    }
    const esc = await run('analyze', 'x.har', '--probe-allow', 'http://x\u001b[31m.test/\u202e')
    expect(esc.code).toBe(2)
    expect(esc.err.includes('\u001b') || esc.err.includes('\u202e')).toBe(false)
  })

  it('--probe-allow without --probe is refused before the input is read, not silently ignored', async () => {
    const r = await run('analyze', 'missing.har', '--probe-allow', PAGE)
    expect(r.code).toBe(2)
    expect(r.err).toBe(
      'method-doctor: --probe-allow only widens where --probe may send requests, so it needs --probe too\n',
    )
    expect(r.sent).toEqual([])
  })

  it('service-worker answers are never probed and are only labelled as the worker’s; stderr says how many (en, vi)', async () => {
    const text = readFileSync(join(import.meta.dirname, '../fixtures/har/sw-firefox-gethar.har'), 'utf8')
    const file = join(mkdtempSync(join(tmpdir(), 'md-sw-')), 'sw.har')
    writeFileSync(file, text)
    const r = await run('analyze', file, '--json', '--probe')
    expect(r.sent.filter((s) => s.includes('/api/mocked') || s.includes('/api/passthrough'))).toEqual([])
    expect(r.sent.some((s) => s.endsWith('/api/direct'))).toBe(true)
    const findings = (JSON.parse(r.out) as { findings: { kind: string; request: { url: string } }[] })
      .findings
    const kindsAt = (path: string) =>
      findings.filter((f) => new URL(f.request.url).pathname === path).map((f) => f.kind)
    expect(kindsAt('/api/mocked')).toEqual(['service-worker-answer'])
    expect(r.err).toContain("2 response(s) came from the page's service worker, not the server")
    const vi = await run('analyze', file, '--probe', '--lang', 'vi')
    expect(vi.err).toContain('2 phản hồi đến từ service worker của trang')
    expect(vi.err).toContain('OPTIONS, HEAD, GET')
  })
})

describe('the Node fetch behind the probes checks the resolved address', () => {
  const resolverTo =
    (address: string, family = 4): Resolver =>
    (_host, _opts, cb) =>
      cb(null, [{ address, family }])
  const init = () => ({
    method: 'OPTIONS',
    credentials: 'omit' as const,
    redirect: 'manual' as const,
    cache: 'no-store' as const,
    signal: AbortSignal.timeout(2000),
    referrerPolicy: 'no-referrer' as const,
  })

  it('a name resolving to a metadata or link-local address is refused before connecting', async () => {
    for (const [address, family] of [
      ['169.254.169.254', 4],
      ['100.100.100.200', 4],
      ['fe80::1', 6],
      ['::ffff:169.254.169.254', 6],
      ['fd00:ec2::254', 6],
      ['fd20:ce::254', 6],
      ['64:ff9b:1:a9fe:a9:fe00::', 6],
      ['168.63.129.16', 4],
    ] as const)
      await expect(
        guardedFetch(resolverTo(address, family))('http://innocent.test:9/x', init()),
        address,
      ).rejects.toMatchObject({
        code: 'EFORBIDDEN',
      })
    await expect(guardedFetch(resolverTo('127.0.0.1'))('http://[fe80::1]:9/', init())).rejects.toMatchObject({
      code: 'EFORBIDDEN',
    })
  })

  it('a name resolving to loopback is probed over real HTTP: status and headers, no body, no cookies', async () => {
    const seen: { method?: string; cookie?: string }[] = []
    const server = createServer((req, res) => {
      seen.push({ method: req.method, cookie: req.headers.cookie })
      res.writeHead(204, { Allow: 'GET, HEAD' }).end()
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const port = (server.address() as AddressInfo).port
    try {
      const res = await guardedFetch(resolverTo('127.0.0.1'))(`http://dev.test:${port}/api`, init())
      expect(res.status).toBe(204)
      expect(res.headers.get('allow')).toBe('GET, HEAD')
      expect(seen).toEqual([{ method: 'OPTIONS', cookie: undefined }])
    } finally {
      await new Promise<void>((r) => server.close(() => r()))
    }
  })
})

describe('API-description downloads (--openapi) follow the same address rules', () => {
  const resolverTo =
    (address: string): Resolver =>
    (_host, _opts, cb) =>
      cb(null, [{ address, family: 4 }])
  const emptyEngine = () => new Engine()

  it('a typed URL or an auto location on a metadata address is refused, with a note, before connecting', async () => {
    let resolved = 0
    const resolver: Resolver = (host, opts, cb) => {
      resolved++
      resolverTo('169.254.169.254')(host, opts, cb)
    }
    const typed = await loadOpenApi(
      emptyEngine(),
      'http://metadata.test/openapi.json',
      [],
      undefined,
      guardedTextFetch(resolver),
    )
    expect(typed).toEqual([
      {
        id: 'cli_openapi_failed',
        params: {
          source: 'http://metadata.test/openapi.json',
          reason: expect.stringContaining('link-local'),
        },
      },
    ])
    expect(resolved).toBe(1)
    const literal = await loadOpenApi(
      emptyEngine(),
      'http://169.254.169.254/openapi.json',
      [],
      undefined,
      guardedTextFetch(resolver),
    )
    expect(literal[0]?.params.reason).toContain('link-local')
    // The literal is refused without even a lookup.
    expect(resolved).toBe(1)
  })

  it('a name resolving to loopback downloads the description over real HTTP', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/openapi.json')
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(
          JSON.stringify({
            openapi: '3.0.0',
            info: { title: 't', version: '1' },
            paths: { '/a': { get: {} } },
          }),
        )
      else res.writeHead(404).end()
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const port = (server.address() as AddressInfo).port
    try {
      const notes = await loadOpenApi(
        emptyEngine(),
        'auto',
        [`http://dev.test:${port}`],
        undefined,
        guardedTextFetch(resolverTo('127.0.0.1')),
      )
      expect(notes).toEqual([
        { id: 'cli_openapi_loaded', params: { source: `http://dev.test:${port}/openapi.json`, paths: '1' } },
      ])
    } finally {
      await new Promise<void>((r) => server.close(() => r()))
    }
  })
})
