/**
 * The list's rows: one per request, not one per finding. The engine keeps one finding per kind,
 * method and endpoint (exports and the CLI report them so); a redirected POST that lost its body
 * is two of them (the method change and the slash), and the panel lists it once, with both kinds.
 * Pure, so the store stays testable in node.
 */
import { hash } from '../core/hash'
import type { FindingKind } from '../core/types'
import { endpointOf } from '../core/url'
import type { FindingSummary } from '../shared/messages'
import { compareFindings, type FilterTerms, haystack, reorderBy } from './order'

export interface FindingRow {
  /** Stable while the request's findings come and go: the selection survives a new kind joining. */
  id: string
  /** `METHOD endpoint` of the request that every finding here started from. */
  key: string
  /** Most severe first, then as the list sorts (newest, then id); never empty. */
  findings: readonly FindingSummary[]
  /** The kinds, once each, in the order of `findings`. */
  kinds: readonly FindingKind[]
}

export interface RowSet {
  byId: ReadonlyMap<string, FindingRow>
  /** Row ids, each where its most severe, newest finding sorts in the finding order. */
  order: readonly string[]
}

export const EMPTY_ROWS: RowSet = { byId: new Map(), order: [] }

/** The finding that speaks for the row: its severity, chain and URL are the row's. */
export function primaryOf(row: FindingRow): FindingSummary {
  return row.findings[0]!
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '')

/**
 * The originating request: the method the page sent (for a rejected preflight, the method it asked
 * about) and the endpoint, without the query, as a finding's own identity has it. Every finding of
 * one chain starts from the same request, so they share this key.
 */
export function requestKey(f: Pick<FindingSummary, 'request'>): string {
  return `${str(f.request.method)} ${endpointOf(str(f.request.url))}`
}

/** A DOM-safe id for a request key; two hashes, as finding ids have (a collision would merge rows). */
export function rowIdOf(key: string): string {
  return `r${hash(key)}${hash(`~${key}`)}`
}

// Findings are immutable (an upsert is a new object): their key is parsed once.
const keys = new WeakMap<FindingSummary, { key: string; id: string }>()

function keyOf(f: FindingSummary): { key: string; id: string } {
  let k = keys.get(f)
  if (!k) {
    const key = requestKey(f)
    k = { key, id: rowIdOf(key) }
    keys.set(f, k)
  }
  return k
}

/** Rows sort as their first findings do: errors first, then newest, then id. */
export function compareRows(a: FindingRow, b: FindingRow): number {
  return compareFindings(primaryOf(a), primaryOf(b))
}

/**
 * Groups findings, given in list order (`order`, see compareFindings), into rows in the same order:
 * a row sits where its first finding sorts, which is its most severe and newest one. One pass, no
 * sort: for a snapshot, an import, a clear.
 */
export function groupRows(order: readonly string[], byId: ReadonlyMap<string, FindingSummary>): RowSet {
  const members = new Map<string, { key: string; findings: FindingSummary[] }>()
  const rowOrder: string[] = []
  for (const fid of order) {
    const f = byId.get(fid)
    if (!f) continue
    const { key, id } = keyOf(f)
    const m = members.get(id)
    if (m) m.findings.push(f)
    else {
      members.set(id, { key, findings: [f] })
      rowOrder.push(id)
    }
  }
  const rows = new Map<string, FindingRow>()
  for (const [id, m] of members) rows.set(id, makeRow(id, m.key, m.findings))
  return { byId: rows, order: rowOrder }
}

/**
 * The rows after the `changed` findings went from `before` to `after` (upserted or removed; only
 * their ids are read in `before`): only the rows they left and joined are rebuilt, and spliced back
 * into place, so a steady trickle of changes never regroups or re-sorts the whole list, and an
 * untouched row keeps its object (its memoised view is skipped). `rows.byId` changes in place: the
 * returned set holds the same map (a copy per batch cost O(rows)).
 */
export function updateRows(
  rows: RowSet,
  before: ReadonlyMap<string, FindingSummary | undefined>,
  after: ReadonlyMap<string, FindingSummary>,
  changed: ReadonlySet<string>,
): RowSet {
  if (changed.size === 0) return rows
  const touched = new Map<string, { key: string; findings: FindingSummary[] }>()
  const touch = (f: FindingSummary | undefined): void => {
    if (!f) return
    const { key, id } = keyOf(f)
    if (touched.has(id)) return
    const kept = (rows.byId.get(id)?.findings ?? []).filter((x) => !changed.has(x.id))
    touched.set(id, { key, findings: kept })
  }
  for (const id of changed) {
    touch(before.get(id))
    touch(after.get(id))
  }
  for (const id of changed) {
    const f = after.get(id)
    if (f) touched.get(keyOf(f).id)!.findings.push(f)
  }
  const byId = rows.byId as Map<string, FindingRow>
  for (const [id, m] of touched) {
    if (m.findings.length === 0) byId.delete(id)
    else byId.set(id, makeRow(id, m.key, m.findings.sort(compareFindings)))
  }
  return { byId, order: reorderBy(rows.order, byId, new Set(touched.keys()), compareRows) }
}

function makeRow(id: string, key: string, findings: FindingSummary[]): FindingRow {
  return { id, key, findings, kinds: kindsOf(findings) }
}

function kindsOf(findings: readonly FindingSummary[]): FindingKind[] {
  const out: FindingKind[] = []
  for (const f of findings) if (!out.includes(f.kind)) out.push(f.kind)
  return out
}

/**
 * A row matches when every term is found in one of its findings and no excluded term in any:
 * the row is one request, so "redirect slash" finds the POST whose findings say both.
 */
export function rowMatches(row: FindingRow, terms: FilterTerms): boolean {
  const hays = row.findings.map(haystack)
  return (
    terms.include.every((t) => hays.some((h) => h.includes(t))) &&
    !terms.exclude.some((t) => hays.some((h) => h.includes(t)))
  )
}

/** The rows to list: a row shows when any of its kinds is the one picked, and it matches the text. */
export function visibleRows(rows: RowSet, terms: FilterTerms, kind: FindingKind | null): readonly string[] {
  const plain = terms.include.length === 0 && terms.exclude.length === 0
  if (plain && kind === null) return rows.order
  return rows.order.filter((id) => {
    const r = rows.byId.get(id)!
    return (kind === null || r.kinds.includes(kind)) && (plain || rowMatches(r, terms))
  })
}

/** How many requests the row stands for: each of its findings counted the same chains. */
export function rowCount(row: FindingRow): number {
  let n = 0
  for (const f of row.findings) n = Math.max(n, f.count)
  return n
}

/** The row's latest sighting. */
export function rowLastSeen(row: FindingRow): number {
  let t = Number.NEGATIVE_INFINITY
  for (const f of row.findings) if (Number.isFinite(f.lastSeen)) t = Math.max(t, f.lastSeen)
  return t
}
