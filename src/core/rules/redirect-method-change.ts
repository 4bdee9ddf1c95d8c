import { isRedirect, methodAfterRedirect } from '../methods'
import { redirectTarget } from '../redirect-target'
import { sentBy } from '../sent-by'
import type { Severity, Text } from '../types'
import { callWhereRedirected } from './corrected-call'
import { frameworkEvidence } from './evidence-common'
import { ev, MDN, RFC, type Rule, t } from './rule'

export const redirectMethodChange: Rule<'redirect-method-change'> = {
  kind: 'redirect-method-change',
  supersedes: ['wrong-method'],
  links: { rfc: `${RFC}#name-redirection-3xx`, mdn: `${MDN}/Redirections` },
  shortLabel: 'ui_kind_short_redirect_method_change',
  probeOnHit: true,
  correctedCall: callWhereRedirected,
  evaluate(ctx) {
    const { chain, final, first } = ctx
    const sender = sentBy(first)
    for (let i = 0; i < chain.length; i++) {
      const hop = chain[i]!
      if (!isRedirect(hop)) continue
      const expected = methodAfterRedirect(hop.method, hop.status)
      const next = chain[i + 1]
      const after = next ? next.method : expected
      if (after === hop.method) continue
      const failed = final.status === 0 || final.status >= 400
      // Where it points decides what the redirect did to the write (redirect-target.ts).
      const target = redirectTarget(hop.url, hop.redirectURL)
      let severity: Severity
      let cause: Text
      let landed = false
      if (target.kind === 'same-resource') {
        // Only the spelling changed: the app never saw the write, whatever the landing page said.
        severity = 'error'
        cause = t(hop.status === 303 ? 'cause_303_rewrites' : 'cause_301_302_rewrites', {
          status: String(hop.status),
        })
      } else if (target.kind === 'auth-page') {
        // A sign-in page: auth-redirect.ts speaks for script calls; forms and sign-outs are fine.
        return null
      } else if (sender === 'navigation' || sender === 'beacon' || (hop.status === 303 && !failed)) {
        // Post/Redirect/Get (post-redirect-get.ts) when it landed; a broken landing page is not a method fault.
        return null
      } else if (!failed) {
        // A script's write that landed elsewhere: the app may have done it, but the code reads another page.
        severity = 'info'
        cause = t('cause_script_reads_landing_page', { status: String(hop.status) })
        landed = true
      } else {
        // A form over plain http carries no fetch metadata either: only a script's call is loud.
        severity = sender === 'fetch' ? 'error' : 'info'
        cause = t(hop.status === 303 ? 'cause_303_rewrites' : 'cause_301_302_rewrites', {
          status: String(hop.status),
        })
      }
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
      if (target.kind === 'same-resource')
        evidence.push(ev('redirect', 'ev_same_resource', { location: hop.redirectURL }))
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
        severity,
        method: hop.method,
        url: hop.redirectURL,
        evidence,
        causes: [cause],
        // Landed well: telling the caller to post to the result page would be wrong advice.
        fixes: landed
          ? [t('fix_check_response_redirected')]
          : [
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
