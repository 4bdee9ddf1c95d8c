import { isUnsafe } from '../methods'
import { isPreflight, preflightMethod } from '../preflight'
import { noCall } from './corrected-call'
import { ev, MDN, RFC, type Rule, t } from './rule'
import { failureClass } from './signs'

/**
 * A write (or a preflight) that got no answer at all. The browser's error names what stopped it,
 * and none of those is a verdict about the method or about CORS: an abort, a lost connection, an
 * unknown host, an ad blocker. Shown as information, saying what the error means.
 */
export const requestFailed: Rule<'request-failed'> = {
  kind: 'request-failed',
  links: { rfc: `${RFC}#name-overview`, mdn: `${MDN}/Overview` },
  shortLabel: 'ui_kind_short_request_failed',
  aboutAllowedMethods: false,
  probeOnHit: false,
  reportedMethod: (hit) => hit.method,
  correctedCall: noCall,
  evaluate({ first, final }) {
    // In flight (no error yet) is not a failure; a redirect error of a preflight has its own rule.
    if (final.status !== 0 || final.error === '') return null
    const preflight = isPreflight(first)
    const method = preflight ? preflightMethod(first) : final.method
    if (method === '' || (!preflight && !isUnsafe(method))) return null
    const cls = failureClass(final)
    if (preflight && cls === 'redirect') return null
    return {
      kind: 'request-failed',
      severity: 'info',
      method,
      url: final.url,
      evidence: [
        ev('response', preflight ? 'ev_preflight_no_answer' : 'ev_no_answer', {
          method,
          url: final.url,
          error: final.error.slice(0, 120),
        }),
      ],
      causes: [t(`cause_failure_${cls}`)],
      fixes: [t(`fix_failure_${cls}`)],
      prevention: [t('prev_failures_not_verdicts')],
    }
  },
}
