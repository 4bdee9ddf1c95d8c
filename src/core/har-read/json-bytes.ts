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

/**
 * Byte classes for the hot loops: 1 ends or interrupts a string (quote, backslash, control
 * character), 2 may follow a backslash (besides `u`). One table lookup per byte.
 */
export const STRING_STOP = new Uint8Array(256)
const SIMPLE_ESCAPE = new Uint8Array(256)
for (let b = 0; b < 0x20; b++) STRING_STOP[b] = 1
STRING_STOP[0x22] = 1
STRING_STOP[0x5c] = 1
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1
export const isSimpleEscape = (b: number | undefined): boolean => b !== undefined && SIMPLE_ESCAPE[b] === 1

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
  let j = i + 1
  for (;;) {
    while (j < end && STRING_STOP[buf[j]!] === 0) j++
    if (j >= end) return -1
    const c = buf[j]!
    if (c === QUOTE) return j + 1
    if (c !== BACKSLASH) return -1
    const e = j + 1 < end ? buf[j + 1]! : -1
    if (e === 0x75) {
      if (j + 5 >= end) return -1
      for (let k = 2; k <= 5; k++) if (!isHex(buf[j + k])) return -1
      j += 6
    } else if (e >= 0 && SIMPLE_ESCAPE[e] === 1) j += 2
    else return -1
  }
}

const LITERALS = ['true', 'false', 'null'].map((w) => Array.from(w, (c) => c.charCodeAt(0)))

const digitAt = (buf: Uint8Array, j: number, end: number): boolean => j < end && isDigit(buf[j])

/** End (exclusive) of the number, literal or string starting at `i`; -1 if there is none before `end`. */
export function scalarEnd(buf: Uint8Array, i: number, end: number = buf.length): number {
  const b = buf[i]
  if (b === QUOTE) return stringValueEnd(buf, i, end)
  if (b === 0x74 || b === 0x66 || b === 0x6e) {
    const word = LITERALS[b === 0x74 ? 0 : b === 0x66 ? 1 : 2]!
    if (i + word.length > end) return -1
    for (let k = 1; k < word.length; k++) if (buf[i + k] !== word[k]) return -1
    return i + word.length
  }
  let j = i
  if (j < end && buf[j] === 0x2d) j++
  if (j < end && buf[j] === 0x30) j++
  else if (digitAt(buf, j, end)) while (digitAt(buf, j, end)) j++
  else return -1
  if (j < end && buf[j] === 0x2e) {
    if (!digitAt(buf, ++j, end)) return -1
    while (digitAt(buf, j, end)) j++
  }
  if (j < end && (buf[j] === 0x65 || buf[j] === 0x45)) {
    j++
    if (j < end && (buf[j] === 0x2b || buf[j] === 0x2d)) j++
    if (!digitAt(buf, j, end)) return -1
    while (digitAt(buf, j, end)) j++
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
