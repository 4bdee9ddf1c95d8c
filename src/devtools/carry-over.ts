import { normalizeEntry } from '../core/har'

/**
 * Firefox can report a page's document request (and a redirect or two before it) a few
 * milliseconds *before* the navigation event that clears the capture. Without a getHAR() after
 * the navigation (see backfill-policy.ts) those entries would be wiped, and they are often the
 * interesting ones: a form POST answered 405, a POST turned into a GET by a 303.
 */
export interface RecentEntry {
  entry: unknown
  /** Fragment-free URL, as normalised by the engine. */
  url: string
  /** startedDateTime in ms. */
  start: number
  /** Resolved redirect target, '' unless a 3xx. */
  redirect: string
  /** When the devtools page received it (its own clock). */
  received: number
}

/** How far back a navigation event looks for entries of the new page. */
export const CARRY_WINDOW_MS = 1000
const MAX_RECENT = 200
const MAX_HOPS = 20

export function recentEntry(entry: unknown, received: number): RecentEntry | null {
  const x = normalizeEntry(entry, 0)
  if (!x || !Number.isFinite(x.start)) return null
  return { entry, url: x.url.split('#')[0] ?? x.url, start: x.start, redirect: x.redirectURL, received }
}

/** Keeps the list short: only the last window's entries can belong to a page still navigating. */
export function pruneRecent(recent: RecentEntry[], now: number): RecentEntry[] {
  const fresh = recent.filter((r) => now - r.received <= CARRY_WINDOW_MS)
  return fresh.length > MAX_RECENT ? fresh.slice(-MAX_RECENT) : fresh
}

/**
 * The entries that belong to the page now at `url`: its document request, the redirects that led
 * to it, and everything that started after them. Only entries received in the last window count,
 * so a reload of the same URL does not bring back the old page.
 */
export function newPageEntries(recent: readonly RecentEntry[], url: string, now: number): RecentEntry[] {
  const window = recent.filter((r) => now - r.received <= CARRY_WINDOW_MS)
  const target = url.split('#')[0] ?? url
  let doc = findLast(window, (r) => r.url === target)
  if (!doc) return []
  for (let hops = 0; hops < MAX_HOPS; hops++) {
    const current: RecentEntry = doc
    const before = findLast(
      window,
      (r) => r !== current && r.redirect === current.url && r.start <= current.start,
    )
    if (!before) break
    doc = before
  }
  const start = doc.start
  return window.filter((r) => r.start >= start)
}

function findLast<T>(list: readonly T[], test: (item: T) => boolean): T | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (test(list[i]!)) return list[i]
  return undefined
}
