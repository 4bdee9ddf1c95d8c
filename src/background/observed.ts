import { canonicalOrigin, parseUrl, siteOf } from '../core/url'

const PER_TAB = 5000
/** Sites kept per URL: a URL requested under more sites than this keeps the latest. */
const SITES_PER_URL = 8

/**
 * URLs each inspected tab really requested, as its devtools page reported them, query included
 * (a fragment never reaches the server), each with the inspected site(s) under which the page
 * requested it. The worker probes nothing else, not even the same path with another query, and
 * judges a probe by those sites, never by the site inspected when the probe is asked: a page that
 * requests a URL and then navigates the tab to that URL's origin has not made it that site's own.
 * In memory only: a restarted worker is re-told by the devtools page.
 */
export class ObservedUrls {
  private tabs = new Map<number, Map<string, string[]>>()
  /** Each tab's inspected site (origin-pairs.ts), as its devtools page last reported it. */
  private sites = new Map<number, string>()

  /** The tab's top-level page is now `pageUrl`; a URL that is not http(s) leaves it without a site. */
  inspected(tabId: number, pageUrl: string): void {
    const site = siteOf(pageUrl)
    if (site === null) this.sites.delete(tabId)
    else this.sites.set(tabId, site)
  }

  /** The inspected page's origin, or null before the devtools page said or on a non-http page. */
  site(tabId: number): string | null {
    return this.sites.get(tabId) ?? null
  }

  /** The page requested `urls` while `site` was inspected ('' when no http(s) site was known). */
  add(tabId: number, site: string, urls: readonly string[]): void {
    let map = this.tabs.get(tabId)
    if (!map) {
      map = new Map()
      this.tabs.set(tabId, map)
    }
    const under = canonicalOrigin(site) ?? ''
    for (const u of urls) {
      const key = withoutFragment(u)
      const sites = (map.get(key) ?? []).filter((s) => s !== under)
      sites.push(under)
      if (sites.length > SITES_PER_URL) sites.shift()
      // Most recently requested last, so the oldest go first when the list is full.
      map.delete(key)
      map.set(key, sites)
    }
    while (map.size > PER_TAB) map.delete(map.keys().next().value as string)
  }

  /** The sites under which the page requested `url`, the latest last; empty when it never did. */
  sitesOf(tabId: number, url: string): readonly string[] {
    return this.tabs.get(tabId)?.get(withoutFragment(url)) ?? []
  }

  has(tabId: number, url: string): boolean {
    return this.sitesOf(tabId, url).length > 0
  }

  /** The page requested some URL of `origin` while `site` was inspected. */
  requestedUnder(tabId: number, origin: string, site: string): boolean {
    for (const [u, sites] of this.tabs.get(tabId) ?? [])
      if (sites.includes(site) && parseUrl(u)?.origin === origin) return true
    return false
  }

  forget(tabId: number): void {
    this.tabs.delete(tabId)
    this.sites.delete(tabId)
  }
}

function withoutFragment(url: string): string {
  const i = url.indexOf('#')
  return i === -1 ? url : url.slice(0, i)
}
