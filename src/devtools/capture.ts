import { ApiDescriptions } from '../core/api-descriptions'
import type { EntrySource } from '../core/chains'
import { Engine, type ProbeTarget } from '../core/engine'
import { ApiDescriptionError } from '../core/openapi'
import { isHttpUrl, originOf } from '../core/url'
import type { Adapter } from '../shared/channel'
import type {
  ApiDescriptionStatus,
  CaptureSettings,
  CaptureStats,
  DevtoolsToPanel,
  DevtoolsToWorker,
  LadderRequestMessage,
  PanelToDevtools,
  ProbeStatus,
  WorkerToDevtools,
} from '../shared/messages'
import type { BackfillPolicy } from './backfill-policy'
import { newPageEntries, pruneRecent, type RecentEntry, recentEntry } from './carry-over'
import type { ParseDescription } from './description-parser'
import { idSource, PendingRequests } from './pending-requests'
import { SiteTimeline } from './site-timeline'

export interface WorkerLink {
  send(m: DevtoolsToWorker): void
  listen(h: (m: WorkerToDevtools) => void): () => void
}

export interface CaptureDeps {
  tabId: number
  panel: Adapter<PanelToDevtools, DevtoolsToPanel>
  worker: WorkerLink
  settings: CaptureSettings
  saveSettings(s: CaptureSettings): void
  getHAR(): Promise<unknown[]>
  /** When to call getHAR() beyond start-up: a per-browser choice (see backfill-policy.ts). */
  backfill: BackfillPolicy
  /** Runs `fn` soon, off the current task (setTimeout in the browser, manual in tests). */
  later(fn: () => void, ms: number): void
  now(): number
  inspectedUrl(): string
  /** Parses an API description: off this thread in the browser (description-parser.ts). */
  parseDescription: ParseDescription
}

/** Entries processed per slice before yielding, so a burst never blocks DevTools. */
const SLICE_ENTRIES = 400
const SLICE_MS = 8
const PUBLISH_MS = 100
/** Observed URLs kept per tab, re-sent to a restarted worker. */
const OBSERVED_LIMIT = 5000

interface ProbeRequest {
  request: LadderRequestMessage
  /** Asked past the worker's cache (Probe again, a grant); a re-send after a restart is not. */
  fresh: boolean
}

interface DescriptionRead {
  origin: string
  url?: string
}

/**
 * The devtools page's brain: receives entries from the moment DevTools opens, feeds the engine
 * in slices, publishes findings to the panel in batches, and drives probes through the worker.
 * Browser APIs come in through `deps`, so the whole flow is unit-testable.
 */
export class CaptureController {
  readonly engine = new Engine()
  private queue: { entry: unknown; source: EntrySource; round: number }[] = []
  private rounds = 0
  /** Events of the last second, for a navigation reported after its document (carry-over.ts). */
  private recent: RecentEntry[] = []
  /** Entries a navigation kept: their bodies, fetched under the old epoch, are still wanted. */
  private carried = new WeakSet<object>()
  /** Read position in `queue`: shift() on a 100k backfill is quadratic. */
  private head = 0
  private draining = false
  private publishQueued = false
  private settings: CaptureSettings
  /** Which inspected site each request belongs to: the worker judges probes by it. */
  private timeline = new SiteTimeline()
  /** (URL → sites) already told to the worker, re-sent to a restarted one. */
  private observed = new Map<string, Set<string>>()
  /** URLs of probes waiting for a click (`not-approved`) → their endpoints. */
  private waiting = new Map<string, Set<string>>()
  private probes = new Map<string, ProbeStatus>()
  private requests = new Map<string, LadderRequestMessage>()
  /** Probes and description reads share one id sequence: the worker's answers name only the id. */
  private ids = idSource()
  private pending = new PendingRequests<ProbeRequest>(
    {
      send: (id, { request, fresh }, again) =>
        this.deps.worker.send({
          type: 'worker/probe',
          id,
          tabId: this.deps.tabId,
          request,
          mode: this.settings.probeMode,
          fresh: again ? false : fresh,
        }),
      giveUp: ({ request }, reason) =>
        this.setProbe({ endpoint: request.endpoint, origin: originOf(request.url), state: 'error', reason }),
    },
    this.ids,
  )
  private descriptions = new ApiDescriptions()
  private descriptionRequests = new PendingRequests<DescriptionRead>(
    {
      send: (id, { origin, url }) =>
        this.deps.worker.send({
          type: 'worker/read-description',
          id,
          tabId: this.deps.tabId,
          origin,
          ...(url ? { url } : {}),
        }),
      giveUp: ({ origin }, reason) => this.setDescription({ origin, state: 'error', reason }),
    },
    this.ids,
  )
  private descriptionStates = new Map<string, ApiDescriptionStatus>()
  private failures = 0
  /** The inspected page's top-level URL as last told to the worker: its site is probed without a click. */
  private page = ''
  private publishedEntries = 0
  private generation = 0

  constructor(private readonly deps: CaptureDeps) {
    this.settings = deps.settings
    deps.panel.listen((m) => this.onPanel(m))
    deps.worker.listen((m) => this.onWorker(m))
  }

  /** One HAR entry from onRequestFinished, getHAR() or a body upgrade. */
  add(entry: unknown, source: EntrySource = 'event', round = 0): void {
    this.noteRequest(entry)
    if (source === 'event') {
      const r = recentEntry(entry, this.deps.now())
      if (r) this.recent = pruneRecent([...this.recent, r], r.received)
    }
    this.enqueue(entry, source, round)
  }

  private enqueue(entry: unknown, source: EntrySource, round: number): void {
    this.queue.push({ entry, source, round })
    if (!this.draining) {
      this.draining = true
      this.deps.later(() => this.drain(), 0)
    }
  }

  async backfill(): Promise<void> {
    const generation = this.generation
    let entries: unknown[] = []
    try {
      entries = await this.deps.getHAR()
    } catch {
      return
    }
    if (generation !== this.generation) return
    const round = ++this.rounds
    for (const e of entries) this.add(e, 'backfill', round)
  }

  /** A main-frame navigation: the Network panel's rules (Preserve log keeps, otherwise clear). */
  navigated(url = ''): void {
    if (this.settings.preserveLog) return
    const carried = url === '' ? [] : newPageEntries(this.recent, url, this.deps.now())
    this.clear()
    // They keep the time they arrived: a reload a second later must not carry them again.
    this.recent = carried
    for (const r of carried) {
      if (typeof r.entry === 'object' && r.entry !== null) this.carried.add(r.entry)
      this.enqueue(r.entry, 'event', 0)
    }
    // After a navigation getHAR() holds only the new page's requests: the browser's own boundary.
    // Requests finishing while the navigation commits can miss both the event and the first
    // backfill; backfills are idempotent, so look again shortly after.
    const generation = this.generation
    for (const ms of this.deps.backfill.afterNavigation)
      if (ms === 0) void this.backfill()
      else this.deps.later(() => generation === this.generation && void this.backfill(), ms)
  }

  /**
   * The inspected page's top-level URL, from `onNavigated` or the start-up `location.href`, which
   * holds from `since` (wall-clock ms of DevTools' report; -Infinity for the page DevTools opened
   * on). Each request belongs to the site inspected when it started, and the worker judges probes
   * by that. A probe waiting for a click is asked again only when this makes its URL a request of
   * its own origin's page (the start-up site arriving late), never because the tab moved to the
   * URL's origin: a page that requests a URL, then navigates there, has not made it that site's.
   */
  inspected(url: string, since: number): void {
    if (url === this.page) return
    this.page = url
    this.timeline.enter(url, since)
    this.deps.worker.send({ type: 'worker/inspected', tabId: this.deps.tabId, url })
    this.askOwnAgain([...this.waiting.keys()])
  }

  /** Notes which site requested an entry's URL; the page asking again for a waiting URL may own it now. */
  private noteRequest(entry: unknown): void {
    if (typeof entry !== 'object' || entry === null) return
    const { request, startedDateTime } = entry as { request?: { url?: unknown }; startedDateTime?: unknown }
    const url = request?.url
    if (typeof url !== 'string' || !isHttpUrl(url)) return
    if (this.timeline.requested(url, startedDateTime) && this.waiting.has(url)) this.askOwnAgain([url])
  }

  /** Re-sends waiting probes whose URL the page of its own origin requested. */
  private askOwnAgain(urls: string[]): void {
    if (!this.settings.probing) return
    for (const url of urls) {
      if (!this.timeline.sitesOf(url).includes(originOf(url))) continue
      for (const endpoint of [...(this.waiting.get(url) ?? [])]) {
        const r = this.requests.get(endpoint)
        if (r) this.probe(r, false)
      }
    }
  }

  reconnected(): void {
    // A new worker knows nothing: the page first, so no probe is judged without it.
    if (this.page !== '')
      this.deps.worker.send({ type: 'worker/inspected', tabId: this.deps.tabId, url: this.page })
    this.sendObserved([...this.observed.keys()], true)
    this.descriptionRequests.reconnected()
    this.pending.reconnected()
  }

  /** Changes on every clear: late data (a body fetched before a navigation) can be recognised and dropped. */
  get epoch(): number {
    return this.generation
  }

  /** The same entry again with its response body, read under `epoch`. */
  addBody(original: unknown, withBody: unknown, epoch: number): void {
    const kept = typeof original === 'object' && original !== null && this.carried.has(original)
    if (epoch === this.generation || kept) this.add(withBody, 'body')
  }

  apiDescriptions(): ApiDescriptionStatus[] {
    return [...this.descriptionStates.values()]
  }

  probeStates(): ProbeStatus[] {
    return [...this.probes.values()]
  }

  stats(): CaptureStats {
    return { entries: this.engine.entries, findings: this.engine.findingCount }
  }

  private drain(): void {
    const started = this.deps.now()
    let n = 0
    while (this.head < this.queue.length && n < SLICE_ENTRIES && this.deps.now() - started < SLICE_MS) {
      const { entry, source, round } = this.queue[this.head++]!
      n++
      try {
        this.engine.add(entry, source, round)
      } catch (err) {
        // One bad entry must never stop capture: note it and go on.
        this.failures++
        if (this.failures <= 3)
          console.warn(
            '[method-doctor] could not analyse an entry:',
            err instanceof Error ? err.message : String(err),
          )
      }
    }
    if (this.head >= this.queue.length) {
      this.queue = []
      this.head = 0
    } else if (this.head > 4096) {
      this.queue = this.queue.slice(this.head)
      this.head = 0
    }
    this.schedulePublish()
    if (this.queue.length > 0) this.deps.later(() => this.drain(), 0)
    else this.draining = false
  }

  private schedulePublish(): void {
    if (this.publishQueued) return
    this.publishQueued = true
    this.deps.later(() => {
      this.publishQueued = false
      this.publish()
    }, PUBLISH_MS)
  }

  private publish(): void {
    const { upserts, removed } = this.engine.takeChanges()
    // Successful requests change no finding but do change the request count the panel shows.
    if (upserts.length > 0 || removed.length > 0 || this.engine.entries !== this.publishedEntries) {
      this.publishedEntries = this.engine.entries
      this.deps.panel.send({ type: 'devtools/changes', upserts, removed, stats: this.stats() })
    }
    // Probes wait until a burst has been taken in: sent during it they queue behind the page's own
    // requests, and the storm's later entries may still join (or settle) the same endpoint.
    if (this.head < this.queue.length) return
    const targets = this.engine.takeProbeTargets().filter((t) => isHttpUrl(t.url))
    for (const t of targets) {
      const request = this.toRequest(t)
      this.requests.set(t.endpoint, request)
      if (this.settings.probing) this.probe(request, false)
    }
  }

  private toRequest(t: ProbeTarget): LadderRequestMessage {
    return {
      endpoint: t.endpoint,
      url: t.url,
      method: t.method,
      suspect: t.suspect,
      knownToExist: this.engine.knownToExist(t.url, t.method),
    }
  }

  private probe(request: LadderRequestMessage, fresh: boolean): void {
    this.sendObserved([request.url])
    // A newer request for the endpoint (Probe again, a changed cookie choice) supersedes any still
    // pending: a late answer to the old one must not overwrite the new.
    this.pending.forget((p) => p.request.endpoint === request.endpoint)
    this.setProbe({
      endpoint: request.endpoint,
      origin: originOf(request.url),
      site: originOf(this.page),
      state: 'pending',
    })
    this.pending.send({ request, fresh })
  }

  /** Tells the worker under which sites the page requested `urls` (all of them again on `resend`). */
  private sendObserved(urls: string[], resend = false): void {
    const bySite = new Map<string, string[]>()
    for (const u of urls) {
      const told = this.observed.get(u) ?? new Set<string>()
      for (const site of this.timeline.sitesOf(u)) {
        if (!resend && told.has(site)) continue
        told.add(site)
        const list = bySite.get(site) ?? []
        list.push(u)
        bySite.set(site, list)
      }
      this.observed.delete(u)
      this.observed.set(u, told)
    }
    while (this.observed.size > OBSERVED_LIMIT)
      this.observed.delete(this.observed.keys().next().value as string)
    for (const [site, fresh] of bySite)
      for (let i = 0; i < fresh.length; i += 1000)
        this.deps.worker.send({
          type: 'worker/observed',
          tabId: this.deps.tabId,
          site,
          urls: fresh.slice(i, i + 1000),
        })
  }

  private setProbe(status: ProbeStatus): void {
    this.probes.set(status.endpoint, status)
    const url = this.requests.get(status.endpoint)?.url
    if (url !== undefined) {
      const endpoints = this.waiting.get(url) ?? new Set<string>()
      if (status.state === 'no-permission' && status.reason === 'not-approved') endpoints.add(status.endpoint)
      else endpoints.delete(status.endpoint)
      if (endpoints.size > 0) this.waiting.set(url, endpoints)
      else this.waiting.delete(url)
    }
    this.deps.panel.send({ type: 'devtools/probe', status })
  }

  private onWorker(m: WorkerToDevtools): void {
    if (m.type === 'worker/description' || m.type === 'worker/description-failed') {
      this.onDescription(m)
      return
    }
    const p = this.pending.answer(m.id)
    if (!p) return
    const origin = originOf(p.request.url)
    if (m.type === 'worker/probe-result') {
      this.engine.addProbe({ ...m.result, endpoint: p.request.endpoint })
      this.setProbe({ endpoint: p.request.endpoint, origin, site: m.site, state: 'done', result: m.result })
      this.schedulePublish()
    } else {
      // Both wait for the user's click on "Allow probing": the panel offers it for either.
      const waitsForClick = m.reason === 'no-permission' || m.reason === 'not-approved'
      this.setProbe({
        endpoint: p.request.endpoint,
        origin,
        site: m.site,
        state: waitsForClick ? 'no-permission' : 'refused',
        reason: m.reason,
      })
    }
  }

  private onDescription(
    m: Extract<WorkerToDevtools, { type: 'worker/description' | 'worker/description-failed' }>,
  ): void {
    const origin = this.descriptionRequests.answer(m.id)?.origin
    if (origin === undefined) return
    if (m.type === 'worker/description') void this.useDescription(origin, m.text, m.source, m.tried)
    else
      this.setDescription({
        origin,
        state: m.reason === 'not-found' ? 'not-found' : 'error',
        reason: m.reason,
        tried: m.tried,
      })
  }

  /** Parses a description and lets the engine re-check every finding of that origin against it. */
  private async useDescription(
    origin: string,
    text: string,
    source: string,
    tried?: { url: string; status: number }[],
  ): Promise<void> {
    try {
      const desc = await this.deps.parseDescription(text)
      this.descriptions.set(origin, desc, source)
      this.engine.setDeclaredLookup(this.descriptions.lookup)
      this.setDescription({
        origin,
        state: 'loaded',
        source,
        paths: desc.paths.length,
        title: desc.title,
        ...(tried ? { tried } : {}),
      })
      this.schedulePublish()
    } catch (err) {
      // A bad document changes nothing else.
      this.setDescription({
        origin,
        state: 'error',
        source,
        reason: err instanceof ApiDescriptionError ? err.reason : 'not-parsable',
      })
    }
  }

  private setDescription(status: ApiDescriptionStatus): void {
    this.descriptionStates.set(status.origin, status)
    this.deps.panel.send({ type: 'devtools/api-description', status })
  }

  private onPanel(m: PanelToDevtools): void {
    switch (m.type) {
      case 'panel/read-api-description': {
        // Vouch for the origin only with URLs this page really requested (the worker checks them).
        const urls = this.engine
          .findings()
          .flatMap((f) => f.chain.map((h) => h.url))
          .filter((u) => originOf(u) === m.origin)
        if (urls.length === 0 && m.url === undefined) {
          this.setDescription({ origin: m.origin, state: 'error', reason: 'not-observed' })
          break
        }
        this.sendObserved(urls)
        this.setDescription({ origin: m.origin, state: 'loading' })
        this.descriptionRequests.send({ origin: m.origin, ...(m.url ? { url: m.url } : {}) })
        break
      }
      case 'panel/api-description-text':
        void this.useDescription(m.origin, m.text, m.name)
        break
      case 'panel/hello':
        this.deps.panel.send({
          type: 'devtools/snapshot',
          findings: this.engine.findings(),
          probes: [...this.probes.values()],
          stats: this.stats(),
          settings: this.settings,
          inspectedUrl: this.deps.inspectedUrl(),
        })
        for (const status of this.descriptionStates.values())
          this.deps.panel.send({ type: 'devtools/api-description', status })
        // The snapshot already holds every change so far.
        this.engine.takeChanges()
        // Chrome fires onRequestFinished only once a body is consumed; DevTools' own log has the rest.
        if (this.deps.backfill.onPanelOpen) void this.backfill()
        break
      case 'panel/clear':
        this.clear()
        break
      case 'panel/settings': {
        const before = this.settings
        this.settings = { ...this.settings, ...m.settings }
        this.deps.saveSettings(this.settings)
        if (!before.probing && this.settings.probing)
          for (const r of this.requests.values()) if (!this.probes.has(r.endpoint)) this.probe(r, false)
        break
      }
      case 'panel/probe-again': {
        const r = this.requests.get(m.endpoint)
        if (r) this.probe({ ...r, knownToExist: this.engine.knownToExist(r.url, r.method) }, true)
        break
      }
      case 'panel/permissions-changed':
        for (const s of [...this.probes.values()]) {
          const r = this.requests.get(s.endpoint)
          if (r && s.state === 'no-permission') this.probe(r, true)
        }
        break
    }
  }

  private clear(): void {
    this.generation++
    this.recent = []
    this.carried = new WeakSet()
    this.queue = []
    this.head = 0
    this.engine.clear()
    this.engine.takeChanges()
    this.probes.clear()
    this.requests.clear()
    this.waiting.clear()
    this.pending.clear()
    this.deps.panel.send({ type: 'devtools/cleared', stats: this.stats() })
  }
}
