import { header, parseMethodList } from '../headers'
import { isSuccess, SIMPLE_METHODS } from '../methods'
import { isPreflight, preflightMethod } from '../preflight'
import type { Evidence, Exchange } from '../types'
import { parseUrl } from '../url'
import { sameCall } from './corrected-call'
import { ev, MDN, RFC, type Rule, type RuleHit, t } from './rule'
import { failureClass } from './signs'

export function requestOrigin(x: Exchange): string | null {
  const origin = header(x.requestHeaders, 'origin')
  if (origin !== undefined && origin !== 'null') return origin
  const referer = header(x.requestHeaders, 'referer')
  return referer === undefined ? null : (parseUrl(referer)?.origin ?? null)
}

function hit(method: string, url: string, evidence: Evidence[]): RuleHit<'cors-preflight-rejected'> {
  return {
    kind: 'cors-preflight-rejected',
    severity: 'error',
    method,
    url,
    evidence,
    causes: [t('cause_options_not_routed'), t('cause_cors_methods_missing', { method })],
    fixes: [t('fix_cors_allow', { method }), t('fix_same_origin_proxy'), t('fix_preflight_not_replayed')],
    prevention: [t('prev_cors_test')],
  }
}

function fromPreflight(x: Exchange): RuleHit<'cors-preflight-rejected'> | null {
  const method = preflightMethod(x)
  // No browser sends a junk Access-Control-Request-Method: nothing to explain, and no method to report.
  if (method === '') return null
  const evidence: Evidence[] = [
    ev('request', 'ev_preflight_sent', { method, url: x.url, origin: requestOrigin(x) ?? '?' }),
  ]
  // No answer is not a refusal, and a redirect has its own rule (preflight-redirected.ts).
  if (x.status === 0 || (x.status >= 300 && x.status < 400)) return null
  const acam = header(x.responseHeaders, 'access-control-allow-methods')
  const acao = header(x.responseHeaders, 'access-control-allow-origin')
  if (!isSuccess(x.status)) evidence.push(ev('response', 'ev_preflight_status', { status: String(x.status) }))
  else if (acao === undefined) evidence.push(ev('response', 'ev_preflight_no_acao', {}))
  else if (acam !== undefined && !SIMPLE_METHODS.has(method)) {
    const list = parseMethodList(acam)
    if (list.includes(method) || list.includes('*')) return null
    evidence.push(ev('response', 'ev_preflight_acam_lacks', { method, acam: acam.slice(0, 200) }))
  } else return null
  return hit(method, x.url, evidence)
}

export const corsPreflightRejected: Rule<'cors-preflight-rejected'> = {
  kind: 'cors-preflight-rejected',
  // The failed call's own preflight says why: the bare failure adds nothing.
  supersedes: ['request-failed'],
  links: { rfc: `${RFC}#name-options`, mdn: `${MDN}/CORS/Errors` },
  shortLabel: 'ui_kind_short_cors_preflight_rejected',
  // The browser, not the server's method handling, stopped the call: a probe would not say more.
  probeOnHit: false,
  // The method the preflight asked about (or the one it guarded), not the OPTIONS the page never sent.
  reportedMethod: (hit) => hit.method,
  correctedCall: sameCall,
  evaluate(ctx) {
    const { first, final, preflight } = ctx
    if (isPreflight(first)) return fromPreflight(first)
    // A call that got no answer is a CORS refusal only when its own preflight shows one: alone,
    // status 0 is also an abort, a lost connection or a blocker (request-failed.ts).
    // Only an unexplained failure borrows it: an abort or a blocker says why on its own.
    if (final.status !== 0 || !preflight || failureClass(final) !== 'failed') return null
    const refused = fromPreflight(preflight)
    if (!refused || refused.method !== final.method) return null
    return {
      ...refused,
      url: final.url,
      evidence: [...refused.evidence, ev('response', 'ev_no_response', { error: final.error || '—' })],
    }
  },
}
