/**
 * "Try the fix": the one request a finding's corrected call sends from the inspected page, and
 * the view the user confirms before it goes. Pure: the devtools page sends it (src/devtools/try-fix.ts).
 */
import { isUnsafe } from '../methods'
import { redactHeaderValue, redactText, redactUrl } from '../redact'
import { isCarriable } from '../snippets'
import type { Finding } from '../types'
import { originOf } from '../url'

export type TryCredentials = 'include' | 'same-origin'
export type BodySource = 'capture' | 'none' | 'secret'

/** Exactly what the page function sends (its arguments, less the result slot's key). */
export interface TryRequest {
  method: string
  url: string
  headers: [string, string][]
  /** null: no body (the capture keeps none; the user may type one in the dialog). */
  body: string | null
  credentials: TryCredentials
}

/** What the dialog shows: the request with secrets masked, and what the user must know about it. */
export interface TryView {
  method: string
  url: string
  headers: [string, string][]
  credentials: TryCredentials
  /** Not a safe method (RFC 9110 §9.2.1): it may change data on the server. */
  unsafe: boolean
  /** A body may be sent (not GET or HEAD, which fetch refuses one). */
  bodyAllowed: boolean
  /** The body the dialog starts with: the captured request's, when it holds nothing to mask. */
  body: string
  /** Where that came from: the capture; none there; or the captured one held secrets (not shown). */
  bodyFrom: BodySource
  /** Credential headers left out: the call goes to another origin than the page's request did. */
  leftOut: string[]
  /**
   * The page open now is not the one that sent the request (its origin, as text): the request's
   * credential headers and body are not offered to it. null when it is the same page.
   */
  otherPage: string | null
}

/** The largest body the dialog lets the user send. */
export const MAX_TRY_BODY = 65_536

const NO_BODY = new Set(['GET', 'HEAD'])
/** Headers that carry the user's identity: browsers drop Authorization on a cross-origin redirect. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'x-api-key', 'x-auth-token', 'x-csrf-token'])
export const allowsBody = (method: string): boolean => !NO_BODY.has(method)

/**
 * The request for a finding's corrected call, or null when it offers none. Its credential headers
 * are kept only when the call stays on the origin the page's own request went to.
 */
export function tryRequestOf(
  f: Pick<Finding, 'request' | 'call'>,
  /** The inspected page's URL now: the request runs in it, with its scripts around. */
  pageUrl: string,
): { request: TryRequest; leftOut: string[]; otherPage: string | null } | null {
  const call = f.call
  if (!call) return null
  let url: string
  try {
    url = new URL(call.url).href
  } catch {
    return null
  }
  if (!/^https?:$/.test(new URL(url).protocol)) return null
  // The page now open runs the request (its fetch may be patched): the original request's
  // credentials go only from the page that sent it, else from the origin it went to.
  const now = originOf(pageUrl)
  const otherPage = now === (call.from ?? originOf(f.request.url)) ? null : now || pageUrl.slice(0, 200)
  const sameOrigin = originOf(url) === originOf(f.request.url) && otherPage === null
  const headers: [string, string][] = []
  const leftOut: string[] = []
  for (const [name, value] of call.headers) {
    // A value fetch() refuses (control characters, lone surrogates): left out, as the snippets do.
    if (!isCarriable(value)) continue
    if (!sameOrigin && CREDENTIAL_HEADERS.has(name.toLowerCase())) leftOut.push(name)
    else headers.push([name, value])
  }
  return {
    request: {
      method: call.method,
      url,
      headers,
      body: null,
      credentials: call.cookies ? 'include' : 'same-origin',
    },
    leftOut,
    otherPage,
  }
}

/**
 * The body the dialog offers: the page's own request body (the captured one, when DevTools' log
 * still has it), only if the redaction finds nothing in it. The dialog shows exactly what is sent,
 * so a body with a secret is not offered masked: the user types it.
 */
export function draftBody(method: string, captured: string | null): { body: string; bodyFrom: BodySource } {
  if (!allowsBody(method) || captured === null || captured === '' || captured.length > MAX_TRY_BODY)
    return { body: '', bodyFrom: 'none' }
  return redactText(captured) === captured
    ? { body: captured, bodyFrom: 'capture' }
    : { body: '', bodyFrom: 'secret' }
}

/** The request as the dialog shows it: URL and header values through the one redaction. */
export function viewOf(
  r: TryRequest,
  leftOut: readonly string[] = [],
  captured: string | null = null,
  otherPage: string | null = null,
): TryView {
  return {
    // Another page gets no body of the original page's request offered.
    ...draftBody(r.method, otherPage === null ? captured : null),
    // An origin holds no secret; anything else (a page without one) goes through the redaction.
    otherPage: otherPage === null || originOf(otherPage) === otherPage ? otherPage : redactUrl(otherPage),
    method: r.method,
    url: redactUrl(r.url),
    headers: r.headers.map(([n, v]) => [n, redactHeaderValue(n.toLowerCase(), v)]),
    credentials: r.credentials,
    unsafe: isUnsafe(r.method),
    bodyAllowed: allowsBody(r.method),
    leftOut: [...leftOut],
  }
}

/** The request with the body the user confirmed (none for GET and HEAD, nor an empty one). */
export function withBody(r: TryRequest, body: string | null): TryRequest {
  const b = body === null || body === '' || !allowsBody(r.method) ? null : body.slice(0, MAX_TRY_BODY)
  return { ...r, body: b }
}
