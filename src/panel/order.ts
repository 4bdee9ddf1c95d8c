/** Sorting of the findings and the text filter's terms: pure, so the store stays cheap to test. */
import { SEVERITY_RANK } from '../core/types'
import type { FindingSummary } from '../shared/messages'

/** Errors first, then the most recently seen, then id for a stable order. */
export function compareFindings(
  a: Pick<FindingSummary, 'severity' | 'lastSeen' | 'id'>,
  b: Pick<FindingSummary, 'severity' | 'lastSeen' | 'id'>,
): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    (b.lastSeen || 0) - (a.lastSeen || 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  )
}

export function sortedIds(byId: ReadonlyMap<string, FindingSummary>): string[] {
  return sortedBy(byId, compareFindings)
}

/** Ids of a map's values in `compare` order. */
export function sortedBy<T>(byId: ReadonlyMap<string, T>, compare: (a: T, b: T) => number): string[] {
  return [...byId].sort((a, b) => compare(a[1], b[1])).map(([id]) => id)
}

/**
 * The new order after `changed` ids were upserted or removed. Small batches are spliced in
 * by binary search, so a steady trickle of changes never re-sorts the whole list.
 */
export function reorder(
  order: readonly string[],
  byId: ReadonlyMap<string, FindingSummary>,
  changed: ReadonlySet<string>,
): string[] {
  return reorderBy(order, byId, changed, compareFindings)
}

/** `reorder` for any values: the findings' list, or the rows'. */
export function reorderBy<T>(
  order: readonly string[],
  byId: ReadonlyMap<string, T>,
  changed: ReadonlySet<string>,
  compare: (a: T, b: T) => number,
): string[] {
  if (changed.size === 0) return order as string[]
  if (changed.size * 8 > order.length + 64) return sortedBy(byId, compare)
  const out = order.filter((id) => !changed.has(id))
  for (const id of changed) {
    const f = byId.get(id)
    if (f === undefined) continue
    let lo = 0
    let hi = out.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (compare(byId.get(out[mid]!)!, f) <= 0) lo = mid + 1
      else hi = mid
    }
    out.splice(lo, 0, id)
  }
  return out
}

export interface FilterTerms {
  include: string[]
  exclude: string[]
}

/** DevTools-style filter: space-separated terms, all must match; `-term` excludes. */
export function parseFilter(text: string): FilterTerms {
  const include: string[] = []
  const exclude: string[] = []
  for (const raw of text.toLowerCase().split(/\s+/)) {
    if (raw === '' || raw === '-') continue
    if (raw.startsWith('-')) exclude.push(raw.slice(1))
    else include.push(raw)
  }
  return { include, exclude }
}

const haystacks = new WeakMap<FindingSummary, string>()

/** What the text filter searches in a finding: methods, statuses, URLs, kind and server. */
export function haystack(f: FindingSummary): string {
  let h = haystacks.get(f)
  if (h === undefined) {
    const hops = f.chain.map((x) => `${x.method} ${x.status} ${x.url}`).join(' ')
    h =
      `${f.request.method} ${f.request.url} ${f.status} ${hops} ${f.kind} ${f.framework?.name ?? ''}`.toLowerCase()
    haystacks.set(f, h)
  }
  return h
}
