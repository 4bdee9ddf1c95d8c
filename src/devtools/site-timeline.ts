import { siteOf } from '../core/url'

/** URLs whose sites are remembered; the oldest go first (a probe asks within moments of a request). */
const URL_LIMIT = 20_000
/** Sites remembered per URL: the latest request under each, the latest sites kept. */
const TIMES_PER_URL = 8

/**
 * Which inspected site each request belongs to: the one inspected when the request started (its
 * HAR `startedDateTime`, written by the browser), never the one inspected when it is probed. A
 * navigation starts a site from the moment DevTools reported it, so a request the old page made
 * before leaving (even one first seen in a later getHAR()) stays the old site's, and one the new
 * page makes before that report counts as the old site's too: the safe side.
 */
export class SiteTimeline {
  /** Sorted by `since`: from then on, until the next, `site` was inspected ('' none). */
  private periods: { since: number; site: string }[] = []
  /** Per URL, start times of its requests, at most one per period. */
  private urls = new Map<string, number[]>()

  /**
   * The inspected page is `pageUrl` from `since` (wall-clock ms). -Infinity for the page DevTools
   * opened on: it made every request seen before its site was known.
   */
  enter(pageUrl: string, since: number): void {
    const site = siteOf(pageUrl) ?? ''
    let i = this.periods.length
    while (i > 0 && this.periods[i - 1]!.since > since) i--
    this.periods.splice(i, 0, { since, site })
  }

  /** The page requested `url` at `startedDateTime`; true when that adds a site to the URL's. */
  requested(url: string, startedDateTime: unknown): boolean {
    const t = typeof startedDateTime === 'string' ? Date.parse(startedDateTime) : Number.NaN
    const before = this.sitesOf(url)
    const period = this.periodAt(t)
    const times = this.urls.get(url) ?? []
    const same = times.findIndex((x) => this.periodAt(x) === period)
    if (same === -1) times.push(t)
    else if (Number.isNaN(times[same]!) || t > times[same]!) times[same] = t
    // Oldest first, an unknown time before all: the cap drops those first.
    times.sort((a, b) => (Number.isNaN(a) ? -1 : Number.isNaN(b) ? 1 : a - b))
    while (times.length > TIMES_PER_URL) times.shift()
    this.urls.delete(url)
    this.urls.set(url, times)
    while (this.urls.size > URL_LIMIT) this.urls.delete(this.urls.keys().next().value as string)
    const after = this.sitesOf(url)
    return after.some((s) => !before.includes(s))
  }

  /** The sites under which the page requested `url`, the latest last; [''] when unknown. */
  sitesOf(url: string): string[] {
    const out: string[] = []
    for (const t of this.urls.get(url) ?? []) {
      const site = this.siteAt(t)
      const i = out.indexOf(site)
      if (i !== -1) out.splice(i, 1)
      out.push(site)
    }
    return out.length === 0 ? [''] : out
  }

  /** The site inspected at `t`; '' before any, or for an unknown time. */
  private siteAt(t: number): string {
    const i = this.periodAt(t)
    return i === -1 ? '' : this.periods[i]!.site
  }

  /** Index of the period holding `t`: the last one starting at or before it; -1 none or unknown. */
  private periodAt(t: number): number {
    if (Number.isNaN(t)) return -1
    for (let i = this.periods.length - 1; i >= 0; i--) if (this.periods[i]!.since <= t) return i
    return -1
  }
}
