import { noCall } from './corrected-call'
import { ev, MDN, type Rule, t } from './rule'

/**
 * The page's own service worker answered (a mock such as MSW's, or an offline handler passing the
 * server's answer on). What it says is the worker's code, not the server's: never blamed on a
 * proxy or the server, never probed. Only failures and redirects are worth a line.
 */
export const serviceWorkerAnswer: Rule<'service-worker-answer'> = {
  kind: 'service-worker-answer',
  judges: 'service-worker',
  links: {
    rfc: 'https://w3c.github.io/ServiceWorker/#fetchevent-respondwith',
    mdn: `${MDN.replace('/HTTP', '/API')}/FetchEvent/respondWith`,
  },
  shortLabel: 'ui_kind_short_service_worker_answer',
  aboutAllowedMethods: false,
  probeOnHit: false,
  correctedCall: noCall,
  evaluate({ chain }) {
    const hop = chain.find((x) => x.viaServiceWorker && x.status >= 300 && x.status !== 304)
    if (!hop) return null
    return {
      kind: 'service-worker-answer',
      severity: 'info',
      method: hop.method,
      url: hop.url,
      evidence: [
        ev('response', hop.answeredByTool ? 'ev_tool_answered' : 'ev_service_worker_answered', {
          method: hop.method,
          url: hop.url,
          status: String(hop.status),
        }),
      ],
      causes: [t(hop.answeredByTool ? 'cause_tool_mock' : 'cause_service_worker_mock')],
      fixes: [t('fix_check_service_worker')],
      prevention: [t('prev_mock_matches_server')],
    }
  },
}
