import { headerMap } from './headers'
import { readInitiator } from './initiator'
import type { Exchange, HeaderMap } from './types'
import { resolveLocation } from './url'

const EMPTY_HEADERS: HeaderMap = new Map()

/** Body bytes kept per exchange: enough for every fingerprint, bounded for memory. */
export const BODY_KEEP = 2048
const MAX_URL = 8192

function str(v: unknown): string {
  return typeof v === 'string' ? v : ''
}

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
}

function decodeBody(content: Record<string, unknown>): string {
  const text = content.text
  if (typeof text !== 'string' || text === '') return ''
  if (content.encoding === 'base64') {
    // Only the start is kept, so decode only the start (4 base64 chars → 3 bytes).
    const head = text.slice(0, Math.ceil((BODY_KEEP * 4) / 3 / 4) * 4)
    try {
      const bin = atob(head.replace(/[^A-Za-z0-9+/=]/g, ''))
      let out = ''
      for (let i = 0; i < bin.length; i++) {
        const c = bin.charCodeAt(i)
        out += c < 0x80 ? String.fromCharCode(c) : '\ufffd'
      }
      return out
    } catch {
      return ''
    }
  }
  return text.length > BODY_KEEP ? text.slice(0, BODY_KEEP) : text
}

/**
 * Whether the page's service worker answered this entry instead of the server. Chromium's DevTools
 * says so (`response._fetchedViaServiceWorker`, true even when the worker only passed the request
 * on: its own fetch is a separate entry, with a server address). Firefox and Playwright write no
 * flag; their worker answers are recognised by shape, narrowly, from real captures
 * (test/fixtures/har/sw-*.har): no server address, plus
 * - Firefox: no `connection`, and `time` and every timing phase exactly 0 (a real Firefox entry has
 *   zero phases too, but always a server address);
 * - Playwright: a page entry (`_frameref`) with `response._transferSize` 0 (its timings are not zero).
 * Anything else, a failed request (status 0) included, counts as the server's answer.
 */
export function answeredByServiceWorker(raw: unknown): boolean {
  const e = obj(raw)
  const res = obj(e.response)
  const flags = [res._fetchedViaServiceWorker, e._fetchedViaServiceWorker]
  if (flags.includes(true)) return true
  if (flags.includes(false)) return false
  if (typeof res.status !== 'number' || res.status === 0 || e._error !== undefined) return false
  if (e.serverIPAddress !== undefined && e.serverIPAddress !== '') return false
  if (typeof e._frameref === 'string') return res._transferSize === 0
  const t = obj(e.timings)
  return (
    typeof e._securityState === 'string' &&
    e.connection === undefined &&
    e.time === 0 &&
    ['blocked', 'dns', 'connect', 'ssl', 'send', 'wait', 'receive'].every((k) => t[k] === 0)
  )
}

/**
 * A debugging proxy's replayed answer (Fiddler's AutoResponder, seen in a public capture): no server
 * address and no connection, the exchange took no time at all (send, wait and receive 0), and the
 * response's Date is more than a day away from when the request started, so it was recorded
 * earlier and played back. Any one of these alone is ordinary (a fast loopback answer takes 0 ms).
 */
export function answeredByTool(raw: unknown): boolean {
  const e = obj(raw)
  const res = obj(e.response)
  if (typeof res.status !== 'number' || res.status === 0 || e._error !== undefined) return false
  if ((e.serverIPAddress ?? null) !== null || (e.connection ?? null) !== null || e.time !== 0) return false
  const t = obj(e.timings)
  if (!['send', 'wait', 'receive'].every((k) => t[k] === 0)) return false
  const started = typeof e.startedDateTime === 'string' ? Date.parse(e.startedDateTime) : Number.NaN
  const date = headerMap(res.headers).get('date')?.[0]
  const answered = date === undefined ? Number.NaN : Date.parse(date)
  return Number.isFinite(started) && Number.isFinite(answered) && Math.abs(started - answered) > DAY_MS
}

const DAY_MS = 24 * 60 * 60 * 1000

/** A raw entry's start in ms since the epoch (NaN when it has none), without normalising it. */
export function entryStart(raw: unknown): number {
  const started = obj(raw).startedDateTime
  return typeof started === 'string' ? Date.parse(started) : Number.NaN
}

/**
 * Turns one HAR entry (Chrome, Firefox, Playwright, proxies) into an Exchange.
 * Returns null for entries without a usable method and URL.
 */
/** An entry's request method as the engine reads it ('' when unusable). */
export function entryMethod(request: unknown): string {
  const method = str(obj(request).method).toUpperCase().slice(0, 32)
  return /^[A-Z][A-Z0-9_-]*$/.test(method) ? method : ''
}

/** An entry's status as the engine reads it: 0 for none, failed or nonsense. */
export function entryStatus(response: unknown): number {
  const res = obj(response)
  // Only numbers and numeric strings: Number() on an arbitrary object can throw (null prototype).
  const raw =
    typeof res.status === 'number'
      ? res.status
      : typeof res.status === 'string'
        ? Number(res.status)
        : Number.NaN
  return Number.isInteger(raw) && raw >= 100 && raw <= 999 ? raw : 0
}

/**
 * A plain success is only ever traffic (method, URL, status): its headers and body are never read,
 * the bulk of a large HAR. OPTIONS keeps them (a preflight is judged by its headers).
 */
export function isPlainSuccess(method: string, status: number): boolean {
  return ((status >= 200 && status < 300) || status === 304) && method !== 'OPTIONS'
}

export function normalizeEntry(raw: unknown, seq: number): Exchange | null {
  const e = obj(raw)
  const req = obj(e.request)
  const res = obj(e.response)
  const method = entryMethod(req)
  let url = str(req.url)
  if (method === '' || url === '') return null
  if (url.length > MAX_URL) url = url.slice(0, MAX_URL)
  const started = str(e.startedDateTime)
  const start = started === '' ? Number.NaN : Date.parse(started)
  const status = entryStatus(res)
  const plain = isPlainSuccess(method, status)
  const responseHeaders = plain ? EMPTY_HEADERS : headerMap(res.headers)
  let location = str(res.redirectURL)
  if (location === '' && status >= 300 && status < 400) location = responseHeaders.get('location')?.[0] ?? ''
  const byTool = !answeredByServiceWorker(e) && answeredByTool(e)
  const viaServiceWorker = byTool || answeredByServiceWorker(e)
  // A plain success is never a finding's request: what sent it is not needed.
  const initiator = plain ? undefined : readInitiator(e._initiator)
  return {
    // The page's copy of a request its service worker passed on and the worker's own fetch share
    // method, URL and often the millisecond: the flag keeps them two exchanges, not one.
    key: `${method} ${url} ${started}${viaServiceWorker ? ' sw' : ''}`,
    detail: `${status} ${typeof e.time === 'number' ? e.time : ''} ${typeof res.bodySize === 'number' ? res.bodySize : ''}`,
    seq,
    start,
    method,
    url,
    requestHeaders: plain ? EMPTY_HEADERS : headerMap(req.headers),
    status,
    statusText: str(res.statusText).slice(0, 200),
    responseHeaders,
    // A fragment never reaches the server, so the follow-up request's URL has none.
    redirectURL:
      status >= 300 && status < 400 ? resolveLocation(location.slice(0, MAX_URL), url).split('#')[0]! : '',
    body: plain ? '' : decodeBody(obj(res.content)),
    resourceType: str(e._resourceType),
    // Browser errors are short ("net::ERR_FAILED"); a hostile one is clipped like every other field.
    // Chromium's getHAR() writes `_error`; Playwright writes the response's `_failureText`.
    error: (str(e._error) || str(res._error) || str(res._failureText)).slice(0, 500),
    ...(viaServiceWorker ? { viaServiceWorker: true as const } : {}),
    ...(byTool ? { answeredByTool: true as const } : {}),
    ...(initiator ? { initiator } : {}),
  }
}

/** Pulls `log.entries` out of a HAR document; throws a readable Error when it is not one. */
export function harEntries(doc: unknown): unknown[] {
  const log = obj(obj(doc).log)
  if (!Array.isArray(log.entries)) throw new HarFormatError('not a HAR file: no log.entries array')
  return log.entries
}

export class HarFormatError extends Error {
  override name = 'HarFormatError'
}
