import { isAuthAction } from '../auth-pages'
import { isSuccess, isUnsafe, methodAfterRedirect } from '../methods'
import { redirectTarget } from '../redirect-target'
import { sentBy } from '../sent-by'
import { noCall } from './corrected-call'
import { ev, MDN, RFC, type Rule, t } from './rule'

/**
 * Post/Redirect/Get: a write answered with a redirect to another page, which the browser loaded
 * with GET. The default of Django's `redirect()`, Rails' `redirect_to`, Express's `res.redirect()`,
 * Flask's `redirect()` and Gin's `c.Redirect(302, …)` is 302, so 301 and 302 count as well as 303
 * when a form, a link or a beacon sent the write, or when the redirect was a 303 (which says "now GET
 * this"). Signing in or out through a sign-in page is the same pattern.
 */
export const postRedirectGet: Rule<'post-redirect-get'> = {
  kind: 'post-redirect-get',
  links: { rfc: `${RFC}#name-303-see-other`, mdn: `${MDN}/Status/303` },
  shortLabel: 'ui_kind_short_post_redirect_get',
  aboutAllowedMethods: false,
  // Intended behaviour, not a fault: nothing to probe, no call to correct.
  probeOnHit: false,
  correctedCall: noCall,
  evaluate(ctx) {
    const { chain, final, first } = ctx
    if (!isSuccess(final.status) || final.method !== 'GET' || chain.length < 2) return null
    const hop = chain[0]!
    if (!isUnsafe(hop.method) || methodAfterRedirect(hop.method, hop.status) !== 'GET') return null
    const target = redirectTarget(hop.url, hop.redirectURL)
    if (target.kind === 'same-resource') return null
    const sender = sentBy(first)
    const byPage = sender === 'navigation' || sender === 'beacon'
    if (target.kind === 'auth-page' && !byPage && !isAuthAction(hop.url)) return null
    if (!byPage && hop.status !== 303 && target.kind !== 'auth-page') return null
    return {
      kind: 'post-redirect-get',
      severity: 'info',
      method: hop.method,
      url: hop.url,
      evidence: [
        ev('redirect', 'ev_prg', {
          url: hop.url,
          location: hop.redirectURL,
          status: String(final.status),
          redirect: String(hop.status),
        }),
        ev('request', `ev_sent_by_${sender}`, { method: hop.method }),
      ],
      causes: [t('cause_prg_intended')],
      fixes: [t('fix_none_needed')],
      prevention: [t('prev_prg_keep')],
    }
  },
}
