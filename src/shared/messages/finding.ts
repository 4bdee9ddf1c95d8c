/**
 * Findings as the panel receives them: the guard checks only what identifies a finding, and
 * `normalizeFinding` fills in the rest, so a finding from an older or newer engine cannot break
 * rendering. The two are one contract and live together.
 */
import type { Finding } from '../../core/types'
import { isObj, isStr } from './checks'

/** A finding's id, kind, request and chain: enough to key, filter and link it. */
export const isFindingLike = (v: unknown): boolean =>
  isObj(v) && isStr(v.id, 64) && isStr(v.kind, 64) && isObj(v.request) && Array.isArray(v.chain)

const arr = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : [])

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
