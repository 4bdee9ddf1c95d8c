/**
 * What the free-text scanners read with: character classes and the spans of quoted, unquoted and
 * JSON values. Each reader looks ahead a bounded distance, so a scan stays linear.
 */

export const MAX_SPACES = 16
/** Blanks, newlines included, between a JSON key, its colon and its value (pretty-printed, indented). */
const MAX_BLANKS = 256

export const isAsciiLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
export const isDigit = (c: number) => c >= 48 && c <= 57
export const isSpace = (c: number) => c === 32 || c === 9
const isBlank = (c: number) => c === 32 || c === 9 || c === 10 || c === 13

/** Letters, digits and `_ . - [ ] %`: a parameter name, plain or percent-encoded. */
export function isNameChar(c: number): boolean {
  return (
    isAsciiLetter(c) || isDigit(c) || c === 95 || c === 46 || c === 45 || c === 91 || c === 93 || c === 37
  )
}

/** What ends an unquoted `name=value` value. `/` does not: base64 values hold it. */
export function endsValue(c: number): boolean {
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

export interface Span {
  /** Replaced characters. */
  start: number
  end: number
  /** Where scanning goes on. */
  next: number
}

export function skipSpaces(text: string, k: number): number {
  const limit = k + MAX_SPACES
  while (k < text.length && k < limit && isSpace(text.charCodeAt(k))) k++
  return k
}

export function skipBlanks(text: string, k: number): number {
  const limit = k + MAX_BLANKS
  while (k < text.length && k < limit && isBlank(text.charCodeAt(k))) k++
  return k
}

/** A quoted value at k (`"…"`, `'…'`, `\"…\"`), up to its closing quote or, cut short, the end. */
export function quotedAt(text: string, k: number): Span | null {
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
export function valueAt(text: string, k: number): Span {
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
export function jsonValuesAt(text: string, k: number): Span[] {
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
