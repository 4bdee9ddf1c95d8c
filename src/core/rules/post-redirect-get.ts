import { isSuccess } from '../methods'
import { noCall } from './corrected-call'
import { ev, MDN, RFC, type Rule, t } from './rule'

export const postRedirectGet: Rule<'post-redirect-get'> = {
  kind: 'post-redirect-get',
  links: { rfc: `${RFC}#name-303-see-other`, mdn: `${MDN}/Status/303` },
  shortLabel: 'ui_kind_short_post_redirect_get',
  // Intended behaviour, not a fault: nothing to probe, no call to correct.
  probeOnHit: false,
  correctedCall: noCall,
  evaluate(ctx) {
    const { chain, final } = ctx
    const hop = chain.find((h) => h.status === 303 && h.method === 'POST')
    if (!hop || !isSuccess(final.status) || final.method !== 'GET') return null
    return {
      kind: 'post-redirect-get',
      severity: 'info',
      method: hop.method,
      url: hop.url,
      evidence: [
        ev('redirect', 'ev_prg', { url: hop.url, location: hop.redirectURL, status: String(final.status) }),
      ],
      causes: [t('cause_prg_intended')],
      fixes: [t('fix_none_needed')],
      prevention: [t('prev_prg_keep')],
    }
  },
}
