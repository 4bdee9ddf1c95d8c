/**
 * The long-session workload: entries generated one at a time (never a file) on ever-new URLs, as a
 * dashboard left open with Preserve log on would send them. Mostly plain GET 200s on new paths;
 * about 1 % failing writes at endpoints whose GET succeeded earlier (some only just before, some
 * long before, beyond the engine's exact memory of endpoints), redirects, CORS preflights and
 * DELETEs of things already gone. Failures are shaped like a session's: 8 % open a new failing
 * endpoint (about 800 over 1M entries), a few chronic ones (a polling write that keeps failing)
 * take 60 % of the rest, the others fail again now and then. Seeded: the same entries on every
 * machine.
 */
import { entryBuilder } from '../../dev/har-entry'
import { Rng } from '../workloads/rng'

export const ORIGIN = 'http://127.0.0.1:8405'

/** How a failing endpoint fails: the same way every time, as a real route does. */
export interface FailShape {
  method: string
  status: number
  /** The Allow header of its 405, when it sends one. */
  allow?: string
}

const SHAPES: readonly FailShape[] = [
  // A 404 with nothing in it: only traffic at the endpoint shows the path exists.
  { method: 'POST', status: 404 },
  { method: 'POST', status: 405, allow: 'GET, HEAD' },
  { method: 'PUT', status: 405 },
  { method: 'DELETE', status: 404 },
]

export interface FailingEndpoint extends FailShape {
  /** Origin and path. */
  endpoint: string
  /** The entry number of the GET 200 that showed the path exists. */
  getAt: number
  /** The entry number of its first failure. */
  firstFailAt: number
  failures: number
}

export interface LongOptions {
  entries: number
  seed?: number
  /** A failure's first time at its endpoint comes this many entries after the GET, at least (aged). */
  agedBack?: [number, number]
  /** The same, for a failure soon after its GET (still remembered exactly). */
  recentBack?: [number, number]
  /** Share of failures that open a new failing endpoint; the rest hit one that failed before. */
  newShare?: number
  /** The first failing endpoints are chronic (a polling write that keeps failing)... */
  hotCount?: number
  /** ...and take this share of the repeated failures; the others share the rest evenly. */
  hotShare?: number
}

const T0 = Date.parse('2026-11-25T08:00:00.000Z')

/**
 * Plain GET entries are numbered by position; a failing endpoint is the path of an earlier plain
 * GET. `failing` fills in as the generator runs.
 */
export class LongWorkload {
  readonly failing = new Map<string, FailingEndpoint>()
  private readonly order: FailingEndpoint[] = []
  private readonly plain: Uint8Array
  private readonly rng: Rng
  private readonly build = entryBuilder({ startsAt: T0, stepMs: 10, durationMs: 5 })
  private readonly opts: Required<LongOptions>
  /** Entries emitted so far. */
  count = 0

  constructor(opts: LongOptions) {
    this.opts = {
      seed: 1_000_405,
      agedBack: [150_000, 400_000],
      recentBack: [100, 20_000],
      newShare: 0.08,
      hotCount: 6,
      hotShare: 0.6,
      ...opts,
    }
    this.plain = new Uint8Array(opts.entries)
    this.rng = new Rng(this.opts.seed)
  }

  /** The next entries: one, or two for a redirect or a preflight with its call. */
  next(): Record<string, unknown>[] {
    const i = this.count
    const r = this.rng.next()
    let out: Record<string, unknown>[]
    if (r < 0.01 && i > this.opts.recentBack[1]) out = [this.failure(i)]
    else if (r < 0.015 && i + 1 < this.opts.entries) out = this.redirect(i)
    else if (r < 0.02 && i + 1 < this.opts.entries) out = this.preflighted(i)
    else if (r < 0.022) out = [this.gone(i)]
    else {
      this.plain[i] = 1
      out = [this.get(`${ORIGIN}/api/r/${i}${i % 3 === 0 ? `?page=${i % 7}` : ''}`)]
    }
    this.count += out.length
    return out
  }

  private get(url: string): Record<string, unknown> {
    return this.build.entry({
      method: 'GET',
      url,
      status: 200,
      resourceType: 'fetch',
      requestHeaders: { Accept: 'application/json', Cookie: 'session=abc123' },
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
      body: '{"ok":true}',
    })
  }

  private failure(i: number): Record<string, unknown> {
    const { newShare, hotCount, hotShare } = this.opts
    const repeat = this.order.length >= hotCount && !this.rng.chance(newShare)
    const fe = !repeat
      ? this.open(i)
      : this.rng.chance(hotShare)
        ? this.order[this.rng.int(hotCount)]!
        : this.rng.pick(this.order)
    fe.failures++
    return this.build.entry({
      method: fe.method,
      url: `${fe.endpoint}?v=${i}`,
      status: fe.status,
      resourceType: 'fetch',
      requestHeaders: { 'Content-Type': 'application/json', Cookie: 'session=abc123' },
      headers: fe.allow ? { Allow: fe.allow } : {},
    })
  }

  /** A new failing endpoint: the path of a plain GET some entries back, recent or long ago. */
  private open(i: number): FailingEndpoint {
    const [lo, hi] =
      i > this.opts.agedBack[0] && this.rng.chance(0.5) ? this.opts.agedBack : this.opts.recentBack
    let j = i - lo - this.rng.int(Math.min(hi, i) - lo)
    while (j > 0 && this.plain[j] !== 1) j--
    this.plain[j] = 2
    const shape = this.rng.pick(SHAPES)
    const fe: FailingEndpoint = {
      ...shape,
      endpoint: `${ORIGIN}/api/r/${j}`,
      getAt: j,
      firstFailAt: i,
      failures: 0,
    }
    this.failing.set(`${fe.method} ${fe.endpoint}`, fe)
    this.order.push(fe)
    return fe
  }

  /** A GET that moved: 301 to the slash form, then its 200. */
  private redirect(i: number): Record<string, unknown>[] {
    const url = `${ORIGIN}/docs/${i}`
    return [
      this.build.entry({ method: 'GET', url, status: 301, redirectURL: `${url}/`, resourceType: 'document' }),
      this.build.entry({
        method: 'GET',
        url: `${url}/`,
        status: 200,
        resourceType: 'document',
        headers: { 'Content-Type': 'text/html' },
      }),
    ]
  }

  /** A cross-origin PUT and its preflight, both answered. */
  private preflighted(i: number): Record<string, unknown>[] {
    const url = `http://127.0.0.1:8406/api/w/${i}`
    return [
      this.build.entry({
        method: 'OPTIONS',
        url,
        status: 204,
        requestHeaders: { 'Access-Control-Request-Method': 'PUT', Origin: ORIGIN },
        headers: { 'Access-Control-Allow-Methods': 'GET, PUT', 'Access-Control-Allow-Origin': ORIGIN },
        resourceType: 'preflight',
      }),
      this.build.entry({
        method: 'PUT',
        url,
        status: 200,
        requestHeaders: { 'Content-Type': 'application/json', Origin: ORIGIN },
        headers: { 'Access-Control-Allow-Origin': ORIGIN },
        resourceType: 'fetch',
      }),
    ]
  }

  /** A DELETE of something already gone: a 404 nothing explains, watched for a probe, no finding. */
  private gone(i: number): Record<string, unknown> {
    return this.build.entry({
      method: 'DELETE',
      url: `${ORIGIN}/api/gone/${i}`,
      status: 404,
      resourceType: 'fetch',
      requestHeaders: { Cookie: 'session=abc123' },
    })
  }
}
