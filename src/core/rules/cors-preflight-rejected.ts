import { header, parseMethodList } from '../headers'
import { isSuccess, SIMPLE_METHODS } from '../methods'
import { isPreflight, preflightMethod } from '../preflight'
import type { Evidence, Exchange } from '../types'
import { parseUrl } from '../url'
import { sameCall } from './corrected-call'
import { ev, MDN, RFC, type Rule, type RuleHit, t } from './rule'

const SIMPLE_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)\b/i

function requestOrigin(x: Exchange): string | null {
  const origin = header(x.requestHeaders, 'origin')
  if (origin !== undefined && origin !== 'null') return origin
  const referer = header(x.requestHeaders, 'referer')
  return referer === undefined ? null : (parseUrl(referer)?.origin ?? null)
}

/** Would the browser have sent a preflight before this request? */
function needsPreflight(x: Exchange): string | null {
  if (!SIMPLE_METHODS.has(x.method)) return 'method'
  const type = header(x.requestHeaders, 'content-type')
  if (x.method === 'POST' && type !== undefined && !SIMPLE_TYPES.test(type)) return 'content-type'
  return null
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
  links: { rfc: `${RFC}#name-options`, mdn: `${MDN}/CORS/Errors` },
  shortLabel: 'ui_kind_short_cors_preflight_rejected',
  // The browser, not the server's method handling, stopped the call: a probe would not say more.
  probeOnHit: false,
  // The method the preflight asked about (or the one it guarded), not the OPTIONS the page never sent.
  reportedMethod: (hit) => hit.method,
  correctedCall: sameCall,
  evaluate(ctx) {
    const { first, final } = ctx
    if (isPreflight(first)) return fromPreflight(first)
    if (final.status !== 0) return null
    const origin = requestOrigin(final)
    const target = parseUrl(final.url)
    if (origin === null || !target || origin === target.origin) return null
    const why = needsPreflight(final)
    if (!why) return null
    const evidence: Evidence[] = [
      ev('request', 'ev_cross_origin', { origin, target: target.origin }),
      ev('request', why === 'method' ? 'ev_non_simple_method' : 'ev_non_simple_type', {
        method: final.method,
      }),
      ev('response', 'ev_no_response', { error: final.error || '—' }),
    ]
    return hit(final.method, final.url, evidence)
  },
}
