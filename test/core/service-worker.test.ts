// Answers the page's own service worker made up are not the server's: recorded in real Chromium
// (DevTools getHAR and Playwright's recordHar, e2e/service-worker.spec.ts) and real firefox-esr
// (the toolbox's getHAR) from the same loopback page, whose worker answers POST /api/mocked with a
// bare 405, passes POST /api/passthrough on to the network and leaves POST /api/direct alone.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Engine } from '../../src/core/engine'
import { answeredByServiceWorker, harEntries } from '../../src/core/har'
import type { ProbeResult } from '../../src/core/types'
import { entry } from '../helpers/har'

const DIR = join(import.meta.dirname, '../fixtures/har')
const read = (f: string): Record<string, unknown>[] =>
  harEntries(JSON.parse(readFileSync(join(DIR, f), 'utf8'))) as Record<string, unknown>[]
const name = (e: Record<string, unknown>): string => {
  const r = e.request as { method: string; url: string }
  return `${r.method} ${new URL(r.url).pathname}`
}
const SW_FIXTURES = ['sw-devtools-gethar.har', 'sw-firefox-gethar.har', 'sw-playwright.har']

describe('which entries the page’s service worker answered', () => {
  it.each(SW_FIXTURES)('%s: the mocked and the passed-on answer to the page, nothing else', (f) => {
    expect(read(f).filter(answeredByServiceWorker).map(name)).toEqual([
      'POST /api/mocked',
      'POST /api/passthrough',
    ])
  })

  it('no entry of the other real captures (Chrome, Firefox, Playwright) is taken for one', () => {
    const others = readdirSync(DIR).filter((f) => f.endsWith('.har') && !SW_FIXTURES.includes(f))
    expect(others.length).toBeGreaterThanOrEqual(3)
    for (const f of others) expect(read(f).filter(answeredByServiceWorker).map(name), f).toEqual([])
  })

  it('the shape rules are narrow: one field off and it is the server’s answer again', () => {
    const ff = read('sw-firefox-gethar.har').find((e) => name(e) === 'POST /api/mocked')!
    const pw = read('sw-playwright.har').find((e) => name(e) === 'POST /api/mocked')!
    expect(answeredByServiceWorker(ff)).toBe(true)
    expect(answeredByServiceWorker(pw)).toBe(true)
    const variants: [string, Record<string, unknown>][] = [
      ['firefox with a server address', { ...ff, serverIPAddress: '127.0.0.1' }],
      ['firefox with a connection', { ...ff, connection: '8407' }],
      ['firefox taking time', { ...ff, time: 1 }],
      ['firefox waiting', { ...ff, timings: { ...(ff.timings as object), wait: 1 } }],
      ['firefox without timings', { ...ff, timings: {} }],
      ['firefox, no response (status 0)', { ...ff, response: { ...(ff.response as object), status: 0 } }],
      ['a proxy export (no _securityState)', { ...ff, _securityState: undefined }],
      ['playwright with a server address', { ...pw, serverIPAddress: '127.0.0.1' }],
      [
        'playwright with bytes transferred',
        { ...pw, response: { ...(pw.response as object), _transferSize: 9 } },
      ],
      [
        'chrome says no',
        { ...pw, response: { ...(pw.response as object), _fetchedViaServiceWorker: false } },
      ],
      ['a test helper entry', entry({ method: 'POST', url: 'http://127.0.0.1:1/x', status: 405 })],
    ]
    for (const [what, e] of variants) expect(answeredByServiceWorker(e), what).toBe(false)
    // The flag is honoured wherever a tool puts it.
    expect(
      answeredByServiceWorker({
        ...entry({ method: 'POST', url: 'http://h/x', status: 405 }),
        _fetchedViaServiceWorker: true,
      }),
    ).toBe(true)
  })
})

describe('the engine and service-worker answers', () => {
  it.each(SW_FIXTURES)(
    '%s: the mock is only labelled as the worker’s answer, never probed; the server’s own 405 is still diagnosed and probed',
    (f) => {
      const engine = new Engine()
      for (const e of read(f)) engine.add(e)
      const paths = (urls: string[]) => [...new Set(urls.map((u) => new URL(u).pathname))].sort()
      const all = engine.findings()
      // What the worker answered is labelled as such, as information, and blamed on nobody.
      const labelled = all.filter((x) => x.kind === 'service-worker-answer')
      expect(labelled.every((x) => x.severity === 'info')).toBe(true)
      expect(paths(labelled.map((x) => x.request.url))).toContain('/api/mocked')
      const findings = paths(all.filter((x) => x.kind !== 'service-worker-answer').map((x) => x.request.url))
      const targets = paths(engine.takeProbeTargets().map((t) => t.url))
      expect(findings).not.toContain('/api/mocked')
      expect(targets).not.toContain('/api/mocked')
      expect(findings).toContain('/api/direct')
      expect(targets).toContain('/api/direct')
      expect(engine.serviceWorkerAnswers).toBe(2)
      // Chromium and Playwright list the worker's own fetch: the server's real 405, diagnosed.
      expect(findings.includes('/api/passthrough')).toBe(f !== 'sw-firefox-gethar.har')
    },
  )

  // CI caught it: the page's flagged copy and the worker's own fetch started in the same
  // millisecond, so the worker's fetch was taken for a getHAR() copy of the page's and dropped.
  it.each([
    ['page copy first', false],
    ['worker fetch first', true],
  ])(
    'the worker’s own fetch in the same millisecond as the page’s copy is still diagnosed (%s)',
    (_, reversed) => {
      const both = read('sw-devtools-gethar.har').filter((e) => name(e) === 'POST /api/passthrough')
      expect(both).toHaveLength(2)
      const started = (both[0] as { startedDateTime: string }).startedDateTime
      const same = both.map((e) => ({ ...e, startedDateTime: started }))
      const [page, worker] = [
        same.find(answeredByServiceWorker)!,
        same.find((e) => !answeredByServiceWorker(e))!,
      ]
      const engine = new Engine()
      // Live capture saw the page's copy; a later getHAR() round lists both.
      engine.add(page, 'event')
      for (const e of reversed ? [worker, page] : [page, worker]) engine.add(e, 'backfill', 1)
      expect([...new Set(engine.findings().map((f) => new URL(f.request.url).pathname))]).toEqual([
        '/api/passthrough',
      ])
      expect(engine.serviceWorkerAnswers).toBe(1)
    },
  )

  it('a success the worker made up is not evidence that the server implements the method', () => {
    const sw = read('sw-devtools-gethar.har').find((e) => name(e) === 'POST /api/mocked')!
    const mockedGet = {
      ...sw,
      request: { ...(sw.request as object), method: 'GET', url: 'http://127.0.0.1:8407/api/thing' },
      response: { ...(sw.response as object), status: 200 },
    }
    const engine = new Engine()
    engine.add(mockedGet)
    expect(engine.knownToExist('http://127.0.0.1:8407/api/thing', 'POST')).toBe(false)
    engine.add(entry({ method: 'POST', url: 'http://127.0.0.1:8407/api/thing', status: 405 }))
    const [f] = engine.findings()
    expect(f!.allowed.sources.map((s) => s.source)).not.toContain('traffic')
    // The same GET from the server counts.
    engine.add(entry({ method: 'GET', url: 'http://127.0.0.1:8407/api/thing', status: 200 }))
    expect(engine.knownToExist('http://127.0.0.1:8407/api/thing', 'POST')).toBe(true)
  })

  it('a redirect the worker made up does not blame the server for a method change', () => {
    const sw = read('sw-devtools-gethar.har').find((e) => name(e) === 'POST /api/mocked')!
    const redirect = {
      ...sw,
      response: {
        ...(sw.response as object),
        status: 302,
        redirectURL: '/api/landing',
        headers: [{ name: 'Location', value: '/api/landing' }],
      },
    }
    const engine = new Engine()
    engine.add(redirect)
    engine.add(entry({ method: 'GET', url: 'http://127.0.0.1:8407/api/landing', status: 200 }))
    expect(engine.findings().map((f) => [f.kind, f.severity])).toEqual([['service-worker-answer', 'info']])
    expect(engine.takeProbeTargets()).toEqual([])
  })

  it('a probe answer for the endpoint changes nothing for the mock', () => {
    const engine = new Engine()
    for (const e of read('sw-playwright.har')) engine.add(e)
    const probe: ProbeResult = {
      endpoint: 'POST http://127.0.0.1:8407/api/mocked',
      url: 'http://127.0.0.1:8407/api/mocked',
      at: 0,
      steps: [
        {
          method: 'OPTIONS',
          url: 'http://127.0.0.1:8407/api/mocked',
          outcome: 'answered',
          status: 204,
          headers: { allow: 'GET' },
          durationMs: 1,
        },
      ],
    }
    const before = engine.findings().filter((f) => new URL(f.request.url).pathname === '/api/mocked')
    expect(before.map((f) => f.kind)).toEqual(['service-worker-answer'])
    engine.addProbe(probe)
    const after = engine.findings().filter((f) => new URL(f.request.url).pathname === '/api/mocked')
    expect(after).toEqual(before)
  })
})
