import { header } from './headers'
import type { Exchange } from './types'

/**
 * How the page sent a request, as far as the capture shows:
 * - `navigation`: a document load (a form submission, a link, a location change), the browser
 *   follows redirects and shows the final page: Post/Redirect/Get lives here;
 * - `fetch`: script's fetch() or XMLHttpRequest, whose code reads the answer;
 * - `beacon`: sendBeacon or a ping, whose answer nobody reads;
 * - `unknown`: the capture does not say (a proxy's HAR, a hand-made one).
 */
export type SentBy = 'navigation' | 'fetch' | 'beacon' | 'unknown'

/** Chromium and Playwright name the resource type; the request headers say the rest. */
const BY_RESOURCE_TYPE: Readonly<Record<string, SentBy>> = {
  document: 'navigation',
  fetch: 'fetch',
  xhr: 'fetch',
  ping: 'beacon',
  beacon: 'beacon',
}

export function sentBy(x: Pick<Exchange, 'resourceType' | 'requestHeaders'>): SentBy {
  const type = x.resourceType.toLowerCase()
  if (Object.hasOwn(BY_RESOURCE_TYPE, type)) return BY_RESOURCE_TYPE[type]!
  // Fetch metadata (every current browser sends it to secure and loopback origins): a navigation
  // says mode navigate; fetch() and XHR say an empty destination with a cors or same-origin mode.
  const mode = header(x.requestHeaders, 'sec-fetch-mode')?.toLowerCase()
  const dest = header(x.requestHeaders, 'sec-fetch-dest')?.toLowerCase()
  if (mode === 'navigate' || mode === 'nested-navigate') return 'navigation'
  if (dest === 'empty' && (mode === 'cors' || mode === 'same-origin')) return 'fetch'
  // A beacon is a no-cors request with an empty destination; a ping carries its own header.
  if (header(x.requestHeaders, 'ping-to') !== undefined) return 'beacon'
  if (dest === 'empty' && mode === 'no-cors') return 'beacon'
  // Over plain http there is no fetch metadata: only navigations ask to upgrade, or accept HTML first.
  if (header(x.requestHeaders, 'upgrade-insecure-requests') === '1') return 'navigation'
  if (/^text\/html/i.test(header(x.requestHeaders, 'accept') ?? '')) return 'navigation'
  // Firefox's toolbox HAR leaves out fetch metadata on some requests; XHR libraries mark themselves.
  if (header(x.requestHeaders, 'x-requested-with')?.toLowerCase() === 'xmlhttprequest') return 'fetch'
  return 'unknown'
}
