/**
 * The HAR reader as it was before streaming (commit 968179c), kept unchanged as the reference the
 * streaming reader is compared with (test/core/har-stream.test.ts, test/fuzz/reader.test.ts).
 *
 * HAR bytes → entries, for the CLI and the panel's import alike: one pass finds the `log.entries`
 * JSON.parse would keep (duplicate keys: the last wins), checks nesting depth and notes each
 * entry's byte range and size in values; then those entries are parsed one by one (the document
 * never exists as one tree, and an entry too large is skipped unparsed), and a syntax check over
 * the bytes proves that the rest of the document, replaced arrays included, is JSON.
 * Pure: bytes in, entries and an error code out.
 */
import { harEntries } from '../../src/core/har'

export type HarBytesError =
  | { code: 'empty' }
  | { code: 'binary' }
  | { code: 'json'; reason: string }
  | { code: 'too-deep' }
  | { code: 'not-har' }

const UTF8 = new TextDecoder()
const text = (buf: Uint8Array, start: number, end: number = buf.length): string =>
  UTF8.decode(buf.subarray(start, end))
const reasonOf = (err: unknown): string => (err instanceof Error ? err.message.slice(0, 120) : 'syntax error')

/** HAR nests a few levels (Chrome's async initiator stacks some dozens); far deeper is a parser bomb. */
export const MAX_DEPTH = 1000
/**
 * Values (commas and brackets) one entry may hold. A real entry has hundreds; parsed, each tiny
 * value costs ~25× its bytes, so a crafted entry of millions could exhaust the heap well under
 * the size limit. Such an entry is skipped and said, not parsed.
 */
export const MAX_ENTRY_VALUES = 1_000_000
/** Above this, a file without `log.entries` is called "not a HAR file" without being parsed. */
export const WHOLE_PARSE_MAX_BYTES = 16 * 1024 * 1024

/** Does `[`/`{` nesting outside strings go past `limit`? One linear pass, no parsing. */
export function nestsDeeperThan(buf: Uint8Array, limit: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!
    if (inString) {
      if (b === 0x5c) i++
      else if (b === 0x22) inString = false
    } else if (b === 0x22) inString = true
    else if (b === 0x5b || b === 0x7b) {
      if (++depth > limit) return true
    } else if (b === 0x5d || b === 0x7d) depth--
  }
  return false
}

/**
 * Reads a HAR document's bytes, handing each entry to `onEntry` as it is parsed; an entry with more
 * than MAX_ENTRY_VALUES values is skipped and reported to `onSkipped` instead. Returns null when the
 * whole document was read, else why not (entries handed over before the problem was found stay).
 */
export function readHarBytes(
  buf: Uint8Array,
  onEntry: (entry: unknown) => void,
  onSkipped: (index: number, values: number) => void = () => undefined,
): HarBytesError | null {
  if (skipSpace(buf, bomLength(buf)) === buf.length) return { code: 'empty' }
  if (buf.subarray(0, 4096).includes(0)) return { code: 'binary' }
  const found = findEntries(buf, MAX_DEPTH)
  if (found === 'too-deep') return { code: 'too-deep' }
  if (found === 'truncated') return { code: 'json', reason: 'unexpected end of input' }
  if (found !== 'no-entries') {
    // Only the array JSON.parse would keep: its entries, parsed one by one.
    for (let k = 0; k < found.length; k += 3) {
      const values = found[k + 2]!
      if (values > MAX_ENTRY_VALUES) {
        onSkipped(k / 3, values)
        continue
      }
      let entry: unknown
      try {
        entry = JSON.parse(text(buf, found[k]!, found[k + 1]))
      } catch (err) {
        return { code: 'json', reason: reasonOf(err) }
      }
      onEntry(entry)
    }
    return checkSyntax(buf, found)
  }
  // No log.entries array. A large document is not parsed whole just to say so (millions of tiny
  // values could exhaust the heap); a small one is, to say precisely what it is instead.
  if (buf.length > WHOLE_PARSE_MAX_BYTES) return { code: 'not-har' }
  if (nestsDeeperThan(buf, MAX_DEPTH)) return { code: 'too-deep' }
  let doc: unknown
  try {
    doc = JSON.parse(text(buf, 0).replace(/^\uFEFF/, ''))
  } catch (err) {
    return { code: 'json', reason: reasonOf(err) }
  }
  try {
    for (const e of harEntries(doc)) onEntry(e)
  } catch {
    return { code: 'not-har' }
  }
  return null
}

/** JSON whitespace. */
const isSpace = (b: number | undefined): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09
const isDigit = (b: number | undefined): boolean => b !== undefined && b >= 0x30 && b <= 0x39
const isHex = (b: number | undefined): boolean =>
  b !== undefined && (isDigit(b) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66))

function skipSpace(buf: Uint8Array, i: number): number {
  while (i < buf.length && isSpace(buf[i])) i++
  return i
}

const bomLength = (buf: Uint8Array): number => (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0)

/** End (exclusive) of the JSON string opening at `i`, checking escapes and control characters; -1 if invalid. */
function stringValueEnd(buf: Uint8Array, i: number): number {
  for (let j = i + 1; j < buf.length; j++) {
    const c = buf[j]!
    if (c === QUOTE) return j + 1
    if (c < 0x20) return -1
    if (c !== BACKSLASH) continue
    const e = buf[j + 1]
    if (e === 0x75) {
      for (let k = 2; k <= 5; k++) if (!isHex(buf[j + k])) return -1
      j += 5
    } else if (e !== undefined && '"\\/bfnrt'.includes(String.fromCharCode(e))) j++
    else return -1
  }
  return -1
}

/** End (exclusive) of the number, literal or string starting at `i`; -1 if there is none. */
function scalarEnd(buf: Uint8Array, i: number): number {
  const b = buf[i]
  if (b === QUOTE) return stringValueEnd(buf, i)
  for (const word of LITERALS) {
    let k = 0
    while (k < word.length && buf[i + k] === word[k]) k++
    if (k === word.length) return i + k
  }
  let j = i
  if (buf[j] === 0x2d) j++
  if (buf[j] === 0x30) j++
  else if (isDigit(buf[j])) while (isDigit(buf[j])) j++
  else return -1
  if (buf[j] === 0x2e) {
    if (!isDigit(buf[++j])) return -1
    while (isDigit(buf[j])) j++
  }
  if (buf[j] === 0x65 || buf[j] === 0x45) {
    j++
    if (buf[j] === 0x2b || buf[j] === 0x2d) j++
    if (!isDigit(buf[j])) return -1
    while (isDigit(buf[j])) j++
  }
  return j
}

const LITERALS = ['true', 'false', 'null'].map((w) => Array.from(w, (c) => c.charCodeAt(0)))

enum Expect {
  Value,
  FirstValue,
  Key,
  FirstKey,
  After,
}

/**
 * The entries were parsed one by one; the rest of the document must be JSON too (trailing
 * garbage, a stray comma or a missing bracket outside the entries is bad input, not a HAR). A
 * syntax check over the bytes, each entry's range standing for a value already parsed: nothing is
 * built, so padding around the entries costs no memory however large it is.
 */
function checkSyntax(buf: Uint8Array, ranges: readonly number[]): HarBytesError | null {
  // `ranges`: the entries as findEntries gives them, (start, end, values) triples.
  const bad = (at: number): HarBytesError => ({
    code: 'json',
    reason:
      at >= buf.length
        ? 'unexpected end of input'
        : `unexpected byte 0x${buf[at]!.toString(16)} at offset ${at}`,
  })
  /** The closing bracket each open container expects (depth is already bounded by the scan). */
  const closers: number[] = []
  let r = 0
  let state = Expect.Value
  let i = bomLength(buf)
  for (;;) {
    i = skipSpace(buf, i)
    if (state === Expect.After && closers.length === 0) return i === buf.length ? null : bad(i)
    if (i >= buf.length) return bad(i)
    const b = buf[i]!
    if (state === Expect.FirstValue && b === 0x5d) {
      closers.pop()
      i++
      state = Expect.After
    } else if (state === Expect.FirstKey && b === 0x7d) {
      closers.pop()
      i++
      state = Expect.After
    } else if (state === Expect.Value || state === Expect.FirstValue) {
      if (r < ranges.length && i === ranges[r]) {
        i = ranges[r + 1]!
        r += 3
        state = Expect.After
      } else if (b === 0x7b || b === 0x5b) {
        closers.push(b + 2)
        i++
        state = b === 0x7b ? Expect.FirstKey : Expect.FirstValue
      } else {
        const end = scalarEnd(buf, i)
        if (end < 0) return bad(i)
        i = end
        state = Expect.After
      }
    } else if (state === Expect.Key || state === Expect.FirstKey) {
      const end = b === QUOTE ? stringValueEnd(buf, i) : -1
      if (end < 0) return bad(i)
      i = skipSpace(buf, end)
      if (buf[i] !== 0x3a) return bad(i)
      i++
      state = Expect.Value
    } else {
      const closer = closers[closers.length - 1]
      if (b === 0x2c) state = closer === 0x7d ? Expect.Key : Expect.Value
      else if (b === closer) closers.pop()
      else return bad(i)
      i++
    }
  }
}

const QUOTE = 0x22
const BACKSLASH = 0x5c

/** Index of the quote closing the string that opens at `i`, or -1 when the input ends first. */
function stringEnd(buf: Uint8Array, i: number): number {
  let j = i
  for (;;) {
    j = buf.indexOf(QUOTE, j + 1)
    if (j < 0) return -1
    let k = j - 1
    while (buf[k] === BACKSLASH) k--
    if ((j - k - 1) % 2 === 0) return j
  }
}

/** A short string that may be a key we look for, decoded as JSON.parse would (escapes included). */
function keyText(buf: Uint8Array, i: number, end: number): string {
  const raw = text(buf, i, end + 1)
  if (!raw.includes('\\')) return raw.slice(1, -1)
  try {
    return JSON.parse(raw) as string
  } catch {
    return '' // Invalid escapes: the syntax check refuses the document anyway.
  }
}

/** Longest key spelling that can still mean `log` or `entries` (every character a \uXXXX escape). */
const MAX_KEY_BYTES = 2 + 6 * 'entries'.length

/**
 * Finds the `log.entries` array JSON.parse would keep, checking nesting depth on the way, and
 * returns the byte range and size in values (commas and brackets) of each of its object or array
 * elements, as triples (start, end, values). Duplicate keys are resolved as JSON.parse does, the
 * last one winning: a later `log` replaces an earlier one (and its entries) whatever its value, a
 * later `entries` replaces an earlier one in the same `log`; the ranges of a replaced array are
 * dropped. Strings are jumped over with indexOf; nothing is parsed. Scalar elements are not entries.
 */
export function findEntries(
  buf: Uint8Array,
  limit: number,
): number[] | 'too-deep' | 'truncated' | 'no-entries' {
  let depth = 0
  let values = 0
  let key1 = ''
  let key2 = ''
  let rootIsObject = false
  /** The open depth-2 container is the value of a root `log` key, and an object. */
  let inLog = false
  /** Elements of the open depth-3 array that is this log's `entries`, or null. */
  let open: number[] | null = null
  let elementStart = -1
  /** This log's last `entries` so far, if an array. */
  let logEntries: number[] | null = null
  /** The entries of the document's last `log` so far. */
  let found: number[] | null = null
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!
    if (b === QUOTE) {
      const end = stringEnd(buf, i)
      if (end < 0) return 'truncated'
      // Keys matter at the top two levels, and a string is a key only if a colon follows (a value
      // "log" in an array is not one). Only short ones can spell a key we look for: a long key is
      // just "another key", never decoded.
      if ((depth === 1 || depth === 2) && buf[skipSpace(buf, end + 1)] === 0x3a) {
        const key = end - i < MAX_KEY_BYTES ? keyText(buf, i, end) : ''
        if (depth === 1) {
          key1 = key
          // A later `log` wins, whatever its value: until it proves to hold entries, there are none.
          if (key === 'log') found = null
        } else {
          key2 = key
          if (inLog && key === 'entries') logEntries = null
        }
      }
      i = end
    } else if (b === 0x7b || b === 0x5b) {
      if (++depth > limit) return 'too-deep'
      if (depth === 1) rootIsObject = b === 0x7b
      else if (depth === 2) {
        inLog = b === 0x7b && key1 === 'log' && rootIsObject
        logEntries = null
      } else if (depth === 3 && inLog && b === 0x5b && key2 === 'entries') open = []
      else if (depth === 4 && open) {
        elementStart = i
        values = 0
      }
      values++
    } else if (b === 0x2c) {
      values++
    } else if (b === 0x7d || b === 0x5d) {
      if (depth === 4 && open) open.push(elementStart, i + 1, values)
      else if (depth === 3 && open) {
        logEntries = open
        open = null
      } else if (depth === 2 && inLog) {
        found = logEntries
        inLog = false
      }
      depth--
      if (depth < 0) return 'no-entries'
    }
  }
  if (depth !== 0) return 'truncated'
  return found ?? 'no-entries'
}
