import { callWithAllowedMethod } from './corrected-call'
import { compact, frameworkEvidence, fwText } from './evidence-common'
import { ev, MDN, RFC, type Rule, t } from './rule'

export const missingAllowHeader: Rule<'missing-allow-header'> = {
  kind: 'missing-allow-header',
  links: { rfc: `${RFC}#name-405-method-not-allowed`, mdn: `${MDN}/Headers/Allow` },
  shortLabel: 'ui_kind_short_missing_allow_header',
  probeOnHit: true,
  correctedCall: callWithAllowedMethod,
  evaluate(ctx) {
    const { final } = ctx
    if (final.status !== 405 || final.responseHeaders.has('allow')) return null
    return {
      kind: 'missing-allow-header',
      severity: 'warning',
      method: final.method,
      url: final.url,
      evidence: [
        ev('response', 'ev_405_without_allow', { method: final.method, url: final.url }),
        ...frameworkEvidence(ctx.framework),
      ],
      causes: [t('cause_custom_405_handler'), t('cause_proxy_or_static')],
      fixes: compact([t('fix_send_allow'), fwText(ctx.framework, 'fix')]),
      prevention: [t('prev_allow_header')],
    }
  },
}
