import { allowedFor } from './allowed'
import { ChainLinker, chainFrom, type EntrySource, type Hop, headOf } from './chains'
import { fingerprint } from './fingerprints'
import { chooseFixMethod } from './fix-method'
import { normalizeEntry } from './har'
import { hash, hash64 } from './hash'
import { isRedirect, isSuccess } from './methods'
import { isPreflight } from './preflight'
import { evaluateRules, RULE_BY_KIND, suspicionOf } from './rules'
import type { RuleContext, RuleHit } from './rules/rule'
import { type SnippetRequest, snippetsFor } from './snippets'
import type { Exchange, Finding, ProbeResult, Snippet } from './types'
import { endpointOf, isHttpUrl } from './url'

/** Looks up the methods an API description declares for a URL (null: no description). */
export type DeclaredLookup = (url: string, method: string) => string[] | null

export interface ProbeTarget {
  /** `METHOD endpoint`: the cache and limiter key. */
  endpoint: string
  method: string
  url: string
  /** Why the ladder may go past OPTIONS: some rule's `suspects` asked for the safe HEAD/GET steps. */
  suspect: boolean
}

export interface FindingChanges {
  upserts: Finding[]
  removed: string[]
}

interface Member {
  hit: RuleHit
  ctx: RuleContext
  time: number
}

interface Group {
  id: string
  /** The final hop's endpoint: traffic seen there later changes the finding's `allowed`. */
  endpoint: string
  members: Map<Hop, Member>
  /** Occurrences counted but no longer kept (see retireOldest). */
  retired: number
  retiredFirstSeen: number
  built: Finding | null
}

/** Occurrences of one finding kept live for re-evaluation; older ones are only counted. */
const LIVE_MEMBERS = 50
/**
 * Plain successes kept as hops (for merging a late copy into them). Older ones are dropped: their
 * copies are still recognised by count (`copies`), the chain linker keeps its own bounded window
 * for late redirects, and `traffic` keeps what findings need (which methods worked per endpoint).
 */
export const QUIET_HOPS_KEPT = 4096

export function probeKey(method: string, url: string): string {
  return `${method} ${endpointOf(url)}`
}

function timeOf(x: Exchange): number {
  return Number.isFinite(x.start) ? x.start : x.seq
}

/** A success the server itself sent: evidence that it implements the method. */
function isServerSuccess(x: Exchange): boolean {
  return isSuccess(x.status) && !isPreflight(x) && !x.viaServiceWorker
}

/** A chain that no rule can flag: one plain answer that is not an error. */
function isQuiet(chain: readonly Exchange[]): boolean {
  if (chain.length !== 1) return false
  const x = chain[0]!
  return x.status !== 0 && x.status < 400 && !isRedirect(x) && !isPreflight(x)
}

/**
 * The incremental diagnosis engine: feed HAR entries and probe results in any order,
 * read findings. Batch analysis is the same engine fed a whole file.
 */
export class Engine {
  private seq = 0
  private hops = new Map<string, Hop[]>()
  private linker = new ChainLinker()
  private hitsByHead = new Map<Hop, string[]>()
  private groups = new Map<string, Group>()
  private groupsByEndpoint = new Map<string, Set<string>>()
  /** Methods that got a 2xx, by endpoint: one method as a plain string, a Set only once there are more. */
  private traffic = new Map<string, string | Set<string>>()
  /** Suspect chains by probe key (METHOD endpoint), re-checked when a probe answers. */
  private watchers = new Map<string, Set<Hop>>()
  /** The same chains by endpoint alone, re-checked when traffic shows another method working. */
  private watchersByEndpoint = new Map<string, Set<Hop>>()
  private probes = new Map<string, ProbeResult>()
  private probeAsked = new Set<string>()
  private retired = new WeakSet<Hop>()
  /** Identical-looking entries: events seen, and the most any one getHAR() round listed. */
  private copies = new Map<string, { event: number; backfill: number }>()
  private round = -1
  private roundSeen = new Map<string, number>()
  private newTargets: ProbeTarget[] = []
  private dirty = new Set<string>()
  private removed = new Set<string>()
  private declared: DeclaredLookup = () => null
  private quietOrder: Hop[] = []
  entries = 0
  /** Entries the page's service worker answered: not analysed as the server's answers. */
  serviceWorkerAnswers = 0

  constructor(private readonly quietKept = QUIET_HOPS_KEPT) {}

  /**
   * Adds one HAR entry. Returns false when it was a copy of one already counted, or unusable.
   * Identical-looking entries from one source are distinct requests (Firefox times are whole
   * milliseconds, so a burst repeats method, URL, start and duration); only a `backfill` copy of
   * an `event` (or the reverse) and a `body` upgrade are merged.
   */
  add(raw: unknown, source: EntrySource = 'event', round = 0): boolean {
    const x = normalizeEntry(raw, this.seq++)
    if (!x) return false
    return this.addExchange(x, source, round)
  }

  /**
   * `round` numbers one getHAR() result: the same request is in every result, so backfills are
   * idempotent, and identical requests inside one result are still told apart.
   */
  addExchange(x: Exchange, source: EntrySource = 'event', round = 0): boolean {
    const same = this.hops.get(x.key)
    if (source === 'body') {
      const twin = same?.find((h) => h.x.status === x.status && h.x.body === '')
      if (twin && x.body !== '') this.upgrade(twin, x)
      return false
    }
    // Method, URL, start and status (a getHAR() copy of a request still in flight can differ in
    // duration), as a 64-bit hash: the whole URL would otherwise stay here for every request.
    const id = hash64(`${x.key}\n${x.status}`)
    const counts = this.copies.get(id) ?? { event: 0, backfill: 0 }
    this.copies.set(id, counts)
    // How many of these identical-looking requests exist: events count one by one, a getHAR()
    // result lists them all, so it counts by its own occurrences.
    let copy: boolean
    if (source === 'event') {
      copy = counts.event < counts.backfill
      counts.event++
    } else {
      if (round !== this.round) {
        this.round = round
        this.roundSeen.clear()
      }
      const nth = (this.roundSeen.get(id) ?? 0) + 1
      this.roundSeen.set(id, nth)
      copy = nth <= Math.max(counts.event, counts.backfill)
      counts.backfill = Math.max(counts.backfill, nth)
    }
    if (copy) {
      // Already counted: maybe a richer copy (a body, or a finished in-flight entry).
      const twin = same?.find((h) => h.x.status === x.status && h.x.body === '')
      if (twin && x.body !== '') this.upgrade(twin, x)
      return false
    }
    // An in-flight entry (status 0) that the other source now reports finished.
    const pending = x.status !== 0 ? same?.find((h) => h.x.status === 0 && h.source !== source) : undefined
    if (pending) {
      this.upgrade(pending, x)
      return false
    }
    this.entries++
    if (x.viaServiceWorker) this.serviceWorkerAnswers++
    const hop: Hop = { x, prev: null, next: null, source }
    if (same) same.push(hop)
    else this.hops.set(x.key, [hop])
    const wasHead = hop
    this.linker.link(hop)
    if (isServerSuccess(x)) this.noteTraffic(x)
    const head = headOf(hop)
    // A hop that was its own chain becomes part of another: drop its old findings.
    if (hop.next) this.forget(hop.next)
    if (head !== wasHead) this.forget(wasHead)
    this.evaluate(head)
    if (isQuiet([x]) && !hop.prev && !hop.next) this.keepQuiet(hop)
    return true
  }

  /** Replaces a hop's exchange with a richer copy; a finished in-flight entry is linked like a new hop. */
  private upgrade(twin: Hop, x: Exchange): void {
    const finished = twin.x.status === 0 && x.status !== 0
    twin.x = { ...x, seq: twin.x.seq }
    if (finished) {
      const before = headOf(twin)
      this.linker.link(twin)
      if (isServerSuccess(x)) this.noteTraffic(twin.x)
      if (twin.next) this.forget(twin.next)
      if (headOf(twin) !== before) this.forget(before)
    }
    this.evaluate(headOf(twin))
  }

  /** Success hops only need method, URL and status later: drop their headers and body, and keep a bounded number. */
  private keepQuiet(hop: Hop): void {
    hop.x = { ...hop.x, requestHeaders: EMPTY, responseHeaders: EMPTY, body: '' }
    this.quietOrder.push(hop)
    if (this.quietOrder.length <= this.quietKept * 2) return
    for (const old of this.quietOrder.splice(0, this.quietOrder.length - this.quietKept)) {
      const list = this.hops.get(old.x.key)
      const i = list ? list.indexOf(old) : -1
      if (i < 0) continue
      list!.splice(i, 1)
      if (list!.length === 0) this.hops.delete(old.x.key)
    }
  }

  addProbe(result: ProbeResult): void {
    this.probes.set(result.endpoint, result)
    for (const head of [...(this.watchers.get(result.endpoint) ?? [])]) this.evaluate(head)
  }

  /** Did another method get a 2xx on this URL? Then the path exists without probing it. */
  knownToExist(url: string, method: string): boolean {
    const seen = this.traffic.get(endpointOf(url))
    return (
      seen !== undefined && (typeof seen === 'string' ? seen !== method : [...seen].some((m) => m !== method))
    )
  }

  private trafficOf(url: string): ReadonlySet<string> | undefined {
    const seen = this.traffic.get(endpointOf(url))
    return typeof seen === 'string' ? new Set([seen]) : seen
  }

  probeResult(endpoint: string): ProbeResult | undefined {
    return this.probes.get(endpoint)
  }

  /** Re-evaluates every flagged chain after an API description was loaded or dropped. */
  setDeclaredLookup(lookup: DeclaredLookup): void {
    this.declared = lookup
    const heads = new Set<Hop>([...this.hitsByHead.keys()])
    for (const set of this.watchers.values()) for (const h of set) heads.add(h)
    for (const h of heads) this.evaluate(h)
  }

  /** Endpoints that need a probe, each reported once. */
  takeProbeTargets(): ProbeTarget[] {
    const out = this.newTargets
    this.newTargets = []
    return out
  }

  /** Asks for a fresh probe of an endpoint (the user's "Probe again"). */
  forgetProbe(endpoint: string): void {
    this.probes.delete(endpoint)
    this.probeAsked.delete(endpoint)
  }

  get findingCount(): number {
    return this.groups.size
  }

  findings(): Finding[] {
    const out: Finding[] = []
    for (const g of this.groups.values()) out.push(this.build(g))
    return out.sort((a, b) => a.firstSeen - b.firstSeen || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  }

  /** Findings added, changed or removed since the last call: what the panel needs to redraw. */
  takeChanges(): FindingChanges {
    const upserts: Finding[] = []
    for (const id of this.dirty) {
      const g = this.groups.get(id)
      if (g) upserts.push(this.build(g))
    }
    const removed = [...this.removed].filter((id) => !this.groups.has(id))
    this.dirty.clear()
    this.removed.clear()
    return { upserts, removed }
  }

  clear(): void {
    for (const id of this.groups.keys()) this.removed.add(id)
    this.hops.clear()
    this.linker.clear()
    this.hitsByHead.clear()
    this.groups.clear()
    this.groupsByEndpoint.clear()
    this.traffic.clear()
    this.watchers.clear()
    this.watchersByEndpoint.clear()
    this.dirty.clear()
    this.newTargets = []
    this.probes.clear()
    this.probeAsked.clear()
    this.copies.clear()
    this.roundSeen.clear()
    this.quietOrder = []
    this.entries = 0
    this.serviceWorkerAnswers = 0
  }

  private noteTraffic(x: Exchange): void {
    const ep = endpointOf(x.url)
    const seen = this.traffic.get(ep)
    if (seen === undefined) this.traffic.set(ep, x.method)
    else if (typeof seen === 'string') {
      if (seen === x.method) return
      this.traffic.set(ep, new Set([seen, x.method]))
    } else {
      if (seen.has(x.method)) return
      seen.add(x.method)
    }
    // A built finding lists this endpoint's traffic in `allowed`: rebuild it, or the panel (which reads
    // findings as they come) and a batch export of the same capture would disagree.
    for (const id of this.groupsByEndpoint.get(ep) ?? []) {
      const g = this.groups.get(id)
      if (g?.built) {
        g.built = null
        this.dirty.add(id)
      }
    }
    for (const head of [...(this.watchersByEndpoint.get(ep) ?? [])]) this.evaluate(head)
  }

  private forget(head: Hop): void {
    for (const id of this.hitsByHead.get(head) ?? []) this.leave(id, head)
    this.hitsByHead.delete(head)
  }

  private leave(id: string, head: Hop): void {
    const g = this.groups.get(id)
    if (!g) return
    g.members.delete(head)
    if (g.members.size === 0) {
      this.groups.delete(id)
      this.groupsByEndpoint.get(g.endpoint)?.delete(id)
      this.removed.add(id)
      this.dirty.delete(id)
    } else {
      g.built = null
      this.dirty.add(id)
    }
  }

  private evaluate(start: Hop): void {
    // Watchers may hold a hop that has since become the middle of a longer chain.
    const head = start.prev ? headOf(start) : start
    if (this.retired.has(head)) return
    const chain = chainFrom(head)
    const first = chain[0]!
    const final = chain[chain.length - 1]!
    // A chain the page's service worker answered any part of says nothing about the server: no
    // finding would blame the right party, and a probe would ask the server something it never said.
    if (isQuiet(chain) || chain.some((x) => x.viaServiceWorker)) {
      this.forget(head)
      return
    }
    const key = probeKey(final.method, final.url)
    const watch = (): void => {
      addTo(this.watchers, key, head)
      addTo(this.watchersByEndpoint, endpointOf(final.url), head)
    }
    const ctx: RuleContext = {
      chain,
      first,
      final,
      framework: fingerprint(final.status, final.responseHeaders, final.body, final.statusText),
      probe: this.probes.get(key),
      trafficMethods: this.trafficOf(final.url) ?? EMPTY_SET,
      declared: this.declared(final.url, final.method),
    }
    // Each rule says how far a probe could help it decide about this chain, hit or not yet.
    const depth = suspicionOf(ctx)
    if (depth !== 'none' && !isPreflight(first)) watch()
    const hits = evaluateRules(ctx)
    const ids = hits.map((h) => {
      const k = `${h.kind}|${h.method}|${endpointOf(h.url)}`
      // Two 32-bit hashes: a collision would silently merge unrelated findings.
      return hash(k) + hash(`~${k}`)
    })
    const before = this.hitsByHead.get(head) ?? []
    for (const id of before) if (!ids.includes(id)) this.leave(id, head)
    if (ids.length > 0) this.hitsByHead.set(head, ids)
    else this.hitsByHead.delete(head)
    // Probe answers and later traffic can change any flagged chain, not only suspects.
    if (hits.length > 0 && !isPreflight(first)) watch()
    for (const [i, hit] of hits.entries()) this.join(ids[i]!, head, hit, ctx)
    const wantsProbe = depth !== 'none' || hits.some((h) => RULE_BY_KIND.get(h.kind)?.probeOnHit)
    // A chain still ending in a redirect waits for its follow-up: probe where it lands, not on the way.
    if (
      wantsProbe &&
      !isPreflight(first) &&
      !isRedirect(final) &&
      !this.probeAsked.has(key) &&
      final.status !== 0
    ) {
      this.probeAsked.add(key)
      this.newTargets.push({
        endpoint: key,
        method: final.method,
        url: final.url,
        suspect: depth === 'ladder',
      })
    }
  }

  private join(id: string, head: Hop, hit: RuleHit, ctx: RuleContext): void {
    const member = { hit, ctx, time: timeOf(ctx.first) }
    const g = this.groups.get(id)
    const endpoint = endpointOf(ctx.final.url)
    if (!g) {
      this.groups.set(id, {
        id,
        endpoint,
        members: new Map([[head, member]]),
        retired: 0,
        retiredFirstSeen: Number.POSITIVE_INFINITY,
        built: null,
      })
    } else {
      g.members.set(head, member)
      g.built = null
      if (g.members.size > LIVE_MEMBERS) this.retireOldest(g)
    }
    // Members can end on different endpoints (a chain grows after its first hop was judged alone):
    // traffic on any of them may change the finding.
    addTo(this.groupsByEndpoint, endpoint, id)
    this.dirty.add(id)
  }

  /**
   * A storm of identical failures is one finding: past LIVE_MEMBERS, the oldest occurrence is
   * counted but no longer kept or re-evaluated, so memory and re-checks stay bounded.
   */
  private retireOldest(g: Group): void {
    let oldest: [Hop, Member] | null = null
    for (const e of g.members) if (!oldest || e[1].time < oldest[1].time) oldest = e
    if (!oldest) return
    const [hop, m] = oldest
    // The occurrence is retired from every finding it belongs to (a slash redirect is two findings).
    for (const id of new Set([g.id, ...(this.hitsByHead.get(hop) ?? [])])) {
      const group = this.groups.get(id)
      const member = group?.members.get(hop)
      if (!group || !member) continue
      group.members.delete(hop)
      group.retired++
      group.retiredFirstSeen = Math.min(group.retiredFirstSeen, member.time)
      group.built = null
      this.dirty.add(id)
    }
    this.retired.add(hop)
    const final = m.ctx.final
    this.watchers.get(probeKey(final.method, final.url))?.delete(hop)
    this.watchersByEndpoint.get(endpointOf(final.url))?.delete(hop)
    this.hitsByHead.delete(hop)
    for (let h: Hop | null = hop; h; h = h.next)
      h.x = { ...h.x, requestHeaders: EMPTY, responseHeaders: EMPTY, body: '' }
  }

  /** The member that speaks for the group: the latest, ties broken by content, never by arrival order. */
  private representative(g: Group): { rep: Member; firstSeen: number; lastSeen: number } {
    let rep: Member | null = null
    let firstSeen = g.retiredFirstSeen
    for (const m of g.members.values()) {
      firstSeen = Math.min(firstSeen, m.time)
      if (!rep || m.time > rep.time || (m.time === rep.time && order(m) > order(rep))) rep = m
    }
    return { rep: rep!, firstSeen, lastSeen: rep!.time }
  }

  private build(g: Group): Finding {
    if (g.built) return g.built
    const { rep, firstSeen, lastSeen } = this.representative(g)
    const { hit, ctx } = rep
    const rule = RULE_BY_KIND.get(hit.kind)!
    const allowed = allowedFor({
      final: ctx.final,
      probe: ctx.probe,
      traffic: this.trafficOf(ctx.final.url) ?? ctx.trafficMethods,
      declared: ctx.declared,
      framework: ctx.framework,
    })
    const fix = chooseFixMethod(rule, hit, ctx, allowed)
    const finding: Finding = {
      id: g.id,
      kind: hit.kind,
      severity: hit.severity,
      request: {
        method: rule.reportedMethod?.(hit, ctx) ?? ctx.first.method,
        url: ctx.first.url,
      },
      status: ctx.final.status,
      chain: ctx.chain.map((x) => ({
        method: x.method,
        url: x.url,
        status: x.status,
        ...(x.statusText ? { statusText: x.statusText } : {}),
        ...(x.redirectURL ? { location: x.redirectURL } : {}),
        ...(x.error ? { error: x.error } : {}),
      })),
      allowed,
      framework: ctx.framework,
      evidence: hit.evidence,
      causes: hit.causes,
      fixes: hit.fixes,
      // A corrected call is only offered for http(s): never a `javascript:`/`data:` URL to copy and run.
      ...snippetsOf(fix && isHttpUrl(fix.url) ? { ...fix, headers: ctx.first.requestHeaders } : null),
      prevention: hit.prevention,
      links: rule.links,
      count: g.members.size + g.retired,
      firstSeen,
      lastSeen,
    }
    g.built = finding
    return finding
  }
}

const EMPTY: ReadonlyMap<string, readonly string[]> = new Map()
const EMPTY_SET: ReadonlySet<string> = new Set()

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key)
  if (set) set.add(value)
  else map.set(key, new Set([value]))
}

function order(m: Member): string {
  return `${m.ctx.first.key} ${m.ctx.first.detail}`
}

/** Redacted snippets, plus the credentialed ones when the request carried something to redact. */
function snippetsOf(r: SnippetRequest | null): { snippets: Snippet[]; snippetsWithSecrets?: Snippet[] } {
  if (!r) return { snippets: [] }
  const snippets = snippetsFor(r)
  const raw = snippetsFor(r, { keepSecrets: true })
  return raw.some((s, i) => s.code !== snippets[i]?.code)
    ? { snippets, snippetsWithSecrets: raw }
    : { snippets }
}
