import { discoverDescription, sniffDescription } from '../core/openapi-discovery'
import type { TextFetch } from '../core/probe/fetch-text'
import { parseUrl } from '../core/url'
import type { DevtoolsToWorker, WorkerToDevtools } from '../shared/messages'
import { hasHostPermission } from './host-permission'
import type { ObservedUrls } from './observed'

const workerFetch: TextFetch = (url, init) => fetch(url, init)

/**
 * Fetches an origin's API description after the user pressed the button for it, with host
 * permission. The origin shown must be the inspected site or one the page requested while that
 * site was inspected (an origin only an earlier site used, kept by Preserve log, is refused);
 * then the usual locations or the URL the user typed are read by the shared discovery
 * (src/core/openapi-discovery.ts: GET only, no credentials, 5 MB, 5 s, the probes' budget).
 */
export async function readDescription(
  acquire: (origin: string) => Promise<boolean>,
  m: Extract<DevtoolsToWorker, { type: 'devtools/read-description' }>,
  observed: ObservedUrls,
  fetchFn: TextFetch = workerFetch,
): Promise<WorkerToDevtools> {
  const { id, tabId } = m
  const origin = parseUrl(m.origin)
  const given = m.url === undefined ? null : parseUrl(m.url)
  const target = given ?? origin
  if (!target || (target.protocol !== 'http:' && target.protocol !== 'https:'))
    return { type: 'worker/description-failed', id, reason: 'not-http', tried: [] }
  const site = observed.site(tabId)
  const shown = origin?.origin
  if (
    site === null ||
    shown === undefined ||
    (shown !== site && !observed.requestedUnder(tabId, shown, site))
  )
    return { type: 'worker/description-failed', id, reason: 'not-observed', tried: [] }
  if (!(await hasHostPermission(target.protocol, target.host)))
    return { type: 'worker/description-failed', id, reason: 'no-permission', tried: [] }
  const found = await discoverDescription(given ? { url: given.href } : { origin: target.origin }, {
    fetch: fetchFn,
    acquire,
    // The devtools page parses it; here only a cheap look, so the worker never loads a YAML parser.
    accept: sniffDescription,
  })
  const { tried } = found
  if (found.end === 'found')
    return { type: 'worker/description', id, source: found.url, text: found.value, tried }
  // A document found but unusable (too large, say) is said rather than "not found".
  const reason = found.end === 'not-found' ? (found.problems[0]?.reason ?? 'not-found') : found.end
  return { type: 'worker/description-failed', id, reason, tried }
}
