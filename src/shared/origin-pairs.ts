/**
 * A stored list of (inspected site, target origin) pairs: the shape of every probe choice the
 * user makes by a click. A choice made while inspecting one site never applies to another, so
 * a page inspected later cannot reuse it.
 *
 * The inspected page's site (`siteOf` in src/core/url.ts) comes from the URL the devtools page
 * learns from `devtools.network.onNavigated` or the one fixed `inspectedWindow.eval('location.href')`.
 */
import { canonicalOrigin } from '../core/url'

/** More pairs than anyone clicks by hand; a longer stored list is cut, not trusted. */
export const MAX_PAIRS = 200

/** One pair as a set member: two canonical origins cannot contain a space. */
export const pairKey = (site: string, target: string): string => `${site} ${target}`

/** Reads a stored value (a JSON array of `[site, target]`); anything else counts as "none". */
export function parsePairs(stored: unknown): Set<string> {
  const out = new Set<string>()
  if (typeof stored !== 'string' || stored.length > 200_000) return out
  let list: unknown
  try {
    list = JSON.parse(stored)
  } catch {
    return out
  }
  if (!Array.isArray(list)) return out
  for (const v of list) {
    if (out.size >= MAX_PAIRS) break
    if (!Array.isArray(v) || v.length !== 2) continue
    const [site, target] = v as unknown[]
    if (typeof site !== 'string' || typeof target !== 'string') continue
    if (canonicalOrigin(site) === null || canonicalOrigin(target) === null) continue
    out.add(pairKey(site, target))
  }
  return out
}

/** The stored value after adding or removing one pair. A full list takes no more. */
export function withPair(current: ReadonlySet<string>, site: string, target: string, on: boolean): string {
  const next = new Set(current)
  if (canonicalOrigin(site) !== null && canonicalOrigin(target) !== null) {
    const key = pairKey(site, target)
    if (on && next.size < MAX_PAIRS) next.add(key)
    else if (!on) next.delete(key)
  }
  return JSON.stringify([...next].map((k) => k.split(' ')))
}
