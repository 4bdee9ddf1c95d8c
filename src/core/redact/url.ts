/**
 * URL redaction: userinfo, secret-named parameters (query, fragment, path `;params`) and
 * secret-shaped values, each part on its own, so a URL keeps its shape. A value is read in its
 * raw text, then one decoded layer down, to MAX_DECODE_DEPTH.
 */
import { isSecretValue } from '../secret-shapes'
import {
  encodeValue,
  isSecretParam,
  MAX_DECODE_DEPTH,
  PLACEHOLDER,
  type RedactOptions,
  safeDecode,
} from './common'
import { redactText, redactTextAt } from './text'

/** Replaces credentials in a URL (userinfo, secret-named or secret-shaped values), keeping its shape. */
export function redactUrl(raw: string, opts: RedactOptions = {}): string {
  if (opts.keepSecrets) return raw
  const known = recentUrls.get(raw)
  if (known !== undefined) return known
  // A redacted value may be re-encoded, and the parser may encode it again: until nothing changes
  // (one more pass in practice), so redacting a redacted URL is a no-op (JUnit matches on it).
  let url = redactUrlOnce(raw)
  for (let round = 0, prev = raw; round < 3 && url !== prev; round++) {
    prev = url
    url = redactUrlOnce(prev)
  }
  if (recentUrls.size >= RECENT_URLS) recentUrls.clear()
  recentUrls.set(raw, url)
  return url
}

/**
 * One report names each URL many times (request, hops, evidence, three snippets, JUnit), and a
 * hostile URL of thousands of segments costs milliseconds to redact: the last answers are kept.
 * A pure function's memo, bounded, so it changes no result.
 */
const RECENT_URLS = 512
const recentUrls = new Map<string, string>()

function redactUrlOnce(raw: string): string {
  // A scheme-relative `//user:pass@host/…` (a Location can be one) is read as http, then put back.
  if (/^\/\/[^/\\]/.test(raw)) {
    const full = redactUrlOnce(`http:${raw}`)
    return full.startsWith('http://') ? full.slice(5) : full
  }
  let u: URL
  try {
    u = new URL(raw)
  } catch {
    return redactRelativeUrl(raw)
  }
  if (u.username) u.username = PLACEHOLDER
  if (u.password) u.password = PLACEHOLDER
  const href = u.href
  const tail = u.pathname + u.search + u.hash
  // Every hierarchical or opaque URL serialises as head + path + query + fragment.
  if (!href.endsWith(tail)) return redactText(href)
  const head = href.slice(0, href.length - tail.length)
  const out = head + redactPath(u.pathname) + redactSearch(u.search) + redactFragment(u.hash)
  // Serialised again, so a value re-encoded here reads as the URL parser writes it (idempotent).
  try {
    return new URL(out).href
  } catch {
    return out
  }
}

/** `/x/y;jsessionid=…?a=b#c`, or anything `new URL` refused: the same parts, found by hand. */
function redactRelativeUrl(raw: string): string {
  const hashAt = raw.indexOf('#')
  const beforeHash = hashAt < 0 ? raw : raw.slice(0, hashAt)
  const hash = hashAt < 0 ? '' : raw.slice(hashAt)
  const queryAt = beforeHash.indexOf('?')
  const path = queryAt < 0 ? beforeHash : beforeHash.slice(0, queryAt)
  const search = queryAt < 0 ? '' : beforeHash.slice(queryAt)
  // An absolute URL the parser refused may still carry userinfo: free-text rules see it.
  const safePath = path.includes('://') ? redactText(path) : redactPath(path)
  return safePath + redactSearch(search) + redactFragment(hash)
}

/** Each segment on its own: a secret-shaped segment, and path parameters (`;jsessionid=…`). */
function redactPath(path: string): string {
  if (path === '') return path
  return path.split('/').map(redactSegment).join('/')
}

function redactSegment(segment: string): string {
  if (segment === '') return segment
  const [first = '', ...params] = segment.split(';')
  return [redactValue(first), ...params.map(redactPair)].join(';')
}

function redactSearch(search: string): string {
  return search === '' ? search : `?${redactPairs(search.slice(1))}`
}

/** OAuth implicit flow and hash routers put tokens in the fragment (`#access_token=…`, `#/cb?t=…`). */
function redactFragment(hash: string): string {
  if (hash === '') return hash
  const h = hash.slice(1)
  const q = h.indexOf('?')
  if (q >= 0) return `#${redactPath(h.slice(0, q))}?${redactPairs(h.slice(q + 1))}`
  return `#${h.includes('=') ? redactPairs(h) : redactPath(h)}`
}

function redactPairs(query: string): string {
  return query.split('&').map(redactPair).join('&')
}

function redactPair(pair: string): string {
  const eq = pair.indexOf('=')
  if (eq < 0) return redactValue(pair)
  const name = pair.slice(0, eq)
  const value = pair.slice(eq + 1)
  if (isSecretParam(name)) return value === '' ? pair : `${name}=${PLACEHOLDER}`
  return `${redactValue(name)}=${redactValue(value)}`
}

/**
 * One value of a URL. Secret-shaped as a whole, or holding secrets inside (a JWT, a nested
 * `?token=…` in a `next=` URL), found in the raw text first, then one decoded layer down, and so
 * on to MAX_DECODE_DEPTH (`next=https%253A%252F%252F…%253Fcode%253D…` is two layers deep).
 */
function redactValue(raw: string, depth = 0): string {
  if (raw === '' || raw === PLACEHOLDER) return raw
  if (isSecretValue(raw)) return PLACEHOLDER
  // The whole value's shape at every layer first: the text rules would cut base64's `%2F` apart.
  let layer = raw
  for (let d = depth; d < MAX_DECODE_DEPTH && layer.includes('%'); d++) {
    const next = safeDecode(layer)
    if (next === layer) break
    if (isSecretValue(next)) return PLACEHOLDER
    layer = next
  }
  // Decoding only ever shortens a value and turns `%3D`, `%20`… into `=`, ` `…: a last layer this
  // short, with no `=`, `:` or blank, holds no name, scheme, userinfo or shape in any layer (most
  // path segments and values; a hostile URL of thousands of `/%25` would otherwise cost each the scanners).
  if (layer.length < 16 && !/[=:\s]/.test(layer)) return raw
  const inRaw = redactTextAt(raw, depth)
  if (depth >= MAX_DECODE_DEPTH || !inRaw.includes('%')) return inRaw
  const decoded = safeDecode(inRaw)
  if (decoded === inRaw) return inRaw
  const inner = redactValue(decoded, depth + 1)
  return inner === decoded ? inRaw : encodeValue(inner)
}
