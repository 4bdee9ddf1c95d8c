import { isAuthAction } from '../auth-pages'
import { isRedirect, isUnsafe } from '../methods'
import { redirectTarget } from '../redirect-target'
import { sentBy } from '../sent-by'
import { sameCall } from './corrected-call'
import { ev, MDN, RFC, type Rule, t } from './rule'

/**
 * A script's write redirected to a sign-in page: the app wanted a session it did not get, and the
 * code that sent the call reads a login page instead of its answer. A form or a link landing on a
 * sign-in page is the web working as designed, and so is signing in or out itself.
 */
export const authRedirect: Rule<'auth-redirect'> = {
  kind: 'auth-redirect',
  // The method and the final answer are the sign-in page's business, not the endpoint's.
  supersedes: [
    'redirect-method-change',
    'wrong-method',
    'missing-allow-header',
    'blocked-by-proxy',
    'static-host',
  ],
  links: { rfc: `${RFC}#name-401-unauthorized`, mdn: `${MDN}/Status/401` },
  shortLabel: 'ui_kind_short_auth_redirect',
  aboutAllowedMethods: false,
  // The endpoint was never reached: probing it says nothing about the session.
  probeOnHit: false,
  correctedCall: sameCall,
  evaluate(ctx) {
    const { chain, first } = ctx
    if (!isUnsafe(first.method) || isAuthAction(first.url)) return null
    const sender = sentBy(first)
    if (sender === 'navigation' || sender === 'beacon') return null
    for (const hop of chain) {
      if (!isRedirect(hop)) continue
      const target = redirectTarget(hop.url, hop.redirectURL)
      if (target.kind !== 'auth-page') continue
      return {
        kind: 'auth-redirect',
        // Without fetch metadata the capture cannot show a script read the answer: a form over
        // plain http looks the same, so only information.
        severity: sender === 'fetch' ? 'error' : 'info',
        method: first.method,
        url: first.url,
        evidence: [
          ev('redirect', 'ev_auth_redirect', {
            status: String(hop.status),
            method: hop.method,
            url: hop.url,
            location: hop.redirectURL,
            sign: target.sign,
          }),
          ev('request', `ev_sent_by_${sender}`, { method: first.method }),
        ],
        causes: [t('cause_session_expired'), t('cause_credentials_not_sent'), t('cause_csrf_missing')],
        fixes: [t('fix_fetch_credentials'), t('fix_send_csrf'), t('fix_api_answers_401')],
        prevention: [t('prev_api_401_not_redirect')],
      }
    }
    return null
  },
}
