/**
 * Findings as the panel receives them: the guard checks only what identifies a finding, and
 * `normalizeFinding` fills in the rest, so a finding from an older or newer engine cannot break
 * rendering. The list gets each finding's summary (`summarize`), the whole finding comes when a
 * row is opened or the capture exported: a long capture's texts, evidence and corrected calls then
 * live once, in the devtools page. The three are one contract and live together.
 */
import type { Allowed, AllowedSource, Finding, FindingInitiator, Framework, Hop } from '../../core/types'
import { isObj, isStr } from './checks'

const arr = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : [])

/**
 * What the panel's list needs of a finding: its row (severity, chain, URL, kind, allowed methods
 * and their sources), its place in the order, the text filter and the kind bar. A whole `Finding`
 * is one too.
 */
export interface FindingSummary
  extends Pick<
    Finding,
    'id' | 'kind' | 'severity' | 'request' | 'status' | 'count' | 'firstSeen' | 'lastSeen'
  > {
  chain: Pick<Hop, 'method' | 'url' | 'status'>[]
  allowed: Pick<Allowed, 'methods'> & { sources: Pick<AllowedSource, 'source'>[] }
  framework: Pick<Framework, 'name'> | null
  /** Where the request was sent from, without the stack: the row says it on hover. */
  initiator?: Omit<FindingInitiator, 'stack'>
}

/** A finding's summary, sharing nothing with it (it is cloned to the panel on its own). */
export function summarize(f: Finding): FindingSummary {
  return {
    id: f.id,
    kind: f.kind,
    severity: f.severity,
    request: { method: f.request.method, url: f.request.url },
    status: f.status,
    chain: f.chain.map((h) => ({ method: h.method, url: h.url, status: h.status })),
    allowed: {
      methods: f.allowed.methods,
      sources: f.allowed.sources.map((s) => ({ source: s.source })),
    },
    framework: f.framework ? { name: f.framework.name } : null,
    ...(f.initiator ? { initiator: placeOf(f.initiator) } : {}),
    count: f.count,
    firstSeen: f.firstSeen,
    lastSeen: f.lastSeen,
  }
}

function placeOf(i: FindingInitiator): Omit<FindingInitiator, 'stack'> {
  return {
    type: i.type,
    url: i.url,
    ...(i.line ? { line: i.line } : {}),
    ...(i.column ? { column: i.column } : {}),
    ...(i.function ? { function: i.function } : {}),
  }
}

/** A summary that passed `isFindingLike`, with every field the list reads present and of its type. */
export function normalizeSummary(f: FindingSummary): FindingSummary {
  const a = f.allowed as Partial<FindingSummary['allowed']> | undefined
  const ok =
    a !== undefined &&
    (a.methods === null || Array.isArray(a.methods)) &&
    Array.isArray(a.sources) &&
    (f.severity === 'error' || f.severity === 'warning' || f.severity === 'info') &&
    typeof f.count === 'number' &&
    typeof f.lastSeen === 'number' &&
    (f.framework === null || (typeof f.framework === 'object' && typeof f.framework.name === 'string'))
  if (ok) return f
  return {
    ...f,
    severity: f.severity === 'error' || f.severity === 'warning' ? f.severity : 'info',
    allowed: { methods: Array.isArray(a?.methods) ? a.methods : null, sources: arr(a?.sources) },
    framework: f.framework && typeof f.framework.name === 'string' ? f.framework : null,
    count: typeof f.count === 'number' ? f.count : 1,
    firstSeen: typeof f.firstSeen === 'number' ? f.firstSeen : 0,
    lastSeen: typeof f.lastSeen === 'number' ? f.lastSeen : 0,
  }
}

/** A finding's id, kind, request and chain: enough to key, filter and link it. */
export const isFindingLike = (v: unknown): boolean =>
  isObj(v) && isStr(v.id, 64) && isStr(v.kind, 64) && isObj(v.request) && Array.isArray(v.chain)

/** A finding that passed `isFindingLike`, with every other field a view reads present and of its type. */
export function normalizeFinding(f: Finding): Finding {
  const a = f.allowed as Partial<Finding['allowed']> | undefined
  const ok =
    a !== undefined &&
    (a.methods === null || Array.isArray(a.methods)) &&
    Array.isArray(a.sources) &&
    Array.isArray(a.notes) &&
    Array.isArray(f.evidence) &&
    Array.isArray(f.causes) &&
    Array.isArray(f.fixes) &&
    Array.isArray(f.snippets) &&
    Array.isArray(f.prevention) &&
    typeof f.links === 'object' &&
    f.links !== null &&
    (f.severity === 'error' || f.severity === 'warning' || f.severity === 'info') &&
    typeof f.count === 'number' &&
    typeof f.lastSeen === 'number'
  if (ok) return f
  return {
    ...f,
    severity: f.severity === 'error' || f.severity === 'warning' ? f.severity : 'info',
    allowed: {
      methods: Array.isArray(a?.methods) ? a.methods : null,
      sources: arr(a?.sources),
      notes: arr(a?.notes),
    },
    framework: f.framework ?? null,
    evidence: arr(f.evidence),
    causes: arr(f.causes),
    fixes: arr(f.fixes),
    snippets: arr(f.snippets),
    prevention: arr(f.prevention),
    links: typeof f.links === 'object' && f.links !== null ? f.links : { rfc: '', mdn: '' },
    count: typeof f.count === 'number' ? f.count : 1,
    firstSeen: typeof f.firstSeen === 'number' ? f.firstSeen : 0,
    lastSeen: typeof f.lastSeen === 'number' ? f.lastSeen : 0,
  }
}
