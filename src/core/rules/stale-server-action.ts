import { header } from '../headers'
import { noCall } from './corrected-call'
import { ev, type Rule, t } from './rule'
import { isStaleServerAction } from './signs'

/**
 * A Next.js Server Action the server no longer has: the page was built before the last deploy and
 * still sends the old action id. Never a wrong method, whatever the status says, and never probed:
 * a HEAD or GET of the page would only show it exists.
 */
export const staleServerAction: Rule<'stale-server-action'> = {
  kind: 'stale-server-action',
  supersedes: ['wrong-method', 'missing-allow-header', 'blocked-by-proxy', 'static-host'],
  links: {
    rfc: 'https://www.rfc-editor.org/rfc/rfc9110#name-409-conflict',
    mdn: 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/409',
  },
  shortLabel: 'ui_kind_short_stale_server_action',
  aboutAllowedMethods: false,
  probeOnHit: false,
  correctedCall: noCall,
  evaluate({ final }) {
    if (!isStaleServerAction(final)) return null
    return {
      kind: 'stale-server-action',
      severity: 'error',
      method: final.method,
      url: final.url,
      evidence: [
        ev('request', 'ev_server_action_id', {
          id: (header(final.requestHeaders, 'next-action') ?? '').slice(0, 80),
        }),
        ev('response', 'ev_action_not_found', { status: String(final.status) }),
      ],
      causes: [t('cause_deploy_skew')],
      fixes: [t('fix_reload_after_deploy'), t('fix_action_encryption_key')],
      prevention: [t('prev_skew_protection')],
    }
  },
}
