import { fingerprint } from '../fingerprints'
import { isRedirect } from '../methods'
import { redirectTarget } from '../redirect-target'
import { originOf } from '../url'
import { noCall } from './corrected-call'
import { compact, frameworkEvidence, fwText } from './evidence-common'
import { ev, MDN, RFC, type Rule, t } from './rule'

// Refusals of the method itself; a 403 after a 307 to another host is usually a dropped Authorization.
const REFUSALS = new Set([404, 405, 501])

/**
 * A 307 or 308 that keeps a write, pointing at a page that only shows things: the browser sends the
 * POST (and its body) again to a page that refuses it. SvelteKit's `redirect(307, …)` after a form
 * action and Express's `res.redirect(307, …)` do this; 303 is the redirect that means "now GET this".
 */
export const redirectKeepsMethod: Rule<'redirect-keeps-method'> = {
  kind: 'redirect-keeps-method',
  supersedes: ['wrong-method', 'missing-allow-header', 'blocked-by-proxy', 'static-host'],
  links: { rfc: `${RFC}#name-303-see-other`, mdn: `${MDN}/Status/303` },
  shortLabel: 'ui_kind_short_redirect_keeps_method',
  // The refusing page answered as designed; the redirect is the fault, and no probe changes that.
  probeOnHit: false,
  correctedCall: noCall,
  evaluate(ctx) {
    const { chain, final } = ctx
    if (!REFUSALS.has(final.status)) return null
    for (let i = 0; i < chain.length - 1; i++) {
      const hop = chain[i]!
      // A POST only: 303 turns it into the GET a result page wants, while for PUT, PATCH or DELETE
      // it would lose the write (their 307/308 to a new API address is a move, not a page).
      if (!isRedirect(hop) || (hop.status !== 307 && hop.status !== 308) || hop.method !== 'POST') continue
      if (final.method !== 'POST' || originOf(hop.redirectURL) !== originOf(hop.url)) continue
      // The same resource respelled (a slash) keeps the write on purpose: the endpoint's own refusal.
      if (redirectTarget(hop.url, hop.redirectURL).kind !== 'other') continue
      // Advice for whoever sent the redirect, which may not be who refused (a proxy in front).
      const redirector = fingerprint(hop.status, hop.responseHeaders, hop.body, hop.statusText)
      return {
        kind: 'redirect-keeps-method',
        severity: 'error',
        method: hop.method,
        url: hop.url,
        evidence: [
          ev('redirect', 'ev_redirect_kept_method', {
            status: String(hop.status),
            method: hop.method,
            url: hop.url,
            location: hop.redirectURL,
          }),
          ev('response', 'ev_final_status', {
            method: final.method,
            status: String(final.status),
            url: final.url,
          }),
          ...frameworkEvidence(redirector),
        ],
        causes: [t('cause_307_keeps_write', { status: String(hop.status), method: hop.method })],
        fixes: compact([t('fix_answer_303'), fwText(redirector, 'redirect')]),
        prevention: [t('prev_303_after_write')],
      }
    }
    return null
  },
}
