import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { ROOT } from '../lib/paths'
import { getHeader, type HarDoc, type HarEntry } from './har-types'

/** The project's own recordings of its demo API: real headers, bodies, initiators and timings. */
export const SOURCES = ['test/fixtures/har/demo-devtools-gethar.har', 'test/fixtures/har/demo-playwright.har']

/** Entries that belong together: one request, a redirect and its follow-up, or a request and its preflight. */
export interface Group {
  entries: HarEntry[]
  source: string
}

export interface Templates {
  /** Single requests that worked (2xx/304): the bulk of any capture. */
  ok: Group[]
  /** Redirects that end in success (307/308 keep the method, 303 after a form POST). */
  benignChains: Group[]
  /** Requests that end in an error (405, disguised 404, rejected preflight, method-changing redirect to a 405). */
  failing: Group[]
}

function isFailure(e: HarEntry): boolean {
  return e.response.status >= 400 || e.response.status <= 0
}

function locationOf(e: HarEntry): string {
  const raw = e.response.redirectURL || getHeader(e.response.headers, 'location') || ''
  try {
    return raw === '' ? '' : new URL(raw, e.request.url).href
  } catch {
    return ''
  }
}

/** Splits a recording into groups, in file order. */
export function groupsOf(entries: readonly HarEntry[], source: string): Group[] {
  const out: Group[] = []
  const used = new Set<number>()
  for (let i = 0; i < entries.length; i++) {
    if (used.has(i)) continue
    const group = [entries[i]!]
    used.add(i)
    // Follow redirects forward.
    for (let cur = entries[i]!; cur.response.status >= 300 && cur.response.status < 400; ) {
      const target = locationOf(cur)
      const j = entries.findIndex((e, k) => !used.has(k) && k > i && e.request.url === target)
      if (j < 0) break
      used.add(j)
      group.push(entries[j]!)
      cur = entries[j]!
    }
    // A CORS preflight recorded next to the request it guarded.
    const next = entries[i + 1]
    if (
      next &&
      !used.has(i + 1) &&
      next._resourceType === 'preflight' &&
      next.request.url === group[0]!.request.url
    ) {
      used.add(i + 1)
      group.push(next)
    }
    out.push({ entries: group, source })
  }
  return out
}

export function loadTemplates(): Templates {
  const t: Templates = { ok: [], benignChains: [], failing: [] }
  for (const source of SOURCES) {
    const doc = JSON.parse(readFileSync(resolve(ROOT, source), 'utf8')) as HarDoc
    for (const g of groupsOf(doc.log.entries, source)) {
      const last = g.entries[g.entries.length - 1]!
      if (g.entries.some(isFailure)) t.failing.push(g)
      else if (g.entries.length > 1 || last.response.status >= 300) t.benignChains.push(g)
      else t.ok.push(g)
    }
  }
  return t
}

export { isFailure }
