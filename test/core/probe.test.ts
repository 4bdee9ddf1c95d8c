import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nextStep, pathVerdict } from '../../src/core/probe/ladder'
import { runLadder } from '../../src/core/probe/run-ladder'
import { DEFAULT_LIMITS, OriginBudget, ProbeScheduler } from '../../src/core/probe/scheduler'
import { PROBE_TIMEOUT_MS, type ProbeFetch, probeStep } from '../../src/core/probe/send-step'
import type { ProbeStep } from '../../src/core/types'

const step = (
  method: ProbeStep['method'],
  status: number,
  headers: Record<string, string> = {},
  outcome: ProbeStep['outcome'] = 'answered',
): ProbeStep => ({
  method,
  url: 'http://x/y',
  outcome,
  status,
  headers,
  durationMs: 1,
})

describe('discovery ladder decision table', () => {
  const suspect = { method: 'POST', suspect: true, knownToExist: false }
  it.each([
    ['nothing sent yet → OPTIONS', suspect, [], 'full', 'OPTIONS'],
    [
      'OPTIONS named the methods → stop',
      suspect,
      [step('OPTIONS', 200, { allow: 'GET, HEAD' })],
      'full',
      null,
    ],
    ['OPTIONS 404 → HEAD', suspect, [step('OPTIONS', 404)], 'full', 'HEAD'],
    ['OPTIONS 405 without Allow → HEAD', suspect, [step('OPTIONS', 405)], 'full', 'HEAD'],
    ['OPTIONS network error → HEAD', suspect, [step('OPTIONS', 0, {}, 'network-error')], 'full', 'HEAD'],
    [
      'OPTIONS timed out → stop (a hanging server gets no more)',
      suspect,
      [step('OPTIONS', 0, {}, 'timeout')],
      'full',
      null,
    ],
    ['HEAD 200 → path exists, stop', suspect, [step('OPTIONS', 404), step('HEAD', 200)], 'full', null],
    ['HEAD 405 → path exists, stop', suspect, [step('OPTIONS', 404), step('HEAD', 405)], 'full', null],
    [
      'HEAD 404 → GET (routers without HEAD routes)',
      suspect,
      [step('OPTIONS', 404), step('HEAD', 404)],
      'full',
      'GET',
    ],
    [
      'GET answered → stop',
      suspect,
      [step('OPTIONS', 404), step('HEAD', 404), step('GET', 404)],
      'full',
      null,
    ],
    ['options-only mode never goes further', suspect, [step('OPTIONS', 404)], 'options', null],
    [
      'not a wrong-method suspect → OPTIONS only',
      { ...suspect, suspect: false },
      [step('OPTIONS', 404)],
      'full',
      null,
    ],
    [
      'traffic already proved the path exists → a suspect sends nothing at all',
      { ...suspect, knownToExist: true },
      [],
      'full',
      null,
    ],
    [
      'traffic proved the path exists, not a suspect (a 405 with Allow) → OPTIONS still asked',
      { ...suspect, suspect: false, knownToExist: true },
      [],
      'full',
      'OPTIONS',
    ],
    [
      'never the original method: a HEAD suspect skips HEAD',
      { ...suspect, method: 'HEAD' },
      [step('OPTIONS', 404)],
      'full',
      'GET',
    ],
    [
      'never the original method: a GET suspect gets no GET',
      { ...suspect, method: 'GET' },
      [step('OPTIONS', 404), step('HEAD', 404)],
      'full',
      null,
    ],
  ] as const)('%s', (_name, target, steps, mode, want) => {
    expect(nextStep(target, steps, mode)).toBe(want)
  })

  it('verdicts', () => {
    expect(pathVerdict([step('OPTIONS', 404), step('HEAD', 200)])).toBe('exists')
    expect(pathVerdict([step('OPTIONS', 404), step('HEAD', 404), step('GET', 404)])).toBe('missing')
    expect(pathVerdict([step('OPTIONS', 404)])).toBe('unknown')
    // A redirect is reported, not followed: it proves nothing about the path or the method.
    expect(pathVerdict([step('OPTIONS', 404), step('HEAD', 0)])).toBe('unknown')
    expect(pathVerdict([step('OPTIONS', 404), step('HEAD', 301, { location: '/y/' })])).toBe('unknown')
  })

  it('a redirected HEAD ends the ladder (no GET)', () => {
    expect(nextStep(suspect, [step('OPTIONS', 404), step('HEAD', 0)], 'full')).toBeNull()
    expect(nextStep(suspect, [step('OPTIONS', 404), step('HEAD', 308)], 'full')).toBeNull()
  })
})

describe('limits', () => {
  it('at most N requests per origin per minute, sliding window', () => {
    let now = 0
    const b = new OriginBudget(10, () => now)
    for (let i = 0; i < 10; i++) {
      expect(b.waitFor('http://a')).toBe(0)
      b.take('http://a')
      now += 1000
    }
    expect(b.waitFor('http://a')).toBe(60_000 - 10_000)
    expect(b.waitFor('http://b')).toBe(0)
    now = 60_001
    expect(b.waitFor('http://a')).toBe(0)
  })

  it('one probe per endpoint: joined while in flight, cached for the window, then fresh', async () => {
    let now = 0
    const s = new ProbeScheduler(
      { maxInFlight: 4, perOriginPerMinute: 10, cacheMs: 60_000, maxQueueMs: 60_000 },
      { now: () => now, sleep: async () => undefined },
    )
    let runs = 0
    const work = async () => {
      runs++
      return { endpoint: 'e', url: 'u', at: now, steps: [step('OPTIONS', 204, { allow: 'GET' })] }
    }
    await Promise.all(Array.from({ length: 500 }, () => s.run('e', work)))
    expect(runs).toBe(1)
    now += 59_000
    await s.run('e', work)
    expect(runs).toBe(1)
    now += 2_000
    await s.run('e', work)
    expect(runs).toBe(2)
    // An answer that sent nothing (settled by one capture's traffic) is never reused for another.
    const nothing = async () => {
      runs++
      return { endpoint: 'n', url: 'u', at: now, steps: [] }
    }
    await s.run('n', nothing)
    await s.run('n', nothing)
    expect(runs).toBe(4)
  })

  it('several probes waiting for the per-origin budget all get their turn, without overspending it', async () => {
    let now = 0
    const s = new ProbeScheduler(
      { maxInFlight: 10, perOriginPerMinute: 10, cacheMs: 60_000, maxQueueMs: 60_000 },
      {
        now: () => now,
        sleep: async (ms) => {
          now += ms
        },
      },
    )
    for (let i = 0; i < 10; i++) expect(await s.acquire('http://a')).toBe(true)
    const granted = await Promise.all([s.acquire('http://a'), s.acquire('http://a'), s.acquire('http://a')])
    expect(granted).toEqual([true, true, true])
    const tight = new ProbeScheduler(
      { maxInFlight: 1, perOriginPerMinute: 1, cacheMs: 1, maxQueueMs: 10 },
      { now: () => 0, sleep: async () => undefined },
    )
    expect(await tight.acquire('http://b')).toBe(true)
    expect(await tight.acquire('http://b')).toBe(false)
  })

  it('never more than maxInFlight at once', async () => {
    const s = new ProbeScheduler(
      { maxInFlight: 4, perOriginPerMinute: 100, cacheMs: 1, maxQueueMs: 1 },
      { now: () => 0, sleep: async () => undefined },
    )
    let active = 0
    let peak = 0
    const work = (i: number) => async () => {
      active++
      peak = Math.max(peak, active)
      await new Promise((r) => setTimeout(r, 5))
      active--
      return { endpoint: String(i), url: 'u', at: 0, steps: [] }
    }
    await Promise.all(Array.from({ length: 20 }, (_, i) => s.run(String(i), work(i))))
    expect(peak).toBe(4)
  })
})

describe('probe requests over real HTTP', () => {
  let server: Server
  let origin = ''
  const seen: { method: string; url: string; cookie?: string }[] = []
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', cookie: req.headers.cookie })
      if (req.url === '/hang') return
      if (req.url === '/redirect') {
        res.writeHead(301, { Location: '/elsewhere' })
        return res.end()
      }
      if (req.url === '/gin' && req.method !== 'GET') {
        res.writeHead(404, { 'Content-Type': 'text/plain' })
        return res.end('404 page not found')
      }
      if (req.url === '/gin') {
        res.writeHead(200, { 'Content-Type': 'text/plain' })
        return res.end('x'.repeat(100_000))
      }
      res.writeHead(204, { Allow: 'GET, POST', Server: 'test' })
      res.end()
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => {
    server.closeAllConnections()
    server.close()
  })

  const nodeFetch: ProbeFetch = (url, init) => fetch(url, init)
  const opts = { timeoutMs: 300, now: () => Date.now() }

  it('reports Allow and fingerprint headers; a redirect is reported, not followed', async () => {
    const ok = await probeStep(nodeFetch, 'OPTIONS', `${origin}/items`, opts)
    expect(ok).toMatchObject({
      outcome: 'answered',
      status: 204,
      headers: { allow: 'GET, POST', server: 'test' },
    })
    const before = seen.length
    const redirect = await probeStep(nodeFetch, 'OPTIONS', `${origin}/redirect`, opts)
    expect(redirect).toMatchObject({ status: 301, location: '/elsewhere' })
    expect(seen.slice(before).map((s) => s.url)).toEqual(['/redirect'])
  })

  it('a hanging server times out without blocking another probe', async () => {
    const [hang, ok] = await Promise.all([
      probeStep(nodeFetch, 'OPTIONS', `${origin}/hang`, opts),
      probeStep(nodeFetch, 'OPTIONS', `${origin}/items`, opts),
    ])
    expect(hang.outcome).toBe('timeout')
    expect(ok.outcome).toBe('answered')
    const dead = await probeStep(nodeFetch, 'OPTIONS', 'http://127.0.0.1:9/', opts)
    expect(dead.outcome).toBe('network-error')
  })

  it('the ladder on a Gin-like route sends exactly OPTIONS, HEAD, GET and never the original method', async () => {
    const scheduler = new ProbeScheduler(
      { maxInFlight: 4, perOriginPerMinute: 10, cacheMs: 60_000, maxQueueMs: 10 },
      { now: () => Date.now(), sleep: async () => undefined },
    )
    const before = seen.length
    const result = await runLadder(
      {
        endpoint: `POST ${origin}/gin`,
        url: `${origin}/gin`,
        method: 'POST',
        suspect: true,
        knownToExist: false,
      },
      { fetch: nodeFetch, scheduler, now: () => Date.now(), timeoutMs: 1000, mode: 'full' },
    )
    expect(result.steps.map((s) => `${s.method} ${s.status}`)).toEqual(['OPTIONS 404', 'HEAD 404', 'GET 200'])
    expect(seen.slice(before).map((s) => s.method)).toEqual(['OPTIONS', 'HEAD', 'GET'])
    expect(seen.slice(before).every((s) => s.cookie === undefined)).toBe(true)
    expect(pathVerdict(result.steps)).toBe('exists')
  })
})

describe('a changed cookie choice', () => {
  it('stops a ladder before its next request, sends nothing more, and is not cached', async () => {
    const scheduler = new ProbeScheduler(
      { maxInFlight: 4, perOriginPerMinute: 10, cacheMs: 60_000, maxQueueMs: 10 },
      { now: () => Date.now(), sleep: async () => undefined },
    )
    const sent: string[] = []
    const fake: ProbeFetch = async (_url, init) => {
      sent.push(`${init.method} ${init.credentials}`)
      return { status: 404, headers: { get: () => null } }
    }
    let unchanged = true
    const req = {
      endpoint: 'POST http://a.test/x',
      url: 'http://a.test/x',
      method: 'POST',
      suspect: true,
      knownToExist: false,
    }
    const deps = {
      fetch: fake,
      scheduler,
      now: () => 0,
      timeoutMs: 1000,
      mode: 'full' as const,
      withCredentials: true,
      // The user unticks after the OPTIONS went out.
      choiceUnchanged: async () => {
        const now = unchanged
        unchanged = false
        return now
      },
    }
    const r = await runLadder(req, deps)
    expect(sent).toEqual(['OPTIONS include'])
    expect(r.steps.map((s) => `${s.method} ${s.outcome} ${s.reason ?? ''}`)).toEqual([
      'OPTIONS answered ',
      'HEAD refused credentials-changed',
    ])
    expect(scheduler.cached('POST http://a.test/x +credentials')).toBeUndefined()
  })
})

describe('what a probe request carries', () => {
  it('no credentials, manual redirects, no cache, no referrer, a 5 s timeout; the body is never read', async () => {
    expect(PROBE_TIMEOUT_MS).toBe(5000)
    const seen: Parameters<ProbeFetch>[1][] = []
    let cancelled = 0
    let read = 0
    const fake: ProbeFetch = async (_url, init) => {
      seen.push(init)
      return {
        status: 200,
        headers: { get: (n: string) => (n === 'allow' ? 'GET' : null) },
        body: {
          cancel: async () => {
            cancelled++
          },
          getReader: () => {
            read++
            throw new Error('must not read')
          },
        } as unknown as { cancel(): Promise<void> },
      }
    }
    const step = await probeStep(fake, 'GET', 'http://x.test/a', {
      timeoutMs: PROBE_TIMEOUT_MS,
      now: () => 0,
    })
    expect(step.outcome).toBe('answered')
    expect(seen[0]).toMatchObject({
      method: 'GET',
      credentials: 'omit',
      redirect: 'manual',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    })
    expect(cancelled).toBe(1)
    expect(read).toBe(0)
  })
})

describe('scheduler snapshots', () => {
  it('a restored snapshot keeps the spent budget and the cached answers, and drops what expired', async () => {
    let now = 1_000_000
    const deps = { now: () => now, sleep: async () => undefined }
    const a = new ProbeScheduler({ ...DEFAULT_LIMITS, maxQueueMs: 0 }, deps)
    for (let i = 0; i < 10; i++) expect(await a.acquire('http://o')).toBe(true)
    const result = { endpoint: 'POST http://o/x', url: 'http://o/x', at: now, steps: [step('OPTIONS', 204)] }
    await a.run('POST http://o/x', async () => result)
    const snap = JSON.parse(JSON.stringify(a.snapshot()))
    const b = new ProbeScheduler({ ...DEFAULT_LIMITS, maxQueueMs: 0 }, deps)
    b.restore(snap)
    expect(await b.acquire('http://o')).toBe(false)
    expect(b.cached('POST http://o/x')).toEqual(result)
    now += 61_000
    const c = new ProbeScheduler({ ...DEFAULT_LIMITS, maxQueueMs: 0 }, deps)
    c.restore(snap)
    expect(await c.acquire('http://o')).toBe(true)
    expect(c.cached('POST http://o/x')).toBeUndefined()
  })
})

describe('a snapshot from a clock that went back', () => {
  it('drops sends and answers dated after now instead of holding the budget', async () => {
    const now = 1_000_000
    const deps = { now: () => now, sleep: async () => undefined }
    const s = new ProbeScheduler({ ...DEFAULT_LIMITS, maxQueueMs: 0 }, deps)
    s.restore({
      sent: { 'http://o': Array.from({ length: 10 }, () => now + 3_600_000) },
      cache: {
        e: { at: now + 3_600_000, result: { endpoint: 'e', url: 'u', at: 0, steps: [step('OPTIONS', 204)] } },
      },
    })
    expect(await s.acquire('http://o')).toBe(true)
    expect(s.cached('e')).toBeUndefined()
  })
})
