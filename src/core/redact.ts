/**
 * The one place that decides what is a secret. Every output (exports, copies, snippets,
 * CLI formats, Playwright attachments) goes through it. A secret is recognised by its name
 * (secret-names.ts: case and separator do not matter) or by its shape (secret-shapes.ts: JWTs,
 * long random tokens, known key prefixes), wherever it sits; only the value is replaced, so a URL
 * keeps its shape. Percent-encoding is read up to MAX_DECODE_DEPTH layers deep (a URL in a URL
 * in a URL), each layer one more walk over the values it decodes: linear time, bounded recursion.
 */
import { isSecretName, secretNameStrength } from './secret-names'
import { isSecretValue, redactShapes } from './secret-shapes'

export const PLACEHOLDER = 'REDACTED'

/** Layers of percent-encoding read below the text itself (`%253D` is two layers above `=`). */
const MAX_DECODE_DEPTH = 3

export interface RedactOptions {
  /** The user asked to keep secrets in this export. */
  keepSecrets?: boolean
}

function safeDecode(s: string): string {
  if (!s.includes('%')) return s
  // A stray `%` makes decodeURIComponent throw, and a throw costs microseconds: hostile URLs repeat it.
  if (/%(?![0-9A-Fa-f]{2})/.test(s)) return s
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/** A query, fragment, path or form parameter name (percent-encoded or not). */
function isSecretParam(name: string): boolean {
  return isSecretName(safeDecode(name))
}

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
 * schemes, URL userinfo, `name=value`, `NAME = value`, `"name": "value"` (or a list of strings),
 * HTML `name="password" value="…"` and `Name: value` lines with a secret name, in the text and in
 * its percent-encoded parts, then JWTs and random tokens anywhere.
 */
export function redactText(text: string, opts: RedactOptions = {}): string {
  if (opts.keepSecrets) return text
  // A placeholder can complete a pattern the first pass could not see (`token%3Dtoken = %3D`
  // becomes `token%3DREDACTED = …`): until nothing changes, so redacting twice is a no-op.
  let out = redactTextAt(text, 0)
  for (let round = 0, prev = text; round < 3 && out !== prev; round++) {
    prev = out
    out = redactTextAt(prev, 0)
  }
  return out
}

/** `depth`: how many layers of percent-encoding were already taken off to get this text. */
function redactTextAt(text: string, depth: number): string {
  // Too short for any shape, no `=`, `:`, `%` or space for a name or scheme: nothing to find (most URL segments).
  if (text.length < 16 && !/[=:%\s]/.test(text)) return text
  return redactShapes(redactNamedValues(redactSchemesAndUserinfo(text), depth), PLACEHOLDER)
}

export function redactHeaderValue(name: string, value: string, opts: RedactOptions = {}): string {
  if (opts.keepSecrets) return value
  if (isSecretName(name)) return PLACEHOLDER
  // Referer, Origin, Location…: a URL is redacted as a URL.
  return /^(https?:)?\/\//i.test(value) ? redactUrl(value) : redactText(value)
}

// ——— free-text scanners: each walks the text once, looking ahead a bounded distance ———

const AUTH_SCHEMES = new Set(['bearer', 'basic', 'token', 'negotiate', 'ntlm'])
const MAX_NAME = 256
const MAX_SPACES = 16
/** Blanks, newlines included, between a JSON key, its colon and its value (pretty-printed, indented). */
const MAX_BLANKS = 256
/** How far after `name="password"` an HTML `value=` still belongs to the same field. */
const MAX_FIELD = 512
const MAX_AUTHORITY = 512

const isAsciiLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
const isDigit = (c: number) => c >= 48 && c <= 57
const isSpace = (c: number) => c === 32 || c === 9
const isBlank = (c: number) => c === 32 || c === 9 || c === 10 || c === 13

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

function skipBlanks(text: string, k: number): number {
  const limit = k + MAX_BLANKS
  while (k < text.length && k < limit && isBlank(text.charCodeAt(k))) k++
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

/** A quoted value at k, or an unquoted one up to what ends a value. */
function valueAt(text: string, k: number): Span {
  const quoted = quotedAt(text, k)
  if (quoted) return quoted
  let e = k
  while (e < text.length && !endsValue(text.charCodeAt(e))) e++
  return { start: k, end: e, next: e }
}

/** A JSON string or number-like literal at k; objects, lists and booleans are not one. */
function jsonScalarAt(text: string, k: number): Span | null {
  const quoted = quotedAt(text, k)
  if (quoted) return quoted
  const c = text.charCodeAt(k)
  if (c === 123 || c === 91) return null
  let e = k
  while (e < text.length && !endsValue(text.charCodeAt(e))) e++
  const literal = text.slice(k, e)
  if (e === k || literal === 'null' || literal === 'true' || literal === 'false') return null
  return { start: k, end: e, next: e }
}

/**
 * The values after `"name":` to replace: a scalar, or each scalar of a list (`["a", "b"]`), up to
 * its `]` or to a nested object or list, which the main scan reads on its own.
 */
function jsonValuesAt(text: string, k: number): Span[] {
  if (text.charCodeAt(k) !== 91) {
    const one = jsonScalarAt(text, k)
    return one ? [one] : []
  }
  const out: Span[] = []
  let p = skipBlanks(text, k + 1)
  while (p < text.length && text.charCodeAt(p) !== 93) {
    const item = jsonScalarAt(text, p)
    if (!item) break
    out.push(item)
    p = skipBlanks(text, item.next)
    if (text.charCodeAt(p) !== 44) break
    p = skipBlanks(text, p + 1)
  }
  return out
}

/** HTML attributes that name a form field (`<input name="password" …>`, `type="password"`). */
const FIELD_ATTRS = new Set(['name', 'id', 'type'])

function redactNamedValues(text: string, depth: number): string {
  let out = ''
  let last = 0
  let i = 0
  const n = text.length
  const decodes = depth < MAX_DECODE_DEPTH
  /** End of the last `name=value` value or name run read decoded: inside it, nothing is decoded again. */
  let decodedEnd = 0
  /** An HTML field named like a secret was opened: its `value=` goes, up to this index or the tag's end. */
  let secretFieldUntil = -1
  const replace = (s: Span, by = PLACEHOLDER) => {
    out += text.slice(last, s.start) + by
    last = s.end
    i = Math.max(i, s.next)
  }
  /** Reads a percent-encoded stretch one layer down; true if that found a secret (then replaced). */
  const decodedFinds = (start: number, end: number): boolean => {
    decodedEnd = end
    const raw = text.slice(start, end)
    if (!raw.includes('%')) return false
    const decoded = safeDecode(raw)
    if (decoded === raw) return false
    const inner = redactTextAt(decoded, depth + 1)
    if (inner === decoded) return false
    replace({ start, end, next: end }, encodeValue(inner))
    return true
  }
  while (i < n) {
    const c = text.charCodeAt(i)
    // "name": value, 'name': value, \"name\": \"value\", also across lines
    if (c === 34 || c === 39 || (c === 92 && text.charCodeAt(i + 1) === 34)) {
      const quote = c === 92 ? '\\"' : (text[i] ?? '"')
      const ns = i + quote.length
      let ne = ns
      while (ne < n && ne - ns <= MAX_NAME && isNameChar(text.charCodeAt(ne))) ne++
      if (ne > ns && ne - ns <= MAX_NAME && text.startsWith(quote, ne)) {
        const colon = skipBlanks(text, ne + quote.length)
        if (text.charCodeAt(colon) === 58) {
          const k = skipBlanks(text, colon + 1)
          const values = isSecretParam(text.slice(ns, ne)) ? jsonValuesAt(text, k) : []
          for (const v of values) if (v.end > v.start) replace(v)
          i = Math.max(i, k)
          continue
        }
      }
      i += quote.length
      continue
    }
    if (!isNameChar(c)) {
      if (c === 62 || c === 60) secretFieldUntil = -1
      i++
      continue
    }
    let j = i
    while (j < n && isNameChar(text.charCodeAt(j))) j++
    if (i > 0 && isNameChar(text.charCodeAt(i - 1))) {
      i = j
      continue
    }
    const short = j - i <= MAX_NAME
    // `NAME = value` (configuration, shell, prose): only names that say "secret" plainly.
    const spaced = isSpace(text.charCodeAt(j))
    const eq = spaced ? skipSpaces(text, j) : j
    if (text.charCodeAt(eq) === 61 && text.charCodeAt(eq + 1) !== 61 && short) {
      const name = text.slice(i, j)
      const k = spaced ? skipSpaces(text, eq + 1) : eq + 1
      const secret = spaced
        ? secretNameStrength(safeDecode(name)) === 'strong'
        : isSecretParam(name) || (i < secretFieldUntil && name.toLowerCase() === 'value')
      if (secret) {
        const value = valueAt(text, k)
        if (value.end > value.start) {
          replace(value)
          secretFieldUntil = -1
          continue
        }
      }
      if (spaced) {
        i = eq + 1
        continue
      }
      // `<input name="password" value="…">`: the field's value follows its name.
      if (FIELD_ATTRS.has(name.toLowerCase())) {
        const field = quotedAt(text, k)
        if (field && isSecretName(text.slice(field.start, field.end))) secretFieldUntil = k + MAX_FIELD
      }
      // A percent-encoded value (`next=%2Fcb%3Ftoken%3D…`) is read decoded as well, one layer down.
      // Only the outermost `name=` of a value does this: nested ones lie inside it, so each layer
      // reads each character once.
      if (decodes && k >= decodedEnd) {
        let e = k
        while (e < n && !endsValue(text.charCodeAt(e))) e++
        if (decodedFinds(k, e)) continue
      }
      i = k
      continue
    }
    // Name: value (a header line echoed in a body): to the end of the line. Short words such as
    // "code" or "key" are too common in prose to trust here; `https://` is not a name.
    if (
      !spaced &&
      text.charCodeAt(j) === 58 &&
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
    // `access_token%3Dabc` with no `name=` before it: the run read one layer down.
    if (decodes && i >= decodedEnd && decodedFinds(i, j)) continue
    i = j
  }
  return last === 0 ? text : out + text.slice(last)
}
