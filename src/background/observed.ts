const PER_TAB = 5000

/**
 * URLs each inspected tab really requested, as its devtools page reported them, query included
 * (a fragment never reaches the server). The worker probes nothing else, not even the same path
 * with another query. In memory only: a restarted worker is re-told by the devtools page.
 */
export class ObservedUrls {
  private tabs = new Map<number, Set<string>>()

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
  }
}

function withoutFragment(url: string): string {
  const i = url.indexOf('#')
  return i === -1 ? url : url.slice(0, i)
}
