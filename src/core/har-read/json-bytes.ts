/**
 * JSON at the byte level, shared by the HAR readers: whitespace, strings and scalars checked as
 * JSON.parse checks them, without building anything. Indices are into a Uint8Array of UTF-8.
 */

export const QUOTE = 0x22
export const BACKSLASH = 0x5c
export const COMMA = 0x2c
export const COLON = 0x3a
export const OPEN_OBJECT = 0x7b
export const CLOSE_OBJECT = 0x7d
export const OPEN_ARRAY = 0x5b
export const CLOSE_ARRAY = 0x5d

/** JSON whitespace. */
export const isSpace = (b: number | undefined): boolean =>
  b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09
export const isDigit = (b: number | undefined): boolean => b !== undefined && b >= 0x30 && b <= 0x39
export const isHex = (b: number | undefined): boolean =>
  b !== undefined && (isDigit(b) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66))

/** The characters JSON allows after a backslash (besides `u`). */
const SIMPLE_ESCAPES = new Set(Array.from('"\\/bfnrt', (c) => c.charCodeAt(0)))
export const isSimpleEscape = (b: number | undefined): boolean => b !== undefined && SIMPLE_ESCAPES.has(b)

export function skipSpace(buf: Uint8Array, i: number, end: number = buf.length): number {
  while (i < end && isSpace(buf[i])) i++
  return i
}

export const bomLength = (buf: Uint8Array): number =>
  buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0

/**
 * End (exclusive) of the JSON string opening at `i`, checking escapes and control characters; -1 if
 * invalid or not closed before `end`.
 */
export function stringValueEnd(buf: Uint8Array, i: number, end: number = buf.length): number {
  for (let j = i + 1; j < end; j++) {
    const c = buf[j]!
    if (c === QUOTE) return j + 1
    if (c < 0x20) return -1
    if (c !== BACKSLASH) continue
    const e = buf[j + 1]
    if (e === 0x75) {
      for (let k = 2; k <= 5; k++) if (j + k >= end || !isHex(buf[j + k])) return -1
      j += 5
    } else if (j + 1 < end && isSimpleEscape(e)) j++
    else return -1
  }
  return -1
}

const LITERALS = ['true', 'false', 'null'].map((w) => Array.from(w, (c) => c.charCodeAt(0)))

/** End (exclusive) of the number, literal or string starting at `i`; -1 if there is none before `end`. */
export function scalarEnd(buf: Uint8Array, i: number, end: number = buf.length): number {
  const b = buf[i]
  if (b === QUOTE) return stringValueEnd(buf, i, end)
  for (const word of LITERALS) {
    let k = 0
    while (k < word.length && i + k < end && buf[i + k] === word[k]) k++
    if (k === word.length) return i + k
  }
  const at = (j: number): number | undefined => (j < end ? buf[j] : undefined)
  let j = i
  if (at(j) === 0x2d) j++
  if (at(j) === 0x30) j++
  else if (isDigit(at(j))) while (isDigit(at(j))) j++
  else return -1
  if (at(j) === 0x2e) {
    if (!isDigit(at(++j))) return -1
    while (isDigit(at(j))) j++
  }
  if (at(j) === 0x65 || at(j) === 0x45) {
    j++
    if (at(j) === 0x2b || at(j) === 0x2d) j++
    if (!isDigit(at(j))) return -1
    while (isDigit(at(j))) j++
  }
  return j
}

/** Does `[`/`{` nesting outside strings go past `limit`? One linear pass, no parsing. */
export function nestsDeeperThan(buf: Uint8Array, limit: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!
    if (inString) {
      if (b === BACKSLASH) i++
      else if (b === QUOTE) inString = false
    } else if (b === QUOTE) inString = true
    else if (b === OPEN_ARRAY || b === OPEN_OBJECT) {
      if (++depth > limit) return true
    } else if (b === CLOSE_ARRAY || b === CLOSE_OBJECT) depth--
  }
  return false
}
