import { isPreflight, preflightMethod } from '../preflight'
import { sameResource } from '../redirect-target'
import type { Exchange, Text } from '../types'
import { originOf } from '../url'
import { noCall } from './corrected-call'
import { requestOrigin } from './cors-preflight-rejected'
import { ev, MDN, RFC, type Rule, type RuleHit, t } from './rule'
import { failureClass } from './signs'

/**
 * A CORS preflight answered with a redirect: browsers never follow one, so the call it guarded was
 * never sent. Almost always the URL is spelled so the server redirects it (a slash, http → https)
 * or the API moved host; calling the final address directly fixes it.
 */
export const preflightRedirected: Rule<'preflight-redirected'> = {
  kind: 'preflight-redirected',
  supersedes: ['cors-preflight-rejected', 'request-failed'],
  links: { rfc: `${RFC}#name-options`, mdn: `${MDN}/CORS/Errors/CORSExternalRedirectNotAllowed` },
  shortLabel: 'ui_kind_short_preflight_redirected',
  aboutAllowedMethods: false,
  probeOnHit: false,
  reportedMethod: (hit) => hit.method,
  correctedCall: noCall,
  evaluate(ctx) {
    const { first, final, preflight } = ctx
    if (isPreflight(first)) return fromPreflight(first)
    // The call the redirected preflight guarded, which got no answer: the same finding.
    // Only an unexplained failure borrows it: an abort or a blocker says why on its own.
    if (
      final.status !== 0 ||
      !preflight ||
      (failureClass(final) !== 'failed' && failureClass(final) !== 'redirect')
    )
      return null
    const hit = fromPreflight(preflight)
    if (!hit || hit.method !== final.method) return null
    return {
      ...hit,
      evidence: [
        ...hit.evidence,
        ev('response', 'ev_no_answer', { method: final.method, url: final.url, error: final.error || '—' }),
      ],
    }
  },
}

function fromPreflight(first: Exchange): RuleHit<'preflight-redirected'> | null {
  const method = preflightMethod(first)
  if (method === '') return null
  const redirected = first.status >= 300 && first.status < 400
  if (!redirected && failureClass(first) !== 'redirect') return null
  const location = first.redirectURL
  const evidence = [
    ev('request', 'ev_preflight_sent', { method, url: first.url, origin: requestOrigin(first) ?? '?' }),
    redirected
      ? ev('redirect', 'ev_preflight_redirected', {
          status: String(first.status),
          location: location || '—',
        })
      : ev('response', 'ev_preflight_redirect_error', { error: first.error }),
  ]
  const causes: Text[] = []
  const same = location === '' ? null : sameResource(first.url, location)
  if (same?.spellings.some((s) => s === 'slash-added' || s === 'slash-removed'))
    causes.push(t('cause_preflight_slash'))
  else if (same || (location !== '' && originOf(location) !== originOf(first.url)))
    causes.push(t('cause_preflight_host', { location }))
  causes.push(t('cause_preflight_no_redirects'))
  return {
    kind: 'preflight-redirected',
    severity: 'error',
    method,
    url: first.url,
    evidence,
    causes,
    fixes: [t('fix_call_final_address', { url: location || first.url }), t('fix_no_redirect_options')],
    prevention: [t('prev_api_base_exact')],
  }
}
