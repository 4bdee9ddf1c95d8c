import type { ProbeStep } from '../types'

export type ProbeMode = 'options' | 'full'

export interface LadderTarget {
  /** The method the page used; the ladder never sends it. */
  method: string
  /** A rule asked for the safe HEAD/GET steps (its `suspects` said 'ladder'): OPTIONS alone may not settle it. */
  suspect: boolean
  /** Earlier traffic already proved the path exists (another method got a 2xx). */
  knownToExist: boolean
}

/** OPTIONS told us what we need: it named the methods. */
function optionsConclusive(step: ProbeStep): boolean {
  return step.outcome === 'answered' && step.headers.allow !== undefined && step.headers.allow.trim() !== ''
}

/**
 * A redirect, reported and never followed: it says nothing about the method. Browsers hide it
 * (an opaque redirect: status 0, no Location); Node shows the 3xx.
 */
export function redirected(step: ProbeStep): boolean {
  return step.outcome === 'answered' && (step.status === 0 || (step.status >= 300 && step.status < 400))
}

function missing(step: ProbeStep): boolean {
  return step.outcome !== 'answered' || step.status === 404 || step.status === 410
}

/**
 * The discovery ladder's decision table: which safe request to send next, or null to stop.
 * OPTIONS first; HEAD only when OPTIONS said nothing and the target is a suspect (see LadderTarget);
 * GET (headers only) only when HEAD was 404 too, since many routers register no HEAD route.
 */
export function nextStep(
  target: LadderTarget,
  steps: readonly ProbeStep[],
  mode: ProbeMode,
): 'OPTIONS' | 'HEAD' | 'GET' | null {
  const last = steps[steps.length - 1]
  // What the page already did settles a suspect before anything is sent: another method got a
  // 2xx on this URL, so the path exists and the failure was the method.
  if (!last && target.suspect && target.knownToExist) return null
  // Never replay the page's own method: a failed OPTIONS goes straight to the safe steps.
  if (!last && target.method === 'OPTIONS')
    return mode === 'full' && target.suspect && !target.knownToExist ? 'HEAD' : null
  if (!last) return 'OPTIONS'
  if (mode === 'options' || !target.suspect || target.knownToExist) return null
  if (last.method === 'OPTIONS') {
    if (optionsConclusive(last) || last.outcome === 'timeout') return null
    return target.method === 'HEAD' ? 'GET' : 'HEAD'
  }
  if (last.method === 'HEAD') {
    if (!missing(last) || last.outcome === 'timeout' || redirected(last)) return null
    return target.method !== 'GET' ? 'GET' : null
  }
  return null
}

/** What the ladder concluded about the path, for the panel's step-by-step view. */
export function pathVerdict(steps: readonly ProbeStep[]): 'exists' | 'missing' | 'unknown' {
  const safe = steps.filter((s) => s.method !== 'OPTIONS' && s.outcome === 'answered' && !redirected(s))
  if (safe.some((s) => s.status !== 404 && s.status !== 410)) return 'exists'
  if (safe.length > 0 && safe.every((s) => s.status === 404 || s.status === 410)) return 'missing'
  return 'unknown'
}
