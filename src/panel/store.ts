/**
 * The panel's one store: everything on screen is derived from this state, and every change
 * goes through `reduce`. Pure (no DOM, no browser APIs) so it is unit-tested in node.
 */
import { FINDING_KINDS, type Finding, type FindingKind } from '../core/types'
import {
  type ApiDescriptionStatus,
  type CaptureSettings,
  type CaptureStats,
  type DevtoolsToPanel,
  type FindingSummary,
  normalizeFinding,
  normalizeSummary,
  type ProbeStatus,
} from '../shared/messages'
import { DEFAULT_SETTINGS } from '../shared/settings'
import { compactProbe, compactSummary } from './compact'
import { parseFilter, reorder, sortedIds } from './order'
import {
  EMPTY_ROWS,
  type FindingRow,
  groupRows,
  primaryOf,
  type RowSet,
  updateRows,
  visibleRows,
} from './rows'

export type PanelMode = 'devtools' | 'standalone' | 'attached'
export type ViewSource = 'live' | 'imported'

/** A ui_* message id and its parameters: translated at render time, so a language switch applies. */
export interface Notice {
  id: string
  params?: Record<string, string>
}

/**
 * Findings by their summaries: the live capture's whole findings stay in the devtools page, which
 * sends one when a row is opened (full-findings.ts) or the capture exported.
 */
export interface FindingSet {
  byId: ReadonlyMap<string, FindingSummary>
  /** Ids, sorted: errors first, then newest. What exports and counts read: one finding per kind. */
  order: readonly string[]
  /** What the list shows: the findings grouped by the request they came from. */
  rows: RowSet
}

export interface ImportedSet extends FindingSet {
  name: string
  requests: number
  /** An import has nothing to ask: its whole findings are here (the same objects as `byId`'s). */
  full: ReadonlyMap<string, Finding>
}

export interface PanelState {
  mode: PanelMode
  /** A snapshot arrived from the devtools page. */
  connected: boolean
  live: FindingSet
  stats: CaptureStats
  settings: CaptureSettings
  inspectedUrl: string
  /** Probe status by endpoint key (`METHOD origin+path`). */
  probes: ReadonlyMap<string, ProbeStatus>
  /** API description status by origin. */
  descriptions: ReadonlyMap<string, ApiDescriptionStatus>
  imported: ImportedSet | null
  source: ViewSource
  filter: string
  kind: FindingKind | null
  /** Row ids of the current source after the filters, in list order. */
  visible: readonly string[]
  /** Findings (not rows) per kind in the current source, before filters, for the kind bar. */
  counts: Readonly<Record<FindingKind, number>>
  /** A row id. */
  selected: string | null
  detail: boolean
  /** The file being imported: its name, and how far the reading got. */
  importing: { name: string; bytes: number; total: number } | null
  importError: Notice | null
}

export type Action =
  | { type: 'messages'; messages: readonly DevtoolsToPanel[] }
  | { type: 'settings'; settings: Partial<CaptureSettings> }
  | { type: 'filter'; text: string }
  | { type: 'kind'; kind: FindingKind | null }
  | { type: 'select'; id: string | null; open?: boolean }
  | { type: 'move'; by: number | 'first' | 'last' }
  | { type: 'open' }
  | { type: 'close' }
  | { type: 'source'; source: ViewSource }
  | { type: 'import-start'; name: string; total: number }
  | { type: 'import-progress'; bytes: number }
  | { type: 'import-cancelled' }
  | { type: 'import-done'; name: string; findings: Finding[]; requests: number }
  | { type: 'import-error'; error: Notice }
  | { type: 'import-close' }
  | { type: 'dismiss-error' }

const EMPTY_SET: FindingSet = { byId: new Map(), order: [], rows: EMPTY_ROWS }

function zeroCounts(): Record<FindingKind, number> {
  return Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as Record<FindingKind, number>
}

export function initialState(mode: PanelMode): PanelState {
  return {
    mode,
    connected: false,
    // Its own maps, never EMPTY_SET's: the live set changes in place (applyMessages).
    live: { byId: new Map(), order: [], rows: { byId: new Map(), order: [] } },
    stats: { entries: 0, findings: 0 },
    settings: { ...DEFAULT_SETTINGS },
    inspectedUrl: '',
    probes: new Map(),
    descriptions: new Map(),
    imported: null,
    source: mode === 'standalone' ? 'imported' : 'live',
    filter: '',
    kind: null,
    visible: [],
    counts: zeroCounts(),
    selected: null,
    detail: false,
    importing: null,
    importError: null,
  }
}

export function currentSet(s: PanelState): FindingSet {
  return s.source === 'imported' ? (s.imported ?? EMPTY_SET) : s.live
}

export function selectedRow(s: PanelState): FindingRow | null {
  return s.selected === null ? null : (currentSet(s).rows.byId.get(s.selected) ?? null)
}

/** The selected row's most severe finding. */
export function selectedFinding(s: PanelState): FindingSummary | null {
  const row = selectedRow(s)
  return row ? primaryOf(row) : null
}

function countKinds(set: FindingSet): Record<FindingKind, number> {
  const out = zeroCounts()
  for (const f of set.byId.values()) if (f.kind in out) out[f.kind]++
  return out
}

/** Recomputes the derived fields and drops a selection that no longer exists. */
function derive(s: PanelState, setChanged: boolean): PanelState {
  const set = currentSet(s)
  const visible = visibleRows(set.rows, parseFilter(s.filter), s.kind)
  const counts = setChanged ? countKinds(set) : s.counts
  const gone = s.selected !== null && !set.rows.byId.has(s.selected)
  return { ...s, visible, counts, ...(gone ? { selected: null, detail: false } : {}) }
}

function fromMap(byId: ReadonlyMap<string, FindingSummary>): FindingSet {
  const order = sortedIds(byId)
  return { byId, order, rows: groupRows(order, byId) }
}

/**
 * Applies a batch of devtools messages to the live set. The live set's maps (findings, rows) and
 * the probe states change in place from one batch to the next, and only the findings the batch
 * touched are looked at: copying them per batch cost O(rows), 0.3 s in one task at 10,000 rows.
 * Nothing reads an older state's live set (useReducer keeps only the latest state).
 */
function applyMessages(s: PanelState, messages: readonly DevtoolsToPanel[]): PanelState {
  /** The live findings: the state's own map changed in place, or a new one after a snapshot or a clear. */
  let byId: Map<string, FindingSummary> | null = null
  /** What each finding the batch touched was before it (undefined: new); empty after a snapshot or a clear. */
  const prior = new Map<string, FindingSummary | undefined>()
  /** A snapshot or a clear replaced the set: `prior` no longer says what differs from `s.live`. */
  let fresh = false
  let probes: Map<string, ProbeStatus> | null = null
  let next: PanelState = s
  const live = (): Map<string, FindingSummary> => {
    byId ??= s.live.byId as Map<string, FindingSummary>
    return byId
  }
  const touch = (map: Map<string, FindingSummary>, id: string): void => {
    if (!fresh && !prior.has(id)) prior.set(id, map.get(id))
  }
  for (const m of messages) {
    switch (m.type) {
      case 'devtools/snapshot': {
        byId = new Map(m.findings.map((f) => [f.id, compactSummary(normalizeSummary(f))]))
        prior.clear()
        fresh = true
        probes = new Map(m.probes.map((p) => [p.endpoint, compactProbe(p)]))
        next = {
          ...next,
          connected: true,
          stats: m.stats,
          settings: { ...m.settings },
          inspectedUrl: m.inspectedUrl,
        }
        break
      }
      case 'devtools/changes': {
        const map = live()
        for (const f of m.upserts) {
          touch(map, f.id)
          map.set(f.id, compactSummary(normalizeSummary(f)))
        }
        for (const id of m.removed) {
          if (!map.has(id)) continue
          touch(map, id)
          map.delete(id)
        }
        next = { ...next, stats: m.stats }
        break
      }
      case 'devtools/cleared':
        byId = new Map()
        prior.clear()
        fresh = true
        next = { ...next, stats: m.stats }
        break
      case 'devtools/probe':
        probes ??= s.probes as Map<string, ProbeStatus>
        probes.set(m.status.endpoint, compactProbe(m.status))
        break
      case 'devtools/api-description':
        next = { ...next, descriptions: new Map(next.descriptions).set(m.status.origin, m.status) }
        break
    }
  }
  if (probes !== null) next = { ...next, probes }
  if (byId === null) return next
  if (fresh) next = { ...next, live: fromMap(byId) }
  else {
    const changed = new Set(prior.keys())
    // Only the touched rows are rebuilt and spliced back into place.
    const rows = updateRows(s.live.rows, prior, byId, changed)
    next = { ...next, live: { byId, order: reorder(s.live.order, byId, changed), rows } }
  }
  if (next.source !== 'live') return derive(next, false)
  const counts = fresh ? countKinds(next.live) : shiftCounts(s.counts, prior, byId)
  return derive({ ...next, counts }, false)
}

/** The kind bar's counts after the findings in `prior` changed to what `now` holds. */
function shiftCounts(
  counts: Readonly<Record<FindingKind, number>>,
  prior: ReadonlyMap<string, FindingSummary | undefined>,
  now: ReadonlyMap<string, FindingSummary>,
): Record<FindingKind, number> {
  const out = { ...counts }
  for (const [id, before] of prior) {
    if (before && before.kind in out) out[before.kind]--
    const after = now.get(id)
    if (after && after.kind in out) out[after.kind]++
  }
  return out
}

function move(s: PanelState, by: number | 'first' | 'last'): PanelState {
  const n = s.visible.length
  if (n === 0) return s
  const at = s.selected === null ? -1 : s.visible.indexOf(s.selected)
  let i: number
  if (by === 'first') i = 0
  else if (by === 'last') i = n - 1
  else if (at < 0) i = by < 0 ? n - 1 : 0
  else i = Math.min(n - 1, Math.max(0, at + by))
  return { ...s, selected: s.visible[i]! }
}

export function reduce(s: PanelState, a: Action): PanelState {
  switch (a.type) {
    case 'messages':
      return a.messages.length === 0 ? s : applyMessages(s, a.messages)
    case 'settings':
      return { ...s, settings: { ...s.settings, ...a.settings } }
    case 'filter':
      return a.text === s.filter ? s : derive({ ...s, filter: a.text }, false)
    case 'kind':
      return derive({ ...s, kind: a.kind === s.kind ? null : a.kind }, false)
    case 'select': {
      if (a.id !== null && !currentSet(s).rows.byId.has(a.id)) return s
      return { ...s, selected: a.id, detail: a.id === null ? false : (a.open ?? s.detail) }
    }
    case 'move':
      return move(s, a.by)
    case 'open':
      return s.selected === null ? s : { ...s, detail: true }
    case 'close':
      return s.detail ? { ...s, detail: false } : s
    case 'source':
      if (a.source === s.source || (a.source === 'imported' && !s.imported)) return s
      if (a.source === 'live' && s.mode === 'standalone') return s
      return derive({ ...s, source: a.source, selected: null, detail: false, kind: null }, true)
    case 'import-start':
      return { ...s, importing: { name: a.name, bytes: 0, total: a.total }, importError: null }
    case 'import-progress':
      return s.importing ? { ...s, importing: { ...s.importing, bytes: a.bytes } } : s
    case 'import-cancelled':
      return { ...s, importing: null }
    case 'import-done': {
      const full = new Map(a.findings.map((f) => [f.id, normalizeFinding(f)]))
      const imported: ImportedSet = { ...fromMap(full), full, name: a.name, requests: a.requests }
      return derive(
        { ...s, imported, source: 'imported', importing: null, selected: null, detail: false, kind: null },
        true,
      )
    }
    case 'import-error':
      return { ...s, importing: null, importError: a.error }
    case 'import-close': {
      if (!s.imported) return s
      const source: ViewSource = s.mode === 'standalone' ? 'imported' : 'live'
      return derive({ ...s, imported: null, source, selected: null, detail: false, kind: null }, true)
    }
    case 'dismiss-error':
      return s.importError ? { ...s, importError: null } : s
  }
}
