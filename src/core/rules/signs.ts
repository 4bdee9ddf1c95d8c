import { header } from '../headers'
import type { Exchange } from '../types'

/**
 * Facts about a request or answer that several rules must agree on, so each has one home.
 */

/** A Next.js Server Action call: the client names the action in a `Next-Action` header. */
export function isServerActionCall(x: Exchange): boolean {
  return header(x.requestHeaders, 'next-action') !== undefined
}

/** Next.js's answer when no action has the id the page sent (a build the page predates). */
export function isStaleServerAction(x: Exchange): boolean {
  return isServerActionCall(x) && header(x.responseHeaders, 'x-nextjs-action-not-found') !== undefined
}

/** What a browser's network error says, grouped by what the developer should do about it. */
export type FailureClass = 'aborted' | 'connection' | 'dns' | 'blocked' | 'redirect' | 'failed'

const CLASSES: readonly [RegExp, FailureClass][] = [
  [/ERR_ABORTED|NS_BINDING_ABORTED/i, 'aborted'],
  [/ERR_BLOCKED_BY_CLIENT|ERR_BLOCKED_BY_ADMINISTRATOR|NS_ERROR_BLOCKED|blockedbyclient/i, 'blocked'],
  [/ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED|NS_ERROR_UNKNOWN_HOST/i, 'dns'],
  [/ERR_INVALID_REDIRECT|ERR_TOO_MANY_REDIRECTS|ERR_UNSAFE_REDIRECT/i, 'redirect'],
  [
    /ERR_CONNECTION_|ERR_EMPTY_RESPONSE|ERR_TIMED_OUT|ERR_ADDRESS_UNREACHABLE|ERR_INTERNET_DISCONNECTED|ERR_NETWORK_CHANGED|ERR_SSL_|ERR_CERT_|NS_ERROR_NET_|NS_ERROR_CONNECTION_REFUSED/i,
    'connection',
  ],
]

/** No response at all: the browser gave up or was stopped before an answer arrived. */
export function isNoResponse(x: Exchange): boolean {
  return x.status === 0
}

export function failureClass(x: Exchange): FailureClass {
  for (const [re, cls] of CLASSES) if (re.test(x.error)) return cls
  return 'failed'
}
