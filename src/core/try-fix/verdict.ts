/**
 * Whether the fix works, from the one answer "Try the fix" got.
 *
 * verified: the network log recorded an answer to the request, 2xx or 304, and the page did not
 *   report it could not read it. A redirect is never verified: it was not followed (one request
 *   only), so what its target answers is not known.
 * failing: the answer is 4xx or 5xx, or a redirect the browser would follow with another method
 *   (POST on 301/302, anything but GET and HEAD on 303: Fetch's rules, methods.ts).
 * unknown: no answer in the network log (timeout, network error, request blocked), another
 *   redirect, or a 2xx the page's fetch failed to read (CORS).
 * The network log is the source; what the page says (page-call.ts) can only lower a verdict, so a
 * hostile page can hide a working fix but never pass off a failing one as verified.
 */
import { methodAfterRedirect } from '../methods'
import type { PageSlot } from './page-call'

export type TryOutcome = 'verified' | 'failing' | 'unknown'
export type TryReason =
  | 'answered'
  | 'redirect-not-followed'
  | 'redirect-changes-method'
  | 'unreadable-in-page'
  | 'no-answer'
  | 'not-seen'

export interface TryVerdict {
  outcome: TryOutcome
  method: string
  /** The answer's status in the network log; 0 when there was none. */
  status: number
  reason: TryReason
}

/** `network`: the status the network log recorded for the request, null when none was seen. */
export function verdictOf(method: string, network: number | null, page: PageSlot | null): TryVerdict {
  const v = (outcome: TryOutcome, reason: TryReason, status = network ?? 0): TryVerdict => ({
    outcome,
    method,
    status,
    reason,
  })
  if (network === null) return v('unknown', 'not-seen', 0)
  if (network === 0) return v('unknown', 'no-answer')
  if ((network >= 200 && network < 300) || network === 304)
    return page?.state === 'failed' ? v('unknown', 'unreadable-in-page') : v('verified', 'answered')
  if (network >= 300 && network < 400) {
    const changes = methodAfterRedirect(method, network) !== method
    return changes ? v('failing', 'redirect-changes-method') : v('unknown', 'redirect-not-followed')
  }
  if (network >= 400) return v('failing', 'answered')
  return v('unknown', 'no-answer')
}
