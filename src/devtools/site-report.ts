import { isHttpUrl, originOf } from '../core/url'
import type { CaptureDeps } from './capture-deps'
import { SiteTimeline } from './site-timeline'

/** Observed URLs kept per tab, re-sent to a restarted worker. */
const OBSERVED_LIMIT = 5000
/** URLs per `devtools/observed-urls` message. */
const BATCH = 1000

/**
 * What the worker needs to judge a probe or a description read: the inspected page, and under
 * which sites the page requested each URL (site-timeline.ts). Remembers what it told, so a
 * restarted worker, which knows nothing, hears it all again.
 */
export class SiteReport {
  /** The inspected page's top-level URL as last told to the worker: its site is probed without a click. */
  private page = ''
  /** Which inspected site each request belongs to. */
  private readonly timeline = new SiteTimeline()
  /** (URL → sites) already told to the worker, the most recently used URL last. */
  private readonly observed = new Map<string, Set<string>>()

  constructor(private readonly o: Pick<CaptureDeps, 'tabId' | 'worker'>) {}

  /** The inspected page's origin ('' while unknown). */
  get pageOrigin(): string {
    return originOf(this.page)
  }

  /** The inspected page is `url` from `since` (see CaptureController.inspected); false if unchanged. */
  inspected(url: string, since: number): boolean {
    if (url === this.page) return false
    this.page = url
    this.timeline.enter(url, since)
    this.o.worker.send({ type: 'devtools/inspected-url', tabId: this.o.tabId, url })
    return true
  }

  /** Notes which site requested an entry's URL; returns the URL when that adds a site to it. */
  requested(entry: unknown): string | undefined {
    if (typeof entry !== 'object' || entry === null) return undefined
    const { request, startedDateTime } = entry as { request?: { url?: unknown }; startedDateTime?: unknown }
    const url = request?.url
    if (typeof url !== 'string' || !isHttpUrl(url)) return undefined
    return this.timeline.requested(url, startedDateTime) ? url : undefined
  }

  /** The page of `url`'s own origin requested it: probed without a click. */
  ownRequest(url: string): boolean {
    return this.timeline.sitesOf(url).includes(originOf(url))
  }

  /** Tells the worker under which sites the page requested `urls`, each site once. */
  tell(urls: string[]): void {
    this.send(urls, false)
  }

  /** A new worker knows nothing: the page first, so no probe is judged without it, then every URL. */
  reconnected(): void {
    if (this.page !== '')
      this.o.worker.send({ type: 'devtools/inspected-url', tabId: this.o.tabId, url: this.page })
    this.send([...this.observed.keys()], true)
  }

  private send(urls: string[], resend: boolean): void {
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
      // Re-inserted: the most recently used URLs are the last to go.
      this.observed.delete(u)
      this.observed.set(u, told)
    }
    while (this.observed.size > OBSERVED_LIMIT)
      this.observed.delete(this.observed.keys().next().value as string)
    for (const [site, fresh] of bySite)
      for (let i = 0; i < fresh.length; i += BATCH)
        this.o.worker.send({
          type: 'devtools/observed-urls',
          tabId: this.o.tabId,
          site,
          urls: fresh.slice(i, i + BATCH),
        })
  }
}
