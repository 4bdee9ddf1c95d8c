import { normalizeEntry } from '../core/har'

interface Doc {
  url: string
  start: number
  redirect: string
}

/** How far back a redirect chain into the new page is followed. */
const MAX_HOPS = 20

/**
 * When the page the tab navigated to began, in wall-clock ms: the start of its document request
 * (or of the first redirect that led to it). A `getHAR()` read after a navigation lists the old
 * page's requests as well whenever the Network panel's own "Preserve log" is on, so entries that
 * started earlier belong to the page the tab left: with Method Doctor's Preserve log off they must
 * not come back. Null when the log has no document request for the URL: Chrome reports a
 * same-document navigation (pushState) too, and then the whole log is still this page's.
 */
export function pageStart(entries: readonly unknown[], url: string, navigatedAt: number): number | null {
  const target = url.split('#')[0] ?? url
  const docs: Doc[] = []
  for (const e of entries) {
    const x = normalizeEntry(e, 0)
    if (!x || !Number.isFinite(x.start) || x.start > navigatedAt) continue
    docs.push({ url: x.url.split('#')[0] ?? x.url, start: x.start, redirect: x.redirectURL })
  }
  // The latest request for the URL before the navigation: a reload lists the same URL again.
  let doc: Doc | undefined = latest(docs, (d) => d.url === target)
  if (!doc) return null
  for (let hops = 0; hops < MAX_HOPS; hops++) {
    const current: Doc = doc
    const before: Doc | undefined = latest(
      docs,
      (d) => d !== current && d.redirect === current.url && d.start <= current.start,
    )
    if (!before) break
    doc = before
  }
  return doc.start
}

function latest<T extends { start: number }>(list: readonly T[], test: (item: T) => boolean): T | undefined {
  let best: T | undefined
  for (const item of list) if (test(item) && (!best || item.start >= best.start)) best = item
  return best
}
