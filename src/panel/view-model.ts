/** Pure row and detail models derived from a finding: what to draw, decided without the DOM. */

import type { AllowedSourceKind, Hop } from '../core/types'
import type { FindingSummary } from '../shared/messages'

export interface HopView {
  method: string
  status: number
  /** This hop's method differs from the previous hop's: the redirect changed it. */
  changedFrom: string | null
}

export function hopViews(chain: readonly Pick<Hop, 'method' | 'status'>[]): HopView[] {
  return chain.map((h, i) => {
    const prev = i > 0 ? chain[i - 1]!.method : null
    return {
      method: h.method,
      status: h.status,
      changedFrom: prev !== null && prev !== h.method ? prev : null,
    }
  })
}

/**
 * The method the server judged: the final hop's when redirects changed it, otherwise the
 * request's (for a rejected preflight that is the method the browser asked about).
 */
export function usedMethod(f: Pick<FindingSummary, 'chain' | 'request'>): string {
  const last = f.chain[f.chain.length - 1]
  return f.chain.length > 1 && last ? last.method : f.request.method
}

export type ChipState = 'allowed' | 'used' | 'rejected' | 'unknown'

export interface Chip {
  method: string
  state: ChipState
}

/**
 * Allowed-method chips: the route's methods, the used one marked `used` when allowed and
 * `rejected` (struck) when the list is known and lacks it. Unknown lists give one `unknown` chip.
 */
export function allowedChips(f: Pick<FindingSummary, 'allowed' | 'chain' | 'request'>): Chip[] {
  const used = usedMethod(f)
  const methods = f.allowed.methods
  if (methods === null)
    return [
      { method: used, state: 'used' },
      { method: '', state: 'unknown' },
    ]
  const chips: Chip[] = methods.map((m) => ({ method: m, state: m === used ? 'used' : 'allowed' }))
  // The rejected method first: it is what the row is about, and it must survive truncation.
  if (!methods.includes(used)) chips.unshift({ method: used, state: 'rejected' })
  return chips
}

export type SourceGroup = 'response' | 'probe' | 'traffic' | 'openapi' | 'cors'

const GROUP: Record<AllowedSourceKind, SourceGroup> = {
  'response-allow': 'response',
  'probe-allow': 'probe',
  'probe-cors': 'cors',
  head: 'probe',
  get: 'probe',
  traffic: 'traffic',
  openapi: 'openapi',
}

/** Where the allowed list came from, for the row: distinct groups, never CORS when a route list exists. */
export function sourceGroups(f: Pick<FindingSummary, 'allowed'>): SourceGroup[] {
  const out: SourceGroup[] = []
  for (const s of f.allowed.sources) {
    const g = GROUP[s.source] ?? 'response'
    if (g === 'cors' && f.allowed.methods !== null) continue
    if (!out.includes(g)) out.push(g)
  }
  return out
}

export function kindKey(kind: string): string {
  return kind.replace(/-/g, '_')
}

/** Fixes split into the client-side ones and the server-side (framework) ones, ids `fw_*`. */
export function splitFixes<T extends { id: string }>(fixes: readonly T[]): { client: T[]; server: T[] } {
  const client: T[] = []
  const server: T[] = []
  for (const x of fixes) (x.id.startsWith('fw_') ? server : client).push(x)
  return { client, server }
}

/** Match pattern for an origin's optional host permission; ports are not part of match patterns. */
export function originPattern(origin: string): string | null {
  try {
    const u = new URL(origin)
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null
    return `${u.protocol}//${u.hostname}/*`
  } catch {
    return null
  }
}

/** localhost and 127.0.0.1 are granted by the manifest: no Allow/Revoke controls for them. */
export function isManifestOrigin(origin: string): boolean {
  try {
    const u = new URL(origin)
    return u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1')
  } catch {
    return false
  }
}
