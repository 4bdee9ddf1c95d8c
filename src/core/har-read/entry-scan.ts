/**
 * One entry's bytes, checked as JSON.parse checks them, and read lean when that is all it needs:
 * a plain success (har.ts isPlainSuccess) is only ever traffic, so its headers, body, cookies and
 * initiator are validated but never built. What comes out is a small object holding exactly the
 * members every reader of an entry looks at (normalizeEntry, answeredByServiceWorker,
 * answeredByTool, PageSites, the JUnit list), with JSON.parse's values, so each reads it as it
 * would read the whole entry. Anything less ordinary (an escaped key, a member that is not the
 * usual kind of value, no server address, a document) is handed back to be parsed whole: lean is
 * an optimisation, never a different answer (test/core/har-stream.test.ts compares them).
 *
 * Hot path of a large HAR: keys are matched as bytes, nothing is allocated for what is skipped.
 */
import { entryMethod, entryStatus, isPlainSuccess } from '../har'
import { MAX_HEADERS } from '../headers'
import {
  BACKSLASH,
  CLOSE_ARRAY,
  CLOSE_OBJECT,
  COLON,
  COMMA,
  isHex,
  isSimpleEscape,
  isSpace,
  OPEN_ARRAY,
  OPEN_OBJECT,
  QUOTE,
  STRING_STOP,
  scalarEnd,
  stringValueEnd,
} from './json-bytes'

export type EntryScan =
  | { kind: 'lean'; entry: Record<string, unknown>; end: number; values: number }
  /** Not a plain success, or not an ordinary one: parse it whole. */
  | { kind: 'whole' }
  /** Not JSON, or not complete before the end of the bytes given: delimit it first, then decide. */
  | { kind: 'unsure' }

const UTF8 = new TextDecoder()

/** A set of member names, matched against a key's bytes without decoding it. */
class Names {
  private readonly bytes: Uint8Array[]
  constructor(readonly names: readonly string[]) {
    this.bytes = names.map((n) => Uint8Array.from(n, (c) => c.charCodeAt(0)))
  }

  /** Index of the name spelled by `buf[start, end)`, or -1. */
  find(buf: Uint8Array, start: number, end: number): number {
    const len = end - start
    const first = buf[start]
    for (let n = 0; n < this.bytes.length; n++) {
      const b = this.bytes[n]!
      if (b.length !== len || b[0] !== first) continue
      let k = 1
      while (k < len && buf[start + k] === b[k]) k++
      if (k === len) return n
    }
    return -1
  }
}

const ENTRY = new Names([
  'request',
  'response',
  'startedDateTime',
  'time',
  '_resourceType',
  'serverIPAddress',
  '_error',
  '_fetchedViaServiceWorker',
  'pageref',
])
const REQUEST_AT = 0
const RESPONSE_AT = 1
const REQUEST = new Names(['headers', 'method', 'url'])
const HEADERS_AT = 0
const RESPONSE = new Names([
  'status',
  'statusText',
  'bodySize',
  'redirectURL',
  '_fetchedViaServiceWorker',
  '_error',
  '_failureText',
])

const INVALID = -1
// skip()'s states: what may come next.
const VALUE = 0
const VALUE_OR_CLOSE = 1
const KEY = 2
const KEY_OR_CLOSE = 3
const COLON_NEXT = 4
const AFTER = 5
/** Stop reading lean: the entry is parsed whole (or delimited first). */
const BAIL = -2

/** "fetch-dest" in any case: the one request header an entry's reader looks at (PageSites). */
const FETCH = Array.from('fetch', (c) => c.charCodeAt(0))
const DEST = Array.from('dest', (c) => c.charCodeAt(0))
const FETCH_DEST = Array.from('sec-fetch-dest', (c) => c.charCodeAt(0))
const VALUE_KEY = Array.from('"value"', (c) => c.charCodeAt(0))
const NAME_OPEN = Array.from('{"name":"', (c) => c.charCodeAt(0))
const VALUE_OPEN = Array.from('","value":"', (c) => c.charCodeAt(0))

class Scanner {
  /** Commas and brackets seen: an entry's size in values (MAX_ENTRY_VALUES). */
  values = 0
  /** skip()'s stack of closing brackets (entries nest far less than MAX_DEPTH). */
  readonly closers: number[] = []
  /** skip() met a backslash in a string since this was last cleared. */
  escaped = false
  /** plainHeader()'s element may be Sec-Fetch-Dest. */
  named = false

  constructor(
    private readonly buf: Uint8Array,
    private readonly end: number,
  ) {}

  space(i: number): number {
    const { buf, end } = this
    while (i < end && isSpace(buf[i])) i++
    return i
  }

  /**
   * The members of the object opening at `i`: those `names` holds are read into `into` (by
   * `member`), the rest checked and skipped. Returns the object's end, INVALID or BAIL.
   */
  object(i: number, names: Names, member: (n: number, at: number) => number): number {
    const { buf, end } = this
    this.values++
    i = this.space(i + 1)
    if (i < end && buf[i] === CLOSE_OBJECT) return i + 1
    for (;;) {
      if (i >= end || buf[i] !== QUOTE) return INVALID
      const keyEnd = stringValueEnd(buf, i, end)
      if (keyEnd < 0) return INVALID
      // An escaped key could spell any member: only JSON.parse reads it right.
      const n = names.find(buf, i + 1, keyEnd - 1)
      if (n < 0 && this.hasBackslash(i + 1, keyEnd - 1)) return BAIL
      i = this.space(keyEnd)
      if (i >= end || buf[i] !== COLON) return INVALID
      i = this.space(i + 1)
      if (i >= end) return INVALID
      const e = n < 0 ? this.skip(i) : member(n, i)
      if (e < 0) return e
      i = this.space(e)
      if (i >= end) return INVALID
      if (buf[i] === CLOSE_OBJECT) return i + 1
      if (buf[i] !== COMMA) return INVALID
      this.values++
      i = this.space(i + 1)
    }
  }

  /**
   * End of the JSON value at `i`, its syntax checked and nothing built; INVALID if none. One flat
   * loop over the bytes (a real entry is mostly short strings in header lists: a call per token
   * would cost more than the bytes).
   */
  skip(i: number): number {
    const { buf, end } = this
    const first = buf[i]
    if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) return scalarEnd(buf, i, end)
    /** The closing bracket each open container expects, as a stack. */
    const closers = this.closers
    let depth = 0
    closers[depth++] = first + 2
    let state = first === OPEN_OBJECT ? KEY_OR_CLOSE : VALUE_OR_CLOSE
    let values = 1
    i++
    while (i < end) {
      const c = buf[i]!
      if (c === QUOTE) {
        if (state === AFTER || state === COLON_NEXT) return INVALID
        // A string, inline: a table lookup per byte until a quote, backslash or control character.
        let j = i + 1
        for (;;) {
          while (j < end && STRING_STOP[buf[j]!] === 0) j++
          if (j >= end) return INVALID
          const d = buf[j]!
          if (d === QUOTE) break
          if (d !== BACKSLASH) return INVALID
          this.escaped = true
          const e = j + 1 < end ? buf[j + 1]! : -1
          if (e === 0x75) {
            if (
              j + 5 >= end ||
              !isHex(buf[j + 2]) ||
              !isHex(buf[j + 3]) ||
              !isHex(buf[j + 4]) ||
              !isHex(buf[j + 5])
            )
              return INVALID
            j += 6
          } else if (j + 1 < end && isSimpleEscape(e)) j += 2
          else return INVALID
        }
        i = j + 1
        state = state === KEY || state === KEY_OR_CLOSE ? COLON_NEXT : AFTER
        continue
      }
      if (c === COLON) {
        if (state !== COLON_NEXT) return INVALID
        state = VALUE
        i++
        continue
      }
      if (c === COMMA) {
        if (state !== AFTER) return INVALID
        state = closers[depth - 1] === CLOSE_OBJECT ? KEY : VALUE
        values++
        i++
        continue
      }
      if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        if (
          c !== closers[depth - 1] ||
          !(state === AFTER || state === KEY_OR_CLOSE || state === VALUE_OR_CLOSE)
        )
          return INVALID
        if (state === KEY_OR_CLOSE && c !== CLOSE_OBJECT) return INVALID
        if (--depth === 0) {
          this.values += values
          return i + 1
        }
        state = AFTER
        i++
        continue
      }
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        i++
        continue
      }
      if (state !== VALUE && state !== VALUE_OR_CLOSE) return INVALID
      // A header list's element, read in one straight pass when written the usual way.
      if (c === OPEN_OBJECT && closers[depth - 1] === CLOSE_ARRAY) {
        const plain = this.plainHeader(i)
        if (plain >= 0) {
          i = plain
          state = AFTER
          continue
        }
      }
      if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        closers[depth++] = c + 2
        state = c === OPEN_OBJECT ? KEY_OR_CLOSE : VALUE_OR_CLOSE
        values++
        i++
        continue
      }
      i = scalarEnd(buf, i, end)
      if (i < 0) return INVALID
      state = AFTER
    }
    return INVALID
  }

  /** The scalar at `i` as JSON.parse reads it, into `target[name]`; BAIL when it is not a scalar. */
  scalar(i: number, target: Record<string, unknown>, name: string): number {
    const { buf, end } = this
    const b = buf[i]
    if (b === OPEN_OBJECT || b === OPEN_ARRAY) return BAIL
    const e = scalarEnd(buf, i, end)
    if (e < 0) return INVALID
    if (b === QUOTE) target[name] = this.text(i, e)
    else if (b === 0x74) target[name] = true
    else if (b === 0x66) target[name] = false
    else if (b === 0x6e) target[name] = null
    else {
      const n = Number(this.latin1(i, e))
      // 1e999 is Infinity, which JSON text cannot carry on (har-read/doc-reader.ts asText).
      if (!Number.isFinite(n)) return BAIL
      target[name] = n
    }
    return e
  }

  /** The string `buf[start, end)` (quotes included) as JSON.parse reads it. */
  private text(start: number, end: number): string {
    const { buf } = this
    let ascii = true
    for (let k = start + 1; k < end - 1 && ascii; k++) ascii = buf[k]! < 0x80 && buf[k] !== BACKSLASH
    if (ascii && end - start < 512) return this.latin1(start + 1, end - 1)
    // Escapes are rare in the members read here: JSON.parse decodes those exactly.
    const inner = buf.subarray(start + 1, end - 1)
    return inner.includes(BACKSLASH)
      ? (JSON.parse(UTF8.decode(buf.subarray(start, end))) as string)
      : UTF8.decode(inner)
  }

  private latin1(start: number, end: number): string {
    let s = ''
    for (let k = start; k < end; k++) s += String.fromCharCode(this.buf[k]!)
    return s
  }

  /**
   * The request's headers as the one reader that looks at them (PageSites: the first Sec-Fetch-Dest)
   * sees them: only the list elements that may name it are parsed, in order, the others skipped.
   * Anything escaped is parsed whole. Absent when none may.
   */
  headers(i: number, request: Record<string, unknown>): number {
    const { buf, end } = this
    if (buf[i] !== OPEN_ARRAY) {
      const e = this.skip(i)
      if (e >= 0) request.headers = JSON.parse(UTF8.decode(buf.subarray(i, e)))
      return e
    }
    const kept: unknown[] = []
    let index = 0
    this.values++
    let j = this.space(i + 1)
    if (j < end && buf[j] === CLOSE_ARRAY) j++
    else
      for (;;) {
        this.escaped = false
        // The usual `{"name":"…","value":"…"}` read in one straight pass; any other shape skipped.
        const plain = this.plainHeader(j)
        const e = plain >= 0 ? plain : this.skip(j)
        if (e < 0) return e
        // An escape could spell the name (Chrome escapes quotes in Sec-CH-UA values): parse that
        // element and look. Only elements named Sec-Fetch-Dest are kept, in order: what the
        // reader gets from the list is the same.
        const may = plain >= 0 ? this.named : this.escaped || this.mayBeFetchDest(j, e)
        if (index < MAX_HEADERS && may) {
          const element: unknown = JSON.parse(UTF8.decode(buf.subarray(j, e)))
          if (isFetchDest(element)) kept.push(element)
        }
        index++
        j = this.space(e)
        if (j >= end) return INVALID
        if (buf[j] === CLOSE_ARRAY) {
          j++
          break
        }
        if (buf[j] !== COMMA) return INVALID
        this.values++
        j = this.space(j + 1)
      }
    if (kept.length > 0) request.headers = kept
    else if ('headers' in request) delete request.headers
    return j
  }

  /**
   * A header element written as compactly as browsers write it, `{"name":"…","value":"…"}` with
   * no escape in the name: checked as skip() would, in one pass. Returns its end, and sets `named`
   * when the name is Sec-Fetch-Dest in any case (or the value holds an escape, which the caller
   * then parses to look); -1 for any other shape, which skip() reads instead.
   */
  private plainHeader(j: number): number {
    const { buf, end } = this
    if (j + NAME_OPEN.length >= end) return -1
    for (let k = 0; k < NAME_OPEN.length; k++) if (buf[j + k] !== NAME_OPEN[k]) return -1
    const nameStart = j + NAME_OPEN.length
    let k = nameStart
    while (k < end && STRING_STOP[buf[k]!] === 0) k++
    if (k >= end || buf[k] !== QUOTE) return -1
    const nameEnd = k
    if (k + VALUE_OPEN.length >= end) return -1
    for (let c = 0; c < VALUE_OPEN.length; c++) if (buf[k + c] !== VALUE_OPEN[c]) return -1
    k += VALUE_OPEN.length
    for (;;) {
      while (k < end && STRING_STOP[buf[k]!] === 0) k++
      if (k >= end) return -1
      const d = buf[k]!
      if (d === QUOTE) break
      if (d !== BACKSLASH) return -1
      const e = k + 1 < end ? buf[k + 1]! : -1
      if (e === 0x75) {
        if (
          k + 5 >= end ||
          !isHex(buf[k + 2]) ||
          !isHex(buf[k + 3]) ||
          !isHex(buf[k + 4]) ||
          !isHex(buf[k + 5])
        )
          return -1
        k += 6
      } else if (e >= 0 && isSimpleEscape(e)) k += 2
      else return -1
    }
    if (buf[k + 1] !== CLOSE_OBJECT) return -1
    let named = nameEnd - nameStart === FETCH_DEST.length
    for (let c = 0; c < FETCH_DEST.length && named; c++)
      named = (buf[nameStart + c]! | 0x20) === FETCH_DEST[c]
    // The name has no escape, so it is these bytes; an escape in the value cannot change it.
    this.named = named
    // An object and the comma inside it, as skip() counts them.
    this.values += 2
    return k + 2
  }

  /**
   * Whether the header element `buf[start, end)` may be Sec-Fetch-Dest: an ordinary element opens
   * with its name, compared in place; any other shape is searched for the words.
   */
  private mayBeFetchDest(start: number, end: number): boolean {
    const { buf } = this
    let k = this.space(start + 1)
    if (buf[start] === OPEN_OBJECT && buf[k] === QUOTE && buf[k + 1] === 0x6e && buf[k + 5] === QUOTE) {
      // "name" then a string value: only that value can be the name.
      if (buf[k + 2] === 0x61 && buf[k + 3] === 0x6d && buf[k + 4] === 0x65) {
        k = this.space(k + 6)
        if (buf[k] === COLON) {
          k = this.space(k + 1)
          if (buf[k] === QUOTE) {
            const close = buf.indexOf(QUOTE, k + 1)
            let named = close - k - 1 === FETCH_DEST.length
            for (let c = 0; c < FETCH_DEST.length && named; c++)
              named = (buf[k + 1 + c]! | 0x20) === FETCH_DEST[c]
            // Only "value" follows (the usual shape): the name is the one just read. Anything
            // else may name it again later: search the rest.
            return named || (!this.onlyValueFollows(close + 1, end) && this.mayNameFetchDest(close, end))
          }
        }
      }
    }
    return this.mayNameFetchDest(start, end)
  }

  /** `buf[i, end)` is `,"value":"…"}` (no escapes: the caller checked), spaces allowed. */
  private onlyValueFollows(i: number, end: number): boolean {
    const { buf } = this
    i = this.space(i)
    if (buf[i] !== COMMA) return false
    i = this.space(i + 1)
    for (let c = 0; c < VALUE_KEY.length; c++) if (buf[i + c] !== VALUE_KEY[c]) return false
    i = this.space(i + VALUE_KEY.length)
    if (buf[i] !== COLON) return false
    i = this.space(i + 1)
    if (buf[i] !== QUOTE) return false
    const close = buf.indexOf(QUOTE, i + 1)
    return close > 0 && close < end && this.space(close + 1) === end - 1
  }

  private hasBackslash(start: number, end: number): boolean {
    const { buf } = this
    for (let k = start; k < end; k++) if (buf[k] === BACKSLASH) return true
    return false
  }

  /** "fetch-dest" in any case somewhere in `buf[start, end)`. */
  private mayNameFetchDest(start: number, end: number): boolean {
    const { buf } = this
    // The 't' of "-dest" (either case) is 4 bytes after the dash: look for dashes, then compare.
    for (let d = start + 5; d + 4 < end; d++) {
      if (buf[d] !== 0x2d) continue
      let ok = true
      for (let k = 0; k < 5 && ok; k++) ok = (buf[d - 5 + k]! | 0x20) === FETCH[k]
      for (let k = 0; k < 4 && ok; k++) ok = (buf[d + 1 + k]! | 0x20) === DEST[k]
      if (ok) return true
    }
    return false
  }
}

/** A header list element headerMap files under sec-fetch-dest. */
function isFetchDest(h: unknown): boolean {
  if (typeof h !== 'object' || h === null) return false
  const name = (h as { name?: unknown }).name
  return typeof name === 'string' && name.toLowerCase() === 'sec-fetch-dest'
}

const plainStatus = (response: Record<string, unknown>): boolean => {
  const status = entryStatus(response)
  return (status >= 200 && status < 300) || status === 304
}

/** Scans the entry starting at `buf[start]`, reading no further than `end`. */
export function scanEntry(buf: Uint8Array, start: number, end: number): EntryScan {
  if (buf[start] !== OPEN_OBJECT) return { kind: 'unsure' }
  const s = new Scanner(buf, end)
  const entry: Record<string, unknown> = {}
  const result = s.object(start, ENTRY, (n, at) => {
    if (n === REQUEST_AT || n === RESPONSE_AT) {
      // A later copy of the member replaces the earlier one whole, as in JSON.parse.
      if (buf[at] !== OPEN_OBJECT) return BAIL
      const part: Record<string, unknown> = {}
      if (n === REQUEST_AT) {
        entry.request = part
        return s.object(at, REQUEST, (m, v) =>
          m === HEADERS_AT ? s.headers(v, part) : s.scalar(v, part, REQUEST.names[m]!),
        )
      }
      entry.response = part
      const e = s.object(at, RESPONSE, (m, v) => s.scalar(v, part, RESPONSE.names[m]!))
      // A failure or a redirect is parsed whole anyway: stop reading lean as soon as it shows.
      return e >= 0 && !plainStatus(part) ? BAIL : e
    }
    return s.scalar(at, entry, ENTRY.names[n]!)
  })
  if (result === BAIL) return { kind: 'whole' }
  if (result < 0) return { kind: 'unsure' }
  const method = entryMethod(entry.request)
  if (!isPlainSuccess(method, entryStatus(entry.response))) return { kind: 'whole' }
  // Without a server address, who answered is told from timings, connection and headers.
  if (typeof entry.serverIPAddress !== 'string' || entry.serverIPAddress === '') return { kind: 'whole' }
  // A document's page is told from its initiator (PageSites).
  if (entry._resourceType === 'document') return { kind: 'whole' }
  return { kind: 'lean', entry, end: result, values: s.values }
}

/** End of the JSON value at `buf[i]`, its syntax checked and nothing built; -1 if invalid. */
export function valueEnd(buf: Uint8Array, i: number, end: number): number {
  return new Scanner(buf, end).skip(i)
}
