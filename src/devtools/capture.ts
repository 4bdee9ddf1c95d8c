import type { EntrySource } from '../core/chains'
import { Engine } from '../core/engine'
import type { Finding } from '../core/types'
import {
  type ApiDescriptionStatus,
  type CaptureSettings,
  type CaptureStats,
  type PanelToDevtools,
  type ProbeStatus,
  summarize,
  type WorkerToDevtools,
} from '../shared/messages'
import type { CaptureDeps } from './capture-deps'
import { DescriptionRequests } from './description-requests'
import { EntryQueue } from './entry-queue'
import { Navigation } from './navigation'
import { idSource } from './pending-requests'
import { ProbeRequests } from './probe-requests'
import { Publisher } from './publisher'
import { SiteReport } from './site-report'

export type { CaptureDeps, WorkerLink } from './capture-deps'

/**
 * The devtools page's brain: receives entries from the moment DevTools opens, feeds the engine
 * in slices (entry-queue.ts), publishes findings to the panel in batches (publisher.ts), follows
 * navigations (navigation.ts), and drives probes and API-description reads through the worker
 * (probe-requests.ts, description-requests.ts), which it keeps told about the page (site-report.ts).
 * This class wires those parts and routes the panel's and the worker's messages to them. Browser
 * APIs come in through `deps`, so the whole flow is unit-testable.
 */
export class CaptureController {
  readonly engine = new Engine()
  private settings: CaptureSettings
  private readonly queue: EntryQueue
  private readonly publisher: Publisher
  private readonly navigation: Navigation
  private readonly sites: SiteReport
  private readonly probes: ProbeRequests
  private readonly descriptions: DescriptionRequests

  constructor(private readonly deps: CaptureDeps) {
    this.settings = deps.settings
    const { engine } = this
    const publish = () => this.publisher.schedule()
    // Probes and description reads share one id sequence: the worker's answers name only the id.
    const ids = idSource()
    this.queue = new EntryQueue(deps, {
      take: (entry, source, round) => engine.add(entry, source, round),
      sliced: publish,
    })
    this.publisher = new Publisher(deps, {
      engine,
      stats: () => this.stats(),
      busy: () => this.queue.busy,
      idle: () => this.probes.takeTargets(),
    })
    this.navigation = new Navigation(deps, {
      add: (entry, source, round) => this.add(entry, source, round),
      requeue: (entry) => this.queue.push(entry, 'event', 0),
      clear: () => this.clear(),
    })
    this.sites = new SiteReport(deps)
    const parts = { engine, sites: this.sites, publish, ids }
    this.probes = new ProbeRequests(deps, { ...parts, settings: () => this.settings })
    this.descriptions = new DescriptionRequests(deps, parts)
    deps.panel.listen((m) => this.onPanel(m))
    deps.worker.listen((m) => this.onWorker(m))
  }

  /** One HAR entry from onRequestFinished, getHAR() or a body upgrade. */
  add(entry: unknown, source: EntrySource = 'event', round = 0): void {
    // The page asking again for a waiting URL may make it its own origin's request now.
    const url = this.sites.requested(entry)
    if (url !== undefined) this.probes.askOwnAgain([url])
    // Kept a second for a navigation that clears; with Preserve log on nothing is cleared, and a
    // storm's entries held that long outlive the young generation (they made major GCs).
    if (source === 'event' && !this.settings.preserveLog) this.navigation.received(entry)
    this.queue.push(entry, source, round)
  }

  /** Reads DevTools' own log (getHAR()); idempotent, so it may run as often as the browser needs. */
  backfill(): Promise<void> {
    return this.navigation.backfill()
  }

  /** A main-frame navigation: the Network panel's rules (Preserve log keeps, otherwise clear). */
  navigated(url = ''): void {
    if (!this.settings.preserveLog) this.navigation.navigated(url)
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
    if (this.sites.inspected(url, since)) this.probes.askOwnAgain()
  }

  /** A new worker took over (port.ts): it hears the page and URLs first, then what was in flight. */
  reconnected(): void {
    this.sites.reconnected()
    this.descriptions.reconnected()
    this.probes.reconnected()
  }

  /** Changes on every clear: late data (a body fetched before a navigation) can be recognised and dropped. */
  get epoch(): number {
    return this.navigation.epoch
  }

  /** The same entry again with its response body, read under `epoch`. */
  addBody(original: unknown, withBody: unknown, epoch: number): void {
    if (this.navigation.accepts(original, epoch)) this.add(withBody, 'body')
  }

  apiDescriptions(): ApiDescriptionStatus[] {
    return this.descriptions.statuses()
  }

  probeStates(): ProbeStatus[] {
    return this.probes.states()
  }

  stats(): CaptureStats {
    return { entries: this.engine.entries, findings: this.engine.findingCount }
  }

  private onWorker(m: WorkerToDevtools): void {
    if (m.type === 'worker/description' || m.type === 'worker/description-failed')
      this.descriptions.onAnswer(m)
    else this.probes.onAnswer(m)
  }

  private onPanel(m: PanelToDevtools): void {
    switch (m.type) {
      case 'panel/read-api-description':
        this.descriptions.read(m.origin, m.url)
        break
      case 'panel/api-description-text':
        void this.descriptions.use(m.origin, m.text, m.name)
        break
      case 'panel/hello':
        this.hello()
        break
      case 'panel/findings':
        this.deps.panel.send({
          type: 'devtools/findings',
          request: m.request,
          findings: this.whole(m.ids ?? null),
        })
        break
      case 'panel/clear':
        this.clear()
        break
      case 'panel/settings': {
        const before = this.settings
        this.settings = { ...this.settings, ...m.settings }
        this.deps.saveSettings(this.settings)
        if (!before.probing && this.settings.probing) this.probes.probingOn()
        break
      }
      case 'panel/probe-again':
        this.probes.again(m.endpoint)
        break
      case 'panel/permissions-changed':
        this.probes.permissionsChanged()
        break
    }
  }

  /** A panel opened (maybe long after capture started): everything so far, in one snapshot. */
  private hello(): void {
    this.deps.panel.send({
      type: 'devtools/snapshot',
      findings: this.engine.findings({ detail: 'listing' }).map(summarize),
      probes: this.probes.states(),
      stats: this.stats(),
      settings: this.settings,
      inspectedUrl: this.deps.inspectedUrl(),
    })
    this.descriptions.resendStates()
    // The snapshot already holds every change so far.
    this.engine.markAllTaken()
    // Chrome fires onRequestFinished only once a body is consumed; DevTools' own log has the rest.
    if (this.deps.backfill.onPanelOpen) void this.backfill()
  }

  /** The whole findings with these ids (all of them for null), in the engine's order. */
  private whole(ids: readonly string[] | null): Finding[] {
    return this.engine.findings(ids === null ? {} : { ids })
  }

  /** Empties the capture (a navigation or Clear); API descriptions stay, they describe the server. */
  private clear(): void {
    this.navigation.cleared()
    this.queue.clear()
    this.engine.clear()
    this.engine.takeChanges('listing')
    this.probes.clear()
    this.deps.panel.send({ type: 'devtools/cleared', stats: this.stats() })
  }
}
