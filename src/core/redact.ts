/**
 * The one place that decides what is a secret. Every output (exports, copies, snippets,
 * CLI formats, Playwright attachments) goes through it. A secret is recognised by its name
 * (secret-names.ts: case and separator do not matter) or by its shape (secret-shapes.ts: JWTs,
 * long random tokens, known key prefixes), wherever it sits; only the value is replaced, so a URL
 * keeps its shape. Every function walks its input a bounded number of times: linear time.
 */
import { isSecretName, secretNameStrength } from './secret-names'
import { isSecretValue, redactShapes } from './secret-shapes'

export { isSecretName } from './secret-names'
export { isSecretValue } from './secret-shapes'

export const PLACEHOLDER = 'REDACTED'

export interface RedactOptions {
  /** The user asked to keep secrets in this export. */
  keepSecrets?: boolean
}

function safeDecode(s: string): string {
  if (!s.includes('%')) return s
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

export function isSecretHeader(name: string): boolean {
  return isSecretName(name)
}

/** A query, fragment, path or form parameter name (percent-encoded or not). */
export function isSecretParam(name: string): boolean {
  return isSecretName(safeDecode(name))
}

/** Replaces credentials in a URL (userinfo, secret-named or secret-shaped values), keeping its shape. */
export function redactUrl(raw: string, opts: RedactOptions = {}): string {
  if (opts.keepSecrets) return raw
  // A redacted value may be re-encoded, and the parser may encode it again: until nothing changes
  // (one more pass in practice), so redacting a redacted URL is a no-op (JUnit matches on it).
  let url = redactUrlOnce(raw)
  for (let round = 0; round < 3 && url !== raw; round++) {
    raw = url
    url = redactUrlOnce(raw)
  }
  return url
}

function redactUrlOnce(raw: string): string {
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
 * One value of a URL. Secret-shaped as a whole (decoded), or holding secrets inside (a JWT, a
 * nested `?token=…` in a `next=` URL), found in the raw text first, then in the decoded text.
 */
function redactValue(raw: string): string {
  if (raw === '' || raw === PLACEHOLDER) return raw
  const decoded = safeDecode(raw)
  if (isSecretValue(decoded) || (decoded !== raw && isSecretValue(raw))) return PLACEHOLDER
  const inRaw = redactText(raw)
  const inRawDecoded = safeDecode(inRaw)
  if (inRawDecoded === inRaw) return inRaw
  const inDecoded = redactText(inRawDecoded)
  return inDecoded === inRawDecoded ? inRaw : encodeValue(inDecoded)
}

/** Percent-encodes a value redacted after decoding (a lone surrogate cannot be: then all of it goes). */
function encodeValue(decoded: string): string {
  try {
    return encodeURIComponent(decoded)
  } catch {
    return PLACEHOLDER
  }
}

/**
 * For free text that may echo a secret (bodies, evidence strings, header values): authorization
 * schemes, URL userinfo, `name=value`, `"name": "value"` and `Name: value` lines with a secret
 * name, then JWTs and random tokens anywhere.
 */
export function redactText(text: string, opts: RedactOptions = {}): string {
  if (opts.keepSecrets) return text
  // Too short for any shape, no `=`, `:` or space for a name or scheme: nothing to find (most URL segments).
  if (text.length < 16 && !/[=:\s]/.test(text)) return text
  return redactShapes(redactNamedValues(redactSchemesAndUserinfo(text)), PLACEHOLDER)
}

export function redactHeaderValue(name: string, value: string, opts: RedactOptions = {}): string {
  if (opts.keepSecrets) return value
  if (isSecretHeader(name)) return PLACEHOLDER
  // Referer, Origin, Location…: a URL is redacted as a URL.
  return /^https?:\/\//i.test(value) ? redactUrl(value) : redactText(value)
}

// ——— free-text scanners: each walks the text once, looking ahead a bounded distance ———

const AUTH_SCHEMES = new Set(['bearer', 'basic', 'token', 'negotiate', 'ntlm'])
const MAX_NAME = 256
const MAX_SPACES = 16
const MAX_AUTHORITY = 512

const isAsciiLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
const isDigit = (c: number) => c >= 48 && c <= 57
const isSpace = (c: number) => c === 32 || c === 9

/** RFC 9110 token68 without its `=` padding. */
function isToken68(c: number): boolean {
  return (
    isAsciiLetter(c) || isDigit(c) || c === 45 || c === 46 || c === 95 || c === 126 || c === 43 || c === 47
  )
}

/** Characters that end a URL's authority (`user:pass@host`). */
function endsAuthority(c: number): boolean {
  return (
    c === 47 ||
    c === 63 ||
    c === 35 ||
    c === 64 ||
    c <= 32 ||
    c === 34 ||
    c === 39 ||
    c === 60 ||
    c === 62 ||
    c === 92 ||
    c === 96
  )
}

/** `Bearer abc`: a plain word after "Token" is prose ("Invalid Token supplied"), not a credential. */
function isPlainWord(s: string): boolean {
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (!(c >= 97 && c <= 122)) return false
  }
  return isAsciiLetter(s.charCodeAt(0))
}

function redactSchemesAndUserinfo(text: string): string {
  let out = ''
  let last = 0
  let i = 0
  const n = text.length
  while (i < n) {
    const c = text.charCodeAt(i)
    if (c === 58 && text.startsWith('//', i + 1)) {
      const start = i + 3
      const limit = Math.min(n, start + MAX_AUTHORITY)
      let j = start
      while (j < limit && !endsAuthority(text.charCodeAt(j))) j++
      if (j < n && text.charCodeAt(j) === 64 && j > start) {
        const info = text.slice(start, j)
        const colon = info.indexOf(':')
        const user = colon === 0 ? '' : PLACEHOLDER
        const pass = colon < 0 ? '' : colon === info.length - 1 ? ':' : `:${PLACEHOLDER}`
        out += text.slice(last, start) + user + pass
        last = j
      }
      // Nothing between start and j can begin another `://`: it holds no `/`.
      i = Math.max(j, i + 1)
      continue
    }
    if (isAsciiLetter(c) && (i === 0 || !isAsciiLetter(text.charCodeAt(i - 1)))) {
      let j = i
      while (j < n && isAsciiLetter(text.charCodeAt(j))) j++
      const word = j - i <= 9 ? text.slice(i, j).toLowerCase() : ''
      if (AUTH_SCHEMES.has(word)) {
        let k = j
        while (k < n && k - j < MAX_SPACES && isSpace(text.charCodeAt(k))) k++
        let e = k
        while (e < n && isToken68(text.charCodeAt(e))) e++
        let pad = e
        while (pad < n && text.charCodeAt(pad) === 61) pad++
        // `Bearer realm="api"` is a challenge's parameter, not a credential.
        const authParam = pad > e && pad < n && !isSpace(text.charCodeAt(pad)) && text.charCodeAt(pad) !== 44
        const value = text.slice(k, e)
        if (k > j && e - k >= 6 && !authParam && !(word === 'token' && isPlainWord(value))) {
          out += text.slice(last, k) + PLACEHOLDER
          last = pad
          i = pad
          continue
        }
      }
      i = j
      continue
    }
    i++
  }
  return last === 0 ? text : out + text.slice(last)
}

/** Letters, digits and `_ . - [ ] %`: a parameter name, plain or percent-encoded. */
function isNameChar(c: number): boolean {
  return (
    isAsciiLetter(c) || isDigit(c) || c === 95 || c === 46 || c === 45 || c === 91 || c === 93 || c === 37
  )
}

/** What ends an unquoted `name=value` value. `/` does not: base64 values hold it. */
function endsValue(c: number): boolean {
  return (
    c <= 32 ||
    c === 38 || // &
    c === 34 ||
    c === 39 ||
    c === 60 ||
    c === 62 ||
    c === 59 || // ;
    c === 35 || // #
    c === 44 || // ,
    c === 41 ||
    c === 93 ||
    c === 125 ||
    c === 92 ||
    c === 96
  )
}

interface Span {
  /** Replaced characters. */
  start: number
  end: number
  /** Where scanning goes on. */
  next: number
}

function skipSpaces(text: string, k: number): number {
  const limit = k + MAX_SPACES
  while (k < text.length && k < limit && isSpace(text.charCodeAt(k))) k++
  return k
}

/** A quoted value at k (`"…"`, `'…'`, `\"…\"`), up to its closing quote or, cut short, the end. */
function quotedAt(text: string, k: number): Span | null {
  const c = text.charCodeAt(k)
  if (c === 92 && text.charCodeAt(k + 1) === 34) {
    const close = text.indexOf('\\"', k + 2)
    const end = close < 0 ? text.length : close
    return { start: k + 2, end, next: close < 0 ? end : close + 2 }
  }
  if (c !== 34 && c !== 39) return null
  let e = k + 1
  while (e < text.length && text.charCodeAt(e) !== c) e += text.charCodeAt(e) === 92 ? 2 : 1
  const end = Math.min(e, text.length)
  return { start: k + 1, end, next: Math.min(end + 1, text.length) }
}

/** The value after `"name":`: a string, or a number-like literal; objects and booleans are left alone. */
function jsonValueAt(text: string, k: number): Span | null {
  const quoted = quotedAt(text, k)
  if (quoted) return quoted
  let e = k
  while (e < text.length && !endsValue(text.charCodeAt(e))) e++
  const literal = text.slice(k, e)
  if (e === k || literal === 'null' || literal === 'true' || literal === 'false') return null
  const c = text.charCodeAt(k)
  if (c === 123 || c === 91) return null
  return { start: k, end: e, next: e }
}

function redactNamedValues(text: string): string {
  let out = ''
  let last = 0
  let i = 0
  const n = text.length
  /** End of the `name=value` value last read whole. */
  let valueEnd = 0
  const replace = (s: Span, by = PLACEHOLDER) => {
    out += text.slice(last, s.start) + by
    last = s.end
    i = s.next
  }
  while (i < n) {
    const c = text.charCodeAt(i)
    // "name": value, 'name': value, \"name\": \"value\"
    if (c === 34 || c === 39 || (c === 92 && text.charCodeAt(i + 1) === 34)) {
      const quote = c === 92 ? '\\"' : (text[i] ?? '"')
      const ns = i + quote.length
      let ne = ns
      while (ne < n && ne - ns <= MAX_NAME && isNameChar(text.charCodeAt(ne))) ne++
      if (ne > ns && ne - ns <= MAX_NAME && text.startsWith(quote, ne)) {
        const colon = skipSpaces(text, ne + quote.length)
        if (text.charCodeAt(colon) === 58) {
          const k = skipSpaces(text, colon + 1)
          const value = isSecretParam(text.slice(ns, ne)) ? jsonValueAt(text, k) : null
          if (value && value.end > value.start) replace(value)
          else i = k
          continue
        }
      }
      i += quote.length
      continue
    }
    if (!isNameChar(c)) {
      i++
      continue
    }
    let j = i
    while (j < n && isNameChar(text.charCodeAt(j))) j++
    if (i > 0 && isNameChar(text.charCodeAt(i - 1))) {
      i = j
      continue
    }
    const sep = text.charCodeAt(j)
    const short = j - i <= MAX_NAME
    // name=value (query strings, path parameters, form bodies, cookies)
    if (sep === 61 && text.charCodeAt(j + 1) !== 61 && short) {
      if (isSecretParam(text.slice(i, j))) {
        const k = j + 1
        let value = quotedAt(text, k)
        if (!value) {
          let e = k
          while (e < n && !endsValue(text.charCodeAt(e))) e++
          value = { start: k, end: e, next: e }
        }
        if (value.end > value.start) {
          replace(value)
          continue
        }
      }
      // A percent-encoded value (`next=%2Fcb%3Ftoken%3D…`) is read decoded as well. Only the
      // outermost `name=` of a value does this: nested ones share its end, so each value is
      // scanned once, and decoding shortens it, so the recursion costs a constant factor.
      if (j + 1 >= valueEnd) {
        let e = j + 1
        while (e < n && !endsValue(text.charCodeAt(e))) e++
        valueEnd = e
        const raw = text.slice(j + 1, e)
        const decoded = raw.includes('%') ? safeDecode(raw) : raw
        const inner = decoded === raw ? decoded : redactText(decoded)
        if (inner !== decoded) {
          replace({ start: j + 1, end: e, next: e }, encodeValue(inner))
          continue
        }
      }
      i = j + 1
      continue
    }
    // Name: value (a header line echoed in a body): to the end of the line. Short words such as
    // "code" or "key" are too common in prose to trust here; `https://` is not a name.
    if (
      sep === 58 &&
      text.charCodeAt(j + 1) !== 47 &&
      short &&
      secretNameStrength(safeDecode(text.slice(i, j))) === 'strong'
    ) {
      const k = skipSpaces(text, j + 1)
      let value = quotedAt(text, k)
      if (!value) {
        // A quoted `'Name: value'` ends at its closing quote, not the line's end.
        const open = i > 0 ? text.charCodeAt(i - 1) : 0
        const close = open === 34 || open === 39 ? open : 10
        let e = k
        while (
          e < n &&
          text.charCodeAt(e) !== close &&
          text.charCodeAt(e) !== 10 &&
          text.charCodeAt(e) !== 13
        )
          e++
        value = { start: k, end: e, next: e }
      }
      if (value.end > value.start) {
        replace(value)
        continue
      }
    }
    i = j
  }
  return last === 0 ? text : out + text.slice(last)
}
