import { beforeEach, describe, expect, it, vi } from 'vitest'
import { analyzeHar } from '../../src/core/analyze-har'
import { Engine, type ProbeTarget } from '../../src/core/engine'
import { RULES } from '../../src/core/rules'
import type { Finding, ProbeResult, ProbeStep } from '../../src/core/types'
import { entry, har, resetClock } from '../helpers/har'

const O = 'http://127.0.0.1:8405'
beforeEach(resetClock)

/** One answered probe step for the target (the time taken is not what these tests look at). */
function step(
  t: ProbeTarget,
  method: ProbeStep['method'],
  status: number,
  headers: Record<string, string> = {},
  extra: Partial<ProbeStep> = {},
): ProbeStep {
  return { method, url: t.url, outcome: 'answered', status, headers, durationMs: 1, ...extra }
}

/** The worker's answer for the target, made of these steps. */
function answer(t: ProbeTarget, ...steps: ProbeStep[]): ProbeResult {
  return { endpoint: t.endpoint, url: t.url, at: 1, steps }
}

function kinds(findings: Finding[]): string[] {
  return findings.map((f) => f.kind).sort()
}

function slash301(start = Date.parse('2026-11-25T10:00:00Z')) {
  return [
    entry({
      method: 'POST',
      url: `${O}/api/orders`,
      status: 301,
      redirectURL: '/api/orders/',
      start,
      resourceType: 'fetch',
    }),
    entry({
      method: 'GET',
      url: `${O}/api/orders/`,
      status: 405,
      headers: { Allow: 'POST, OPTIONS' },
      start: start + 3,
      resourceType: 'fetch',
    }),
  ]
}

describe('memory under a long capture (Preserve log)', () => {
  it('keeps only a window of plain successes, yet still recognises their getHAR() copies and links late redirects', () => {
    const engine = new Engine(8)
    const t0 = Date.parse('2026-11-25T10:00:00Z')
    const oks = Array.from({ length: 200 }, (_, i) =>
      entry({ method: 'GET', url: `${O}/api/things/${i}`, status: 200, start: t0 + i * 10 }),
    )
    for (const e of oks) expect(engine.add(e)).toBe(true)
    const kept = (engine as unknown as { intake: { byKey: Map<string, unknown[]> } }).intake.byKey.size
    expect(kept).toBeLessThanOrEqual(16)
    // A getHAR() listing every one of them again adds nothing.
    for (const e of oks) expect(engine.add(structuredClone(e), 'backfill', 1)).toBe(false)
    expect(engine.entries).toBe(200)
    // The 2xx traffic still settles a later wrong method on an old endpoint.
    engine.add(entry({ method: 'DELETE', url: `${O}/api/things/3`, status: 404, start: t0 + 5000 }))
    expect(engine.knownToExist(`${O}/api/things/3`, 'DELETE')).toBe(true)
    // A redirect whose plain-success follow-up arrived first (as Firefox can deliver them), with
    // more successes than the window in between, is still linked: the linker keeps its own refs.
    const engine2 = new Engine(8)
    engine2.add(
      entry({ method: 'GET', url: `${O}/thanks`, status: 200, start: t0 + 4, resourceType: 'document' }),
    )
    for (const e of oks.slice(0, 40)) engine2.add(structuredClone(e))
    engine2.add(
      entry({
        method: 'POST',
        url: `${O}/form/contact`,
        status: 303,
        redirectURL: '/thanks',
        start: t0,
        resourceType: 'document',
      }),
    )
    expect(kinds(engine2.findings())).toEqual(['post-redirect-get'])
  })
})

describe('redirect chains', () => {
  it('POST 301 → GET 405: a method change caused by a trailing-slash redirect', () => {
    const findings = analyzeHar(har(slash301()))
    expect(kinds(findings)).toEqual(['redirect-method-change', 'trailing-slash-redirect'])
    const f = findings.find((x) => x.kind === 'redirect-method-change')!
    expect(f.severity).toBe('error')
    expect(f.request).toEqual({ method: 'POST', url: `${O}/api/orders` })
    expect(f.chain.map((h) => `${h.method} ${h.status}`)).toEqual(['POST 301', 'GET 405'])
    expect(f.chain[0]!.location).toBe(`${O}/api/orders/`)
    expect(f.allowed.methods).toEqual(['POST', 'OPTIONS'])
    expect(f.evidence.map((e) => e.id)).toContain('ev_redirect_changed_method')
    // The corrected call keeps POST and goes straight to the final URL.
    expect(f.snippets.find((s) => s.lang === 'curl')!.code).toContain(`-X POST '${O}/api/orders/'`)
  })

  it('links hops that arrive out of order (Firefox delivers the GET before its 302)', () => {
    const [a, b] = slash301()
    const engine = new Engine()
    engine.add(b)
    expect(kinds(engine.findings())).toEqual(['wrong-method'])
    engine.add(a)
    expect(kinds(engine.findings())).toEqual(['redirect-method-change', 'trailing-slash-redirect'])
  })

  it('307 and 308 keep the method: no method-change finding', () => {
    for (const status of [307, 308]) {
      const findings = analyzeHar(
        har([
          entry({ method: 'POST', url: `${O}/api/v1/upload`, status, redirectURL: `${O}/api/v2/upload` }),
          entry({ method: 'POST', url: `${O}/api/v2/upload`, status: 201 }),
        ]),
      )
      expect(findings).toEqual([])
    }
  })

  it('303 after a form POST that ends in 200 is post-redirect-get (info), not an error', () => {
    const findings = analyzeHar(
      har([
        entry({
          method: 'POST',
          url: `${O}/form/contact`,
          status: 303,
          redirectURL: '/form/thanks',
          resourceType: 'document',
        }),
        entry({ method: 'GET', url: `${O}/form/thanks`, status: 200, resourceType: 'document' }),
      ]),
    )
    expect(findings.map((f) => [f.kind, f.severity])).toEqual([['post-redirect-get', 'info']])
  })

  it('303 turns PUT into GET; 301 keeps PUT (only POST is rewritten)', () => {
    const put303 = analyzeHar(
      har([
        entry({ method: 'PUT', url: `${O}/api/profile`, status: 303, redirectURL: '/api/profile/' }),
        entry({ method: 'GET', url: `${O}/api/profile/`, status: 405, headers: { Allow: 'PUT' } }),
      ]),
    )
    expect(kinds(put303)).toContain('redirect-method-change')
    const put301 = analyzeHar(
      har([
        entry({ method: 'PUT', url: `${O}/api/x`, status: 301, redirectURL: '/api/x/' }),
        entry({ method: 'PUT', url: `${O}/api/x/`, status: 405, headers: { Allow: 'GET' } }),
      ]),
    )
    expect(kinds(put301)).not.toContain('redirect-method-change')
    expect(kinds(put301)).toContain('wrong-method')
  })

  it('flags scheme and www redirects of writes, and ignores GET canonicalisation', () => {
    const https = analyzeHar(
      har([
        entry({
          method: 'POST',
          url: 'http://example.test/api/a',
          status: 301,
          redirectURL: 'https://www.example.test/api/a',
        }),
        entry({ method: 'GET', url: 'https://www.example.test/api/a', status: 200 }),
      ]),
    )
    const f = https.find((x) => x.kind === 'trailing-slash-redirect')!
    expect(f.evidence.map((e) => e.id)).toEqual(expect.arrayContaining(['ev_scheme_upgrade', 'ev_host_www']))
    const get = analyzeHar(
      har([
        entry({ method: 'GET', url: `${O}/docs`, status: 301, redirectURL: '/docs/' }),
        entry({ method: 'GET', url: `${O}/docs/`, status: 200 }),
      ]),
    )
    expect(get).toEqual([])
  })

  it('an unfinished redirect (redirect: manual, follow-up not captured) is still explained', () => {
    const findings = analyzeHar(
      har([entry({ method: 'POST', url: `${O}/api/orders`, status: 302, redirectURL: '/api/orders/' })]),
    )
    const f = findings.find((x) => x.kind === 'redirect-method-change')!
    expect(f.evidence.map((e) => e.id)).toContain('ev_next_hop_inferred')
  })

  it('survives redirect loops and very long chains', () => {
    const entries = []
    for (let i = 0; i < 1000; i++)
      entries.push(
        entry({ method: 'POST', url: `${O}/loop/${i}`, status: 307, redirectURL: `/loop/${i + 1}` }),
      )
    entries.push(
      entry({ method: 'POST', url: `${O}/a`, status: 307, redirectURL: '/b' }),
      entry({ method: 'POST', url: `${O}/b`, status: 307, redirectURL: '/a' }),
    )
    const engine = new Engine()
    for (const e of entries) engine.add(e)
    expect(() => engine.findings()).not.toThrow()
  })
})

describe('dedupe and grouping', () => {
  it('the same entry from getHAR() and onRequestFinished counts once', () => {
    const e = entry({ method: 'POST', url: `${O}/api/items`, status: 405, headers: { Allow: 'GET' } })
    const engine = new Engine()
    expect(engine.add(e, 'event')).toBe(true)
    expect(engine.add(structuredClone(e), 'backfill')).toBe(false)
    expect(engine.entries).toBe(1)
    expect(engine.findings()[0]!.count).toBe(1)
  })

  it('identical-looking requests from one source are all counted (Firefox times are whole ms)', () => {
    const e = entry({
      method: 'GET',
      url: `${O}/api/items`,
      status: 200,
      start: Date.parse('2026-11-25T10:00:05Z'),
    })
    const engine = new Engine()
    for (let i = 0; i < 3; i++) expect(engine.add(structuredClone(e), 'event')).toBe(true)
    // getHAR() then repeats all three: none is new, and a fourth identical one from getHAR is.
    for (let i = 0; i < 3; i++) expect(engine.add(structuredClone(e), 'backfill', 1)).toBe(false)
    expect(engine.add(structuredClone(e), 'backfill', 1)).toBe(true)
    expect(engine.entries).toBe(4)
    // A second getHAR() repeats all four: backfills are idempotent.
    for (let i = 0; i < 4; i++) expect(engine.add(structuredClone(e), 'backfill', 2)).toBe(false)
    expect(engine.entries).toBe(4)
  })

  it('an in-flight entry (status 0) is upgraded when the finished one arrives', () => {
    const start = Date.parse('2026-11-25T10:00:01Z')
    const inflight = entry({ method: 'POST', url: `${O}/api/items`, status: 0, start })
    const done = entry({
      method: 'POST',
      url: `${O}/api/items`,
      status: 405,
      headers: { Allow: 'GET' },
      start,
    })
    const engine = new Engine()
    engine.add(inflight, 'backfill')
    engine.add(done, 'event')
    expect(engine.entries).toBe(1)
    expect(engine.findings().map((f) => [f.kind, f.status])).toEqual([['wrong-method', 405]])
  })

  it('repeated failures of one endpoint are one finding with a count; distinct identical requests all count', () => {
    const start = Date.parse('2026-11-25T10:00:02Z')
    const engine = new Engine()
    for (let i = 0; i < 50; i++) {
      // Same millisecond, different durations: distinct requests, as in a burst.
      const e = entry({
        method: 'POST',
        url: `${O}/api/items?page=${i % 3}`,
        status: 405,
        headers: { Allow: 'GET' },
        start,
      })
      ;(e as { time: number }).time = 1 + i / 1000
      engine.add(e)
    }
    expect(engine.entries).toBe(50)
    const findings = engine.findings()
    expect(findings).toHaveLength(1)
    expect(findings[0]!.count).toBe(50)
  })

  it('Go/Gin 404 becomes a wrong-method finding when another method succeeded on the URL, in any order', () => {
    const gin404 = entry({
      method: 'POST',
      url: `${O}/items`,
      status: 404,
      headers: { 'Content-Type': 'text/plain' },
      body: '404 page not found',
    })
    const ok = entry({ method: 'GET', url: `${O}/items`, status: 200 })
    for (const order of [
      [gin404, ok],
      [ok, gin404],
    ]) {
      const engine = new Engine()
      for (const e of order) engine.add(e)
      expect(engine.findings().map((f) => [f.kind, f.severity])).toEqual([['wrong-method', 'error']])
    }
    // Alone, Gin's 404 may be a missing path: a warning until traffic or a probe settles it.
    expect(analyzeHar(har([gin404])).map((f) => f.severity)).toEqual(['warning'])
  })

  it('negatives stay silent: 200, 201, 204, 304, plain 404s of GET, aborted GETs', () => {
    const findings = analyzeHar(
      har([
        entry({ method: 'GET', url: `${O}/`, status: 200 }),
        entry({ method: 'POST', url: `${O}/api/echo`, status: 201 }),
        entry({ method: 'DELETE', url: `${O}/api/items/1`, status: 204 }),
        entry({ method: 'GET', url: `${O}/app.js`, status: 304 }),
        entry({ method: 'GET', url: `${O}/favicon.ico`, status: 404 }),
        entry({ method: 'GET', url: `${O}/api/nothing`, status: 404, body: '{"detail":"Not found."}' }),
        entry({ method: 'GET', url: `${O}/stream`, status: 0, error: 'net::ERR_ABORTED' }),
      ]),
    )
    expect(findings).toEqual([])
  })
})

describe('batch and incremental give the same findings', () => {
  it('any arrival order of a mixed capture yields the same findings', () => {
    const entries = [
      ...slash301(Date.parse('2026-11-25T10:00:00Z')),
      entry({
        method: 'POST',
        url: `${O}/api/items`,
        status: 405,
        headers: { Allow: 'GET, HEAD, OPTIONS' },
        start: Date.parse('2026-11-25T10:00:01Z'),
      }),
      entry({
        method: 'POST',
        url: `${O}/form/contact`,
        status: 303,
        redirectURL: '/form/thanks',
        start: Date.parse('2026-11-25T10:00:02Z'),
      }),
      entry({
        method: 'GET',
        url: `${O}/form/thanks`,
        status: 200,
        start: Date.parse('2026-11-25T10:00:02.005Z'),
      }),
      entry({
        method: 'DELETE',
        url: `${O}/api/files/42`,
        status: 405,
        headers: { Via: '1.1 demo-gateway' },
        start: Date.parse('2026-11-25T10:00:03Z'),
      }),
    ]
    const batch = analyzeHar(har(entries))
    let seed = 7
    for (let round = 0; round < 20; round++) {
      const shuffled = [...entries].sort(() => {
        seed = (seed * 48271) % 2147483647
        return seed / 2147483647 < 0.5 ? -1 : 1
      })
      const engine = new Engine()
      for (const e of shuffled) engine.add(e)
      expect(engine.findings().map(({ id, kind, count, chain }) => ({ id, kind, count, chain }))).toEqual(
        batch.map(({ id, kind, count, chain }) => ({ id, kind, count, chain })),
      )
    }
  })

  it('takeChanges reports upserts and removals as findings evolve', () => {
    const [a, b] = slash301()
    const engine = new Engine()
    engine.add(b)
    const first = engine.takeChanges()
    expect(first.upserts.map((f) => f.kind)).toEqual(['wrong-method'])
    engine.add(a)
    const second = engine.takeChanges()
    expect(second.removed).toEqual([first.upserts[0]!.id])
    expect(second.upserts.map((f) => f.kind).sort()).toEqual([
      'redirect-method-change',
      'trailing-slash-redirect',
    ])
  })
})

describe('probe results fold into findings', () => {
  it('an OPTIONS Allow that lists the refused method means a proxy blocked it', () => {
    const engine = new Engine()
    engine.add(
      entry({
        method: 'DELETE',
        url: `${O}/api/files/42`,
        status: 405,
        headers: { 'Content-Type': 'text/html' },
        body: '<h1>405</h1>',
      }),
    )
    expect(kinds(engine.findings())).toEqual(['missing-allow-header', 'wrong-method'])
    const [t] = engine.takeProbeTargets()
    expect(t).toMatchObject({ method: 'DELETE', url: `${O}/api/files/42`, suspect: true })
    engine.addProbe(answer(t!, step(t!, 'OPTIONS', 204, { allow: 'GET, PUT, PATCH, DELETE, OPTIONS' })))
    const f = engine.findings()
    expect(kinds(f)).toEqual(['blocked-by-proxy'])
    expect(f[0]!.allowed.sources.map((s) => s.source)).toEqual(['probe-allow'])
    expect(f[0]!.allowed.methods).toEqual(['GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])
  })

  it('a ladder that finds the path missing silences an Express-style 404', () => {
    const engine = new Engine()
    engine.add(
      entry({
        method: 'POST',
        url: `${O}/api/nope`,
        status: 404,
        headers: { 'X-Powered-By': 'Express' },
        body: '<pre>Cannot POST /api/nope</pre>',
      }),
    )
    expect(engine.findings().map((f) => f.severity)).toEqual(['warning'])
    const [t] = engine.takeProbeTargets()
    engine.addProbe(answer(t!, step(t!, 'OPTIONS', 404), step(t!, 'HEAD', 404), step(t!, 'GET', 404)))
    expect(engine.findings()).toEqual([])
  })

  it('a rejection whose own Allow lists the method is not blamed on a relay, whatever the probe says', () => {
    const engine = new Engine()
    engine.add(entry({ method: 'PUT', url: `${O}/api/odd`, status: 405, headers: { Allow: 'GET, PUT' } }))
    const [t] = engine.takeProbeTargets()
    engine.addProbe(answer(t!, step(t!, 'OPTIONS', 204, { allow: 'GET, PUT, OPTIONS' })))
    expect(kinds(engine.findings())).not.toContain('blocked-by-proxy')
  })

  it('unknown is said plainly when nothing names the methods', () => {
    const engine = new Engine()
    engine.add(entry({ method: 'POST', url: `${O}/api/reports`, status: 405 }))
    const [t] = engine.takeProbeTargets()
    engine.addProbe(answer(t!, step(t!, 'OPTIONS', 404)))
    const f = engine.findings().find((x) => x.kind === 'wrong-method')!
    expect(f.allowed.methods).toBeNull()
    expect(f.allowed.notes.map((n) => n.id)).toEqual(['note_options_unanswered', 'note_unknown'])
  })

  it('a redirected HEAD (opaque in a browser) is neither an allowed method nor proof the path exists', () => {
    const engine = new Engine()
    engine.add(entry({ method: 'POST', url: `${O}/api/reports`, status: 405 }))
    const [t] = engine.takeProbeTargets()
    engine.addProbe(
      answer(t!, step(t!, 'OPTIONS', 404), step(t!, 'HEAD', 0, {}, { reason: 'redirect-hidden' })),
    )
    const f = engine.findings().find((x) => x.kind === 'wrong-method')!
    expect(f.allowed.sources.map((s) => s.source)).not.toContain('head')
    expect(f.allowed.methods).toBeNull()
  })

  it('the CORS list is kept apart and never becomes the allowed methods', () => {
    const engine = new Engine()
    engine.add(entry({ method: 'PATCH', url: `${O}/api/x`, status: 405 }))
    const [t] = engine.takeProbeTargets()
    engine.addProbe(answer(t!, step(t!, 'OPTIONS', 204, { 'access-control-allow-methods': 'GET,PATCH' })))
    const f = engine.findings().find((x) => x.kind === 'wrong-method')!
    expect(f.allowed.methods).toBeNull()
    expect(f.allowed.sources).toEqual([
      { source: 'probe-cors', methods: ['GET', 'PATCH'], detail: 'OPTIONS 204' },
    ])
    expect(f.allowed.notes.map((n) => n.id)).toContain('note_cors_only')
  })
})

describe('CORS', () => {
  it('a rejected preflight and the failed request it guarded are one finding', () => {
    const findings = analyzeHar(
      har([
        entry({
          method: 'PUT',
          url: 'http://127.0.0.1:8406/api/settings',
          status: 0,
          requestHeaders: { Origin: O, 'Content-Type': 'application/json' },
          error: 'net::ERR_FAILED',
        }),
        entry({
          method: 'OPTIONS',
          url: 'http://127.0.0.1:8406/api/settings',
          status: 403,
          requestHeaders: { Origin: O, 'Access-Control-Request-Method': 'PUT' },
          headers: { 'x-amzn-ErrorType': 'MissingAuthenticationTokenException' },
        }),
      ]),
    )
    expect(findings.map((f) => [f.kind, f.request.method, f.count])).toEqual([
      ['cors-preflight-rejected', 'PUT', 2],
    ])
  })

  it('a preflight whose Access-Control-Allow-Methods lacks the method is rejected; one that lists it is fine', () => {
    const pre = (acam: string) =>
      entry({
        method: 'OPTIONS',
        url: 'http://api.test/x',
        status: 204,
        requestHeaders: { Origin: 'http://app.test', 'Access-Control-Request-Method': 'PUT' },
        headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': acam },
      })
    expect(analyzeHar(har([pre('GET,HEAD,POST')])).map((f) => f.kind)).toEqual(['cors-preflight-rejected'])
    expect(analyzeHar(har([pre('GET, PUT')]))).toEqual([])
  })

  it('a failed same-origin or simple request is not blamed on CORS', () => {
    expect(
      analyzeHar(har([entry({ method: 'PUT', url: `${O}/x`, status: 0, requestHeaders: { Origin: O } })])),
    ).toEqual([])
    expect(
      analyzeHar(
        har([entry({ method: 'GET', url: 'http://api.test/x', status: 0, requestHeaders: { Origin: O } })]),
      ),
    ).toEqual([])
  })
})

describe('review regressions', () => {
  it('after Clear the same endpoint is probed again', () => {
    const engine = new Engine()
    engine.add(entry({ method: 'POST', url: `${O}/api/items`, status: 405 }))
    expect(engine.takeProbeTargets()).toHaveLength(1)
    engine.clear()
    engine.add(entry({ method: 'POST', url: `${O}/api/items`, status: 405 }))
    expect(engine.takeProbeTargets()).toHaveLength(1)
  })

  it('a probe answer reaches a redirect-method-change finding, whatever the order', () => {
    const engine = new Engine()
    engine.add(entry({ method: 'POST', url: `${O}/a`, status: 302, redirectURL: '/b' }))
    engine.add(entry({ method: 'GET', url: `${O}/b`, status: 200 }))
    const [t] = engine.takeProbeTargets()
    expect(t?.url).toBe(`${O}/b`)
    engine.addProbe(answer(t!, step(t!, 'OPTIONS', 204, { allow: 'GET, POST, PUT' })))
    expect(engine.findings().find((f) => f.kind === 'redirect-method-change')!.allowed.methods).toEqual([
      'GET',
      'POST',
      'PUT',
    ])
  })

  it('an in-flight entry that finishes as a redirect is linked into its chain', () => {
    const start = Date.parse('2026-11-25T11:00:00Z')
    const engine = new Engine()
    engine.add(entry({ method: 'POST', url: `${O}/a`, status: 0, start }), 'backfill')
    engine.add(entry({ method: 'POST', url: `${O}/a`, status: 302, redirectURL: '/b', start }), 'event')
    engine.add(
      entry({ method: 'GET', url: `${O}/b`, status: 405, headers: { Allow: 'POST' }, start: start + 5 }),
    )
    expect(engine.findings().map((f) => `${f.kind} ${f.chain.length}`)).toEqual(['redirect-method-change 2'])
  })

  it('redirect loops never close into a cycle', () => {
    const engine = new Engine()
    engine.add(entry({ method: 'POST', url: `${O}/a`, status: 302, redirectURL: '/a' }))
    engine.add(entry({ method: 'GET', url: `${O}/a`, status: 302, redirectURL: '/a' }))
    const f = engine.findings().find((x) => x.kind === 'redirect-method-change')!
    expect(f.request.method).toBe('POST')
    expect(f.chain.map((h) => h.method)).toEqual(['POST', 'GET'])
  })

  it('a Location with a fragment links to its follow-up', () => {
    const findings = analyzeHar(
      har([
        entry({ method: 'POST', url: `${O}/form`, status: 303, redirectURL: '/#/done' }),
        entry({ method: 'GET', url: `${O}/`, status: 200 }),
      ]),
    )
    expect(findings.map((f) => [f.kind, f.severity])).toEqual([['post-redirect-get', 'info']])
  })

  it('an unrelated request to the redirect target is not taken for the follow-up', () => {
    const findings = analyzeHar(
      har([
        entry({ method: 'POST', url: `${O}/a`, status: 307, redirectURL: '/b' }),
        entry({ method: 'GET', url: `${O}/b`, status: 200 }),
        entry({ method: 'POST', url: `${O}/b`, status: 201 }),
      ]),
    )
    expect(findings).toEqual([])
  })

  it('the trailing-slash snippet calls the canonical URL', () => {
    const [f] = analyzeHar(
      har([entry({ method: 'POST', url: `${O}/api/items`, status: 308, redirectURL: '/api/items/' })]),
    )
    expect(f!.snippets[0]!.code).toContain(`'${O}/api/items/'`)
  })

  it('a storm of 5,000 identical failures keeps a bounded set live and counts every one', () => {
    const engine = new Engine()
    for (let i = 0; i < 5000; i++) {
      const e = entry({ method: 'POST', url: `${O}/api/storm`, status: 405, body: 'x'.repeat(1000) })
      ;(e as { time: number }).time = i
      engine.add(e)
    }
    const [f] = engine.findings()
    expect(f!.count).toBe(5000)
    // Work, not wall time: a success on that URL re-checks only the live chains, not all 5,000.
    const rule = RULES.find((r) => r.kind === 'wrong-method')!
    const spy = vi.spyOn(rule, 'evaluate')
    engine.add(entry({ method: 'GET', url: `${O}/api/storm`, status: 200 }))
    expect(spy.mock.calls.length).toBeGreaterThan(0)
    expect(spy.mock.calls.length).toBeLessThanOrEqual(60)
    spy.mockRestore()
    expect(engine.findings()[0]!.count).toBe(5000)
  })
})

describe('which failures may get the safe HEAD/GET steps', () => {
  const suspectOf = (e: Record<string, unknown>) => {
    const engine = new Engine()
    engine.add(e)
    return engine.takeProbeTargets()[0]?.suspect
  }
  const O2 = 'http://127.0.0.1:8405'
  it('a 404 in disguise, a 405 or 501 without Allow, a 403 from an edge: yes', () => {
    expect(suspectOf(entry({ method: 'POST', url: `${O2}/a`, status: 404, body: 'Cannot POST /a' }))).toBe(
      true,
    )
    expect(suspectOf(entry({ method: 'PUT', url: `${O2}/b`, status: 405 }))).toBe(true)
    expect(suspectOf(entry({ method: 'PATCH', url: `${O2}/c`, status: 501 }))).toBe(true)
    expect(
      suspectOf(entry({ method: 'DELETE', url: `${O2}/d`, status: 403, headers: { Server: 'awselb/2.0' } })),
    ).toBe(true)
  })
  it('a 405 with Allow, or a 403 from the application: OPTIONS only', () => {
    expect(suspectOf(entry({ method: 'POST', url: `${O2}/e`, status: 405, headers: { Allow: 'GET' } }))).toBe(
      false,
    )
    const app403 = suspectOf(
      entry({
        method: 'DELETE',
        url: `${O2}/f`,
        status: 403,
        headers: { 'Content-Type': 'application/json' },
      }),
    )
    expect(app403 === undefined || app403 === false).toBe(true)
  })
})
