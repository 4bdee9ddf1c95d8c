import { OPENAPI_LOCATIONS, OPENAPI_MAX_BYTES } from '../core/openapi'
import { fetchText, type TextFetch } from '../core/probe/fetch-text'
import { parseUrl } from '../core/url'
import type { DevtoolsToWorker, WorkerToDevtools } from '../shared/messages'
import { hasHostPermission } from './host-permission'
import type { ObservedUrls } from './observed'

const workerFetch: TextFetch = (url, init) => fetch(url, init)

/**
 * Fetches an origin's API description after the user pressed the button for it: GET only, no
 * credentials, 5 MB, 5 s, with host permission. The origin shown must be the inspected site or
 * one the page requested while that site was inspected (an origin only an earlier site used,
 * kept by Preserve log, is refused); then the usual locations or the URL the user typed are read.
 */
export async function readDescription(
  acquire: (origin: string) => Promise<boolean>,

  m: Extract<DevtoolsToWorker, { type: 'worker/read-description' }>,
  observed: ObservedUrls,
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
  const urls = given ? [given.href] : OPENAPI_LOCATIONS.map((p) => target.origin + p)
  const tried: { url: string; status: number }[] = []
  // A document found but unusable (too large) is said at the end, rather than "not found".
  let problem: string | null = null
  for (const url of urls) {
    if (!(await acquire(target.origin)))
      return { type: 'worker/description-failed', id, reason: 'rate-limit', tried }
    const got = await fetchText(workerFetch, url, OPENAPI_MAX_BYTES)
    tried.push({ url, status: 'status' in got ? got.status : 0 })
    if ('error' in got) {
      if (given) return { type: 'worker/description-failed', id, reason: got.error, tried }
      if (got.error === 'too-large') problem ??= got.error
      continue
    }
    if (got.status !== 200) continue
    // The devtools page parses it; here only a cheap look, so the worker never loads a YAML parser.
    if (/\b(openapi|swagger)\b/.test(got.text.slice(0, 4096))) {
      return { type: 'worker/description', id, source: url, text: got.text, tried }
    }
    if (given) return { type: 'worker/description-failed', id, reason: 'not-openapi', tried }
  }
  return { type: 'worker/description-failed', id, reason: problem ?? 'not-found', tried }
}
