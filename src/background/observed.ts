import { siteOf } from '../core/url'

const PER_TAB = 5000

/**
 * URLs each inspected tab really requested, as its devtools page reported them, query included
 * (a fragment never reaches the server). The worker probes nothing else, not even the same path
 * with another query. In memory only: a restarted worker is re-told by the devtools page.
 */
export class ObservedUrls {
  private tabs = new Map<number, Set<string>>()
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

  add(tabId: number, urls: readonly string[]): void {
    let set = this.tabs.get(tabId)
    if (!set) {
      set = new Set()
      this.tabs.set(tabId, set)
    }
    for (const u of urls) {
      set.delete(withoutFragment(u))
      set.add(withoutFragment(u))
    }
    while (set.size > PER_TAB) set.delete(set.values().next().value as string)
  }

  has(tabId: number, url: string): boolean {
    return this.tabs.get(tabId)?.has(withoutFragment(url)) ?? false
  }

  hasOrigin(tabId: number, origin: string): boolean {
    for (const u of this.tabs.get(tabId) ?? []) if (u.startsWith(`${origin}/`)) return true
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
