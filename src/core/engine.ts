/**
 * The incremental diagnosis engine. This file wires the parts under engine/ together: intake
 * (sources, copies, in-flight upgrades), the chain linker, the traffic index, the watchers that
 * re-evaluate chains, the finding groups and builder, and the probe-target policy.
 */
import { type ChainLink, ChainLinker, chainFrom, type EntrySource, headOf } from './chains'
import { AgedSketch } from './engine/aged-sketch'
import { ExchangePool } from './engine/exchange-pool'
import { type FindingDetail, findingOf } from './engine/finding-builder'
import { type FindingChanges, FindingGroups } from './engine/finding-groups'
import { Intake, isQuiet, QUIET_HOPS_KEPT } from './engine/intake'
import { PreflightIndex } from './engine/preflight-index'
import { type ProbeTarget, ProbeTargets } from './engine/probe-targets'
import { TrafficIndex, type TrafficRecall } from './engine/traffic-index'
import { Watchers } from './engine/watchers'
import { fingerprint } from './fingerprints'
import { probeKey } from './keys'
import { isUnsafe } from './methods'
import { isPreflight } from './preflight'
import { evaluateRules, readsOrigin, suspicionOf } from './rules'
import type { RuleContext } from './rules/rule'
import type { Exchange, Finding, ProbeResult } from './types'
import { endpointOf, originOf } from './url'

export { type FindingChanges, type FindingDetail, type ProbeTarget, QUIET_HOPS_KEPT }

/** Sizes of what the engine remembers of a long capture; smaller only in tests. */
export interface EngineBounds {
  /** Endpoints whose working methods are kept exactly (TrafficIndex). */
  exactEndpoints: number
  /** Aged-out `METHOD endpoint` keys per generation of the sketch (AgedSketch). */
  sketchKeys: number
  /** Request ids per generation of the copy window (CopyWindow). */
  copyIds: number
}

/** Looks up the methods an API description declares for a URL (null: no description). */
export type DeclaredLookup = (url: string, method: string) => string[] | null

const NO_METHODS: ReadonlySet<string> = new Set()
const NO_TRAFFIC: TrafficRecall = { methods: NO_METHODS, recalled: NO_METHODS }

/**
 * Feed HAR entries and probe results in any order, read findings. Batch analysis is the same
 * engine fed a whole file.
 */
export class Engine {
  private intake: Intake
  private linker = new ChainLinker()
  private groups = new FindingGroups((head, final) => this.watchers.unwatch(head, final))
  private watchers = new Watchers((head) => this.groups.isFlagged(head))
  private traffic: TrafficIndex
  private preflights = new PreflightIndex()
  private probes = new ProbeTargets()
  private declared: DeclaredLookup = () => null
  private pool = new ExchangePool()

  constructor(quietKept = QUIET_HOPS_KEPT, bounds: Partial<EngineBounds> = {}) {
    this.intake = new Intake(quietKept, bounds.copyIds)
    // Exact for endpoints with a finding or a watched chain, however old (see TrafficIndex).
    this.traffic = new TrafficIndex(
      (ep) => this.groups.hasAt(ep) || this.watchers.watchesEndpoint(ep),
      bounds.exactEndpoints,
      new AgedSketch(bounds.sketchKeys),
    )
  }

  /** Requests counted (copies merged). */
  get entries(): number {
    return this.intake.entries
  }

  /** Entries the page's service worker answered: not analysed as the server's answers. */
  get serviceWorkerAnswers(): number {
    return this.intake.serviceWorkerAnswers
  }

  /** getHAR() entries older than the copy window, taken as counted long ago (see CopyWindow). */
  get agedOutBackfills(): number {
    return this.intake.agedOutBackfills
  }

  /**
   * Adds one HAR entry. Returns false when it was a copy of one already counted, or unusable.
   * Which copies are merged: see Intake.admit.
   */
  add(raw: unknown, source: EntrySource = 'event', round = 0): boolean {
    const x = this.intake.normalize(raw)
    if (!x) return false
    return this.addExchange(x, source, round)
  }

  /** `round` numbers one getHAR() result (see Intake.admit). */
  addExchange(x: Exchange, source: EntrySource = 'event', round = 0): boolean {
    const admitted = this.intake.admit(x, source, round)
    if (!admitted) return false
    const { link } = admitted
    // Kept beyond this call (a plain success's are dropped): one copy of repeated headers and stacks.
    if (!isQuiet([link.x])) this.pool.shareParts(link.x)
    if (admitted.change !== 'added') {
      this.upgraded(link, admitted.change === 'finished')
      return false
    }
    this.linker.link(link)
    this.noteTraffic(x)
    this.notePreflight(x)
    const head = headOf(link)
    // A link that was its own chain becomes part of another: drop its old findings.
    if (link.next) this.groups.forget(link.next)
    if (head !== link) this.groups.forget(link)
    this.evaluate(head)
    if (isQuiet([x]) && !link.prev && !link.next) this.intake.keepQuiet(link)
    else this.intake.keepHeld(link)
    return true
  }

  addProbe(result: ProbeResult): void {
    this.probes.record(result)
    for (const head of this.watchers.awaitingProbe(result.endpoint)) this.evaluate(head)
  }

  /** Did another method get a 2xx on this URL? Then the path exists without probing it. */
  knownToExist(url: string, method: string): boolean {
    return this.traffic.knownToExist(url, method)
  }

  probeResult(endpoint: string): ProbeResult | undefined {
    return this.probes.resultFor(endpoint)
  }

  /** Re-evaluates every flagged chain after an API description was loaded or dropped. */
  setDeclaredLookup(lookup: DeclaredLookup): void {
    this.declared = lookup
    for (const h of new Set([...this.groups.flaggedHeads(), ...this.watchers.heads()])) this.evaluate(h)
  }

  /** Endpoints that need a probe, each reported once. */
  takeProbeTargets(): ProbeTarget[] {
    return this.probes.take()
  }

  /** Asks for a fresh probe of an endpoint (the user's "Probe again"). */
  forgetProbe(endpoint: string): void {
    this.probes.forget(endpoint)
  }

  get findingCount(): number {
    return this.groups.size
  }

  /**
   * The findings (only those with these ids, if given), in order of first sighting. Built afresh
   * on every call: the engine keeps what they are built from, not the findings.
   */
  findings(opts: { ids?: readonly string[]; detail?: FindingDetail } = {}): Finding[] {
    const out: Finding[] = []
    const groups = opts.ids ? [...new Set(opts.ids)].map((id) => this.groups.get(id)) : this.groups.all()
    for (const g of groups) if (g) out.push(findingOf(g, this.traffic, opts.detail))
    return out.sort((a, b) => a.firstSeen - b.firstSeen || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  }

  /** Every change so far counts as delivered: a snapshot of all findings was just taken. */
  markAllTaken(): void {
    this.groups.markAllTaken()
  }

  /** Findings added, changed or removed since the last call: what the panel needs to redraw. */
  takeChanges(detail: FindingDetail = 'whole'): FindingChanges {
    return this.groups.takeChanges((g) => findingOf(g, this.traffic, detail))
  }

  clear(): void {
    this.intake.clear()
    this.linker.clear()
    this.groups.clear()
    this.traffic.clear()
    this.preflights.clear()
    this.watchers.clear()
    this.probes.clear()
    this.pool.clear()
  }

  /** A richer copy replaced a link's exchange; a finished in-flight entry is linked like a new one. */
  private upgraded(link: ChainLink, finished: boolean): void {
    if (finished) {
      const before = headOf(link)
      this.linker.link(link)
      this.noteTraffic(link.x)
      if (link.next) this.groups.forget(link.next)
      if (headOf(link) !== before) this.groups.forget(before)
    }
    this.evaluate(headOf(link))
  }

  /** A preflight explains the calls it guarded that got no answer: look at them again. */
  private notePreflight(x: Exchange): void {
    if (this.preflights.note(x) === null) return
    for (const head of this.watchers.atEndpoint(endpointOf(x.url))) this.evaluate(head)
  }

  /** A method newly seen working at an endpoint changes that endpoint's findings and suspects. */
  private noteTraffic(x: Exchange): void {
    const newAtOrigin = !(this.traffic.methodsAtOrigin(x.url)?.has(x.method) ?? false)
    const endpoint = this.traffic.note(x)
    if (endpoint === null) return
    this.groups.staleAt(endpoint)
    const heads = new Set(this.watchers.atEndpoint(endpoint))
    // A method new to the whole origin: the chains whose rules read the origin look again.
    if (newAtOrigin) for (const head of this.watchers.atOrigin(originOf(x.url))) heads.add(head)
    for (const head of heads) this.evaluate(head)
  }

  /** Runs the rules over one chain and files what they say: findings, watches, probe targets. */
  private evaluate(start: ChainLink): void {
    // Watchers may hold a link that has since become the middle of a longer chain.
    const head = start.prev ? headOf(start) : start
    if (this.groups.isRetired(head)) return
    const chain = chainFrom(head)
    const first = chain[0]!
    const final = chain[chain.length - 1]!
    if (isQuiet(chain)) {
      this.groups.forget(head)
      return
    }
    // A chain the page's service worker answered any part of says nothing about the server: only
    // the rules that judge such answers run (rules/index.ts), and it is never watched or probed,
    // since a probe would ask the server something it never said.
    const byServiceWorker = chain.some((x) => x.viaServiceWorker)
    const key = probeKey(final.method, final.url)
    const traffic = this.traffic.at(final.url) ?? NO_TRAFFIC
    const ctx: RuleContext = {
      chain,
      first,
      final,
      framework: fingerprint(final.status, final.responseHeaders, final.body, final.statusText),
      probe: this.probes.resultFor(key),
      trafficMethods: traffic.methods,
      trafficRecalled: traffic.recalled,
      originMethods: this.traffic.methodsAtOrigin(final.url) ?? NO_METHODS,
      preflight: isPreflight(first) ? undefined : this.preflights.for(final.method, final.url),
      declared: this.declared(final.url, final.method),
    }
    // Each rule says how far a probe could help it decide about this chain, hit or not yet.
    const depth = byServiceWorker ? 'none' : suspicionOf(ctx)
    const watchable = !byServiceWorker && !isPreflight(first)
    // A write with no answer waits for its preflight, which may be listed after it (Firefox).
    const awaitsPreflight = final.status === 0 && isUnsafe(final.method)
    if ((depth !== 'none' || awaitsPreflight) && watchable) this.watchers.watch(head, key, final.url)
    if (!byServiceWorker && readsOrigin(ctx)) this.watchers.watchOrigin(head, originOf(final.url))
    const hits = evaluateRules(ctx)
    const ids = this.groups.assign(head, hits)
    // Probe answers and later traffic can change any flagged chain, not only suspects. Watched
    // before joining: joining may retire this very chain, which unwatches it.
    if (hits.length > 0 && watchable) this.watchers.watch(head, key, final.url)
    for (const [i, hit] of hits.entries()) this.groups.join(ids[i]!, head, hit, ctx)
    if (!byServiceWorker) this.probes.consider(key, chain, depth, hits)
  }
}
