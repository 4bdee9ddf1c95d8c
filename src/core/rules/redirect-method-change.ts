import { isRedirect, isSuccess, methodAfterRedirect } from '../methods'
import { callWhereRedirected } from './corrected-call'
import { compact, frameworkEvidence } from './evidence-common'
import { ev, MDN, RFC, type Rule, t } from './rule'

export const redirectMethodChange: Rule<'redirect-method-change'> = {
  kind: 'redirect-method-change',
  supersedes: ['wrong-method'],
  links: { rfc: `${RFC}#name-redirection-3xx`, mdn: `${MDN}/Redirections` },
  shortLabel: 'ui_kind_short_redirect_method_change',
  probeOnHit: true,
  correctedCall: callWhereRedirected,
  evaluate(ctx) {
    const { chain, final } = ctx
    for (let i = 0; i < chain.length; i++) {
      const hop = chain[i]!
      if (!isRedirect(hop)) continue
      const expected = methodAfterRedirect(hop.method, hop.status)
      const next = chain[i + 1]
      const after = next ? next.method : expected
      if (after === hop.method) continue
      // 303 followed by a successful GET is the Post/Redirect/Get pattern, reported as info elsewhere.
      if (hop.status === 303 && isSuccess(final.status)) continue
      const failed = final.status === 0 || final.status >= 400
      const evidence = [
        ev('redirect', 'ev_redirect_changed_method', {
          status: String(hop.status),
          from: hop.method,
          to: after,
          url: hop.url,
          location: hop.redirectURL,
        }),
        ev(next ? 'redirect' : 'response', next ? 'ev_next_hop_observed' : 'ev_next_hop_inferred', {
          method: after,
        }),
      ]
      if (hop.method !== 'GET' && hop.method !== 'HEAD')
        evidence.push(ev('redirect', 'ev_body_dropped', { method: hop.method }))
      if (next) {
        evidence.push(
          ev('response', 'ev_final_status', {
            method: final.method,
            status: String(final.status),
            url: final.url,
          }),
        )
      }
      evidence.push(...frameworkEvidence(ctx.framework))
      return {
        kind: 'redirect-method-change',
        severity: failed ? 'error' : 'warning',
        method: hop.method,
        url: hop.redirectURL,
        evidence,
        causes: compact([
          t(hop.status === 303 ? 'cause_303_rewrites' : 'cause_301_302_rewrites', {
            status: String(hop.status),
          }),
        ]),
        fixes: [
          t('fix_call_final_url', { method: hop.method, url: hop.redirectURL }),
          t('fix_server_307_308'),
          t('fix_client_redirect_notes'),
        ],
        prevention: [t('prev_exact_url'), t('prev_no_redirect_for_writes')],
      }
    }
    return null
  },
}
