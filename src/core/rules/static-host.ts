import { isUnsafe } from '../methods'
import { sameCall } from './corrected-call'
import { appListsMethod, compact, frameworkEvidence, fwText } from './evidence-common'
import { ev, MDN, RFC, type Rule, t } from './rule'

export const staticHost: Rule<'static-host'> = {
  kind: 'static-host',
  supersedes: ['wrong-method', 'missing-allow-header', 'blocked-by-proxy'],
  links: { rfc: `${RFC}#name-405-method-not-allowed`, mdn: `${MDN}/Methods/POST` },
  shortLabel: 'ui_kind_short_static_host',
  // The fix is another host: nothing a probe of this one could tell changes that.
  probeOnHit: false,
  correctedCall: sameCall,
  evaluate(ctx) {
    const { final, framework } = ctx
    if (framework?.role !== 'static' || !isUnsafe(final.method)) return null
    if (final.status !== 405 && final.status !== 403 && final.status !== 501) return null
    // Something that serves files refused what the app behind it lists: a relay (blocked-by-proxy).
    if (appListsMethod(ctx)) return null
    return {
      kind: 'static-host',
      severity: 'error',
      method: final.method,
      url: final.url,
      evidence: [
        ev('response', 'ev_final_status', {
          method: final.method,
          status: String(final.status),
          url: final.url,
        }),
        ev('fingerprint', 'ev_static_host', { name: framework.name }),
        ...frameworkEvidence(framework),
      ],
      causes: [t('cause_wrong_base_url'), t('cause_spa_rewrite')],
      fixes: compact([fwText(framework, 'fix'), t('fix_point_to_api'), t('fix_dev_proxy')]),
      prevention: [t('prev_env_base_url')],
    }
  },
}
