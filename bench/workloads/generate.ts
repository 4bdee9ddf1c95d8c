import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { type HarEntry, setHeader } from './har-types'
import { Rng } from './rng'
import { type Group, isFailure, loadTemplates, type Templates } from './templates'

/** Shape of the traffic; one place to read what "realistic" means here. */
export const MIX = {
  /** Share of events that are a failing request (or a redirect chain ending in one): ~2% of entries fail. */
  failing: 0.019,
  /** Share of events that are a redirect ending in success. */
  benignChain: 0.008,
  /** Share of successful responses carrying a large body (64 – 512 KB). */
  largeBody: 0.001,
  /** Share of successful requests that load a page or asset rather than call the API. */
  asset: 0.1,
  /** Mean gap between requests (ms). */
  gapMs: 12,
} as const

export interface WorkloadStats {
  entries: number
  bytes: number
  failing: number
  redirects: number
  largeBodies: number
  distinctFailingEndpoints: number
  distinctEndpoints: number
}

const BASE_TIME = Date.parse('2026-11-25T09:00:00.000Z')
const RESOURCES = [
  'users',
  'orders',
  'items',
  'carts',
  'products',
  'sessions',
  'search',
  'events',
  'metrics',
  'comments',
  'teams',
  'invoices',
]

interface Ctx {
  rng: Rng
  t: Templates
  /** Successful page and asset loads, and successful API calls. */
  assets: Group[]
  calls: Group[]
  n: number
  clock: number
  cookie: string
  bearer: string
  stats: WorkloadStats
  endpoints: Set<string>
  failingEndpoints: Set<string>
}

function clone(e: HarEntry): HarEntry {
  return structuredClone(e)
}

function withPath(url: string, path: string): string {
  const u = new URL(url)
  return `${u.origin}${path}`
}

/** A fresh timestamp for the next request, and the Date header its response would carry. */
function stamp(ctx: Ctx, e: HarEntry, at: number): void {
  e.startedDateTime = new Date(at).toISOString()
  const date = e.response.headers.find((h) => h.name.toLowerCase() === 'date')
  if (date) date.value = new Date(at).toUTCString()
  ctx.clock = Math.max(ctx.clock, at + Math.max(1, Math.round(e.time)))
}

function setBody(e: HarEntry, text: string, mimeType: string, encoding?: string): void {
  const size = encoding === 'base64' ? Math.floor((text.length * 3) / 4) : Buffer.byteLength(text)
  e.response.content = { ...e.response.content, size, mimeType, text }
  if (encoding) e.response.content.encoding = encoding
  else delete e.response.content.encoding
  e.response.bodySize = size
  setHeader(e.response.headers, 'Content-Length', String(size))
  setHeader(e.response.headers, 'Content-Type', mimeType)
}

function jsonBody(rng: Rng, bytes: number): string {
  const rows: string[] = []
  let size = 2
  for (let id = 1; size < bytes; id++) {
    const row = JSON.stringify({
      id,
      name: `${rng.pick(RESOURCES)}-${rng.hex(6)}`,
      price: (rng.int(100000) / 100).toFixed(2),
      tags: [rng.hex(4), rng.hex(5)],
      updated: new Date(BASE_TIME - rng.int(9e9)).toISOString(),
    })
    rows.push(row)
    size += row.length + 1
  }
  return `[${rows.join(',')}]`
}

/** Cookies and a bearer token on API calls: what real captures carry and the engine must wade through. */
function addCredentials(ctx: Ctx, e: HarEntry): void {
  if (ctx.rng.chance(0.6)) setHeader(e.request.headers, 'Cookie', ctx.cookie)
  if (e._resourceType === 'fetch' && ctx.rng.chance(0.3))
    setHeader(e.request.headers, 'Authorization', ctx.bearer)
}

function okEntry(ctx: Ctx): HarEntry {
  const { rng } = ctx
  const g = rng.pick(rng.chance(MIX.asset) && ctx.assets.length > 0 ? ctx.assets : ctx.calls)
  const e = clone(g.entries[0]!)
  const u = new URL(e.request.url)
  const pool = Math.max(20, Math.round(ctx.n / 20))
  const k = rng.skewed(pool)
  if (e._resourceType === 'fetch') {
    const res = RESOURCES[k % RESOURCES.length]!
    const query = rng.chance(0.3) ? `?page=${rng.int(40)}&sort=${rng.pick(['asc', 'desc'])}` : ''
    e.request.url = `${u.origin}/api/v1/${res}/${k}${query}`
    if (e.request.method === 'GET' && e.response.content.mimeType?.includes('json') && rng.chance(0.25)) {
      setBody(e, jsonBody(rng, rng.logUniform(200, 3000)), 'application/json')
    }
  } else {
    e.request.url = `${u.origin}${u.pathname}?v=${k}`
  }
  if (rng.chance(MIX.largeBody)) {
    ctx.stats.largeBodies++
    const bytes = rng.logUniform(64 << 10, 512 << 10)
    if (rng.chance(0.3)) setBody(e, rng.bytes(bytes).toString('base64'), 'image/png', 'base64')
    else setBody(e, jsonBody(rng, bytes), 'application/json')
  }
  addCredentials(ctx, e)
  return e
}

/**
 * A group replayed on its own endpoint: every hop's path gets the same prefix and redirect
 * targets follow, so chains still link. The same k always gets the same template, as a real
 * broken endpoint always breaks the same way.
 */
function groupEntries(ctx: Ctx, groups: readonly Group[], prefix: string, k: number): HarEntry[] {
  const g = groups[k % groups.length]!
  const out = g.entries.map(clone)
  for (const e of out) {
    const u = new URL(e.request.url)
    e.request.url = withPath(e.request.url, `/${prefix}${k}${u.pathname}${u.search}`)
    if (e.response.status >= 300 && e.response.status < 400) {
      const raw =
        e.response.redirectURL ||
        e.response.headers.find((h) => h.name.toLowerCase() === 'location')?.value ||
        ''
      const target = new URL(raw, u.href)
      const moved = `${target.origin}/${prefix}${k}${target.pathname}${target.search}`
      if (e.response.redirectURL) e.response.redirectURL = moved
      const loc = e.response.headers.find((h) => h.name.toLowerCase() === 'location')
      if (loc)
        loc.value = loc.value.startsWith('/') ? `/${prefix}${k}${target.pathname}${target.search}` : moved
    }
    addCredentials(ctx, e)
  }
  return out
}

function* events(ctx: Ctx): Generator<HarEntry[]> {
  const { rng, n } = ctx
  const failPool = Math.max(10, Math.round(n / 200))
  const benignPool = Math.max(5, Math.round(n / 500))
  for (;;) {
    const r = rng.next()
    if (r < MIX.failing) yield groupEntries(ctx, ctx.t.failing, 'svc', rng.skewed(failPool, 1.5))
    else if (r < MIX.failing + MIX.benignChain)
      yield groupEntries(ctx, ctx.t.benignChains, 'app', rng.skewed(benignPool))
    else yield [okEntry(ctx)]
  }
}

const HEAD =
  '{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[],"entries":['

/** Writes a HAR of exactly `n` entries to `file`; the same (n, seed, recordings) give the same bytes. */
export async function generateHar(file: string, n: number, seed: number): Promise<WorkloadStats> {
  const t = loadTemplates()
  const ctx: Ctx = {
    rng: new Rng(seed ^ n),
    t,
    assets: t.ok.filter((g) => g.entries[0]!._resourceType !== 'fetch'),
    calls: t.ok.filter((g) => g.entries[0]!._resourceType === 'fetch'),
    n,
    clock: BASE_TIME,
    cookie: '',
    bearer: '',
    stats: {
      entries: 0,
      bytes: 0,
      failing: 0,
      redirects: 0,
      largeBodies: 0,
      distinctFailingEndpoints: 0,
      distinctEndpoints: 0,
    },
    endpoints: new Set(),
    failingEndpoints: new Set(),
  }
  ctx.cookie = `sessionid=${ctx.rng.hex(32)}; csrftoken=${ctx.rng.hex(64)}; _ga=GA1.1.${ctx.rng.int(1e9)}.${ctx.rng.int(1e9)}`
  ctx.bearer = `Bearer eyJhbGciOiJIUzI1NiJ9.${Buffer.from(ctx.rng.hex(300)).toString('base64url')}.${ctx.rng.hex(43)}`
  const out = createWriteStream(file)
  let chunk = HEAD
  const write = async (s: string): Promise<void> => {
    chunk += s
    ctx.stats.bytes += Buffer.byteLength(s)
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain')
      chunk = ''
    }
  }
  ctx.stats.bytes = HEAD.length
  for (const group of events(ctx)) {
    let at = ctx.clock + ctx.rng.exp(MIX.gapMs)
    for (const e of group) {
      if (ctx.stats.entries >= n) break
      stamp(ctx, e, Math.round(at))
      at = ctx.clock + 1
      const s = e.response.status
      if (isFailure(e)) {
        ctx.stats.failing++
        ctx.failingEndpoints.add(e.request.url.split('?')[0]!)
      }
      if (s >= 300 && s < 400) ctx.stats.redirects++
      ctx.endpoints.add(e.request.url.split('?')[0]!)
      await write((ctx.stats.entries === 0 ? '' : ',') + JSON.stringify(e))
      ctx.stats.entries++
    }
    if (ctx.stats.entries >= n) break
  }
  await write(']}}\n')
  out.end(chunk)
  await once(out, 'finish')
  ctx.stats.distinctEndpoints = ctx.endpoints.size
  ctx.stats.distinctFailingEndpoints = ctx.failingEndpoints.size
  return ctx.stats
}
