/**
 * One entry's bytes, checked as JSON.parse checks them, and read lean when that is all it needs:
 * a plain success (har.ts isPlainSuccess) is only ever traffic, so its headers, body, cookies and
 * initiator are validated but never built. What comes out is a small object holding exactly the
 * members every reader of an entry looks at (normalizeEntry, answeredByServiceWorker,
 * answeredByTool, PageSites, the JUnit list), with JSON.parse's values, so each reads it as it
 * would read the whole entry. Anything less ordinary (an escaped key, a member that is not the
 * usual kind of value, no server address, a document) is handed back to be parsed whole: lean is
 * an optimisation, never a different answer (test/core/har-stream.test.ts compares them).
 */
import { entryMethod, entryStatus, isPlainSuccess } from '../har'
import {
  BACKSLASH,
  CLOSE_OBJECT,
  COLON,
  COMMA,
  OPEN_ARRAY,
  OPEN_OBJECT,
  QUOTE,
  scalarEnd,
  skipSpace,
  stringValueEnd,
} from './json-bytes'

export type EntryScan =
  | { kind: 'lean'; entry: Record<string, unknown> }
  | { kind: 'whole' }
  | { kind: 'invalid'; at: number }

const UTF8 = new TextDecoder()

/** Members of the entry, its request and its response that some reader looks at. */
const ENTRY_SCALARS = new Set([
  'startedDateTime',
  'time',
  '_resourceType',
  'serverIPAddress',
  '_error',
  '_fetchedViaServiceWorker',
  'pageref',
])
const REQUEST_SCALARS = new Set(['method', 'url'])
const RESPONSE_SCALARS = new Set([
  'status',
  'statusText',
  'bodySize',
  'redirectURL',
  '_fetchedViaServiceWorker',
  '_error',
  '_failureText',
])

/** Keys are matched as Latin-1 text: every key we look for is ASCII, so no other can match. */
function keyText(buf: Uint8Array, start: number, end: number): string {
  let s = ''
  for (let k = start; k < end; k++) s += String.fromCharCode(buf[k]!)
  return s
}

const BAIL = -2

/**
 * Walks the members of the object opening at `i`, checking its syntax; `member` reads or skips each
 * value and returns its end, -1 (invalid) or BAIL. Returns the object's end, -1 or BAIL.
 */
function walkObject(
  buf: Uint8Array,
  i: number,
  end: number,
  member: (key: string | null, at: number) => number,
): number {
  i = skipSpace(buf, i + 1, end)
  if (buf[i] === CLOSE_OBJECT) return i + 1
  for (;;) {
    if (i >= end || buf[i] !== QUOTE) return -1
    const keyEnd = stringValueEnd(buf, i, end)
    if (keyEnd < 0) return -1
    // An escaped key could spell any member: only JSON.parse reads it right.
    const key = buf.subarray(i + 1, keyEnd - 1).includes(BACKSLASH) ? null : keyText(buf, i + 1, keyEnd - 1)
    i = skipSpace(buf, keyEnd, end)
    if (buf[i] !== COLON) return -1
    i = skipSpace(buf, i + 1, end)
    if (i >= end) return -1
    const valueEnd = member(key, i)
    if (valueEnd < 0) return valueEnd
    i = skipSpace(buf, valueEnd, end)
    if (i >= end) return -1
    if (buf[i] === CLOSE_OBJECT) return i + 1
    if (buf[i] !== COMMA) return -1
    i = skipSpace(buf, i + 1, end)
  }
}

/** End of the JSON value at `i`, its syntax checked and nothing built; -1 if invalid. */
export function valueEnd(buf: Uint8Array, i: number, end: number): number {
  const first = buf[i]
  if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) return scalarEnd(buf, i, end)
  /** The closing bracket each open container expects. */
  const closers: number[] = [first + 2]
  let wantKey = first === OPEN_OBJECT
  /** Just opened: its closer may come at once. */
  let opened = true
  i++
  for (;;) {
    i = skipSpace(buf, i, end)
    if (i >= end) return -1
    const closer = closers[closers.length - 1]!
    if (opened && buf[i] === closer) {
      closers.pop()
      i++
    } else {
      if (wantKey) {
        if (buf[i] !== QUOTE) return -1
        i = stringValueEnd(buf, i, end)
        if (i < 0) return -1
        i = skipSpace(buf, i, end)
        if (buf[i] !== COLON) return -1
        i = skipSpace(buf, i + 1, end)
        if (i >= end) return -1
      }
      const b = buf[i]
      if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
        closers.push(b + 2)
        wantKey = b === OPEN_OBJECT
        opened = true
        i++
        continue
      }
      i = scalarEnd(buf, i, end)
      if (i < 0) return -1
    }
    // After a value: a comma, or the end of one or more containers.
    for (;;) {
      if (closers.length === 0) return i
      i = skipSpace(buf, i, end)
      if (i >= end) return -1
      const top = closers[closers.length - 1]!
      if (buf[i] === COMMA) {
        wantKey = top === CLOSE_OBJECT
        opened = false
        i++
        break
      }
      if (buf[i] !== top) return -1
      closers.pop()
      i++
    }
  }
}

/** The scalar at `i` as JSON.parse reads it, and its end; null when it is not a scalar. */
function readScalar(buf: Uint8Array, i: number, end: number): { value: unknown; end: number } | null {
  const b = buf[i]
  if (b === OPEN_OBJECT || b === OPEN_ARRAY) return null
  const e = scalarEnd(buf, i, end)
  if (e < 0) return { value: undefined, end: -1 }
  if (b === QUOTE) {
    const inner = buf.subarray(i + 1, e - 1)
    // Escapes are rare in the members read here: JSON.parse decodes those exactly.
    const value = inner.includes(BACKSLASH)
      ? (JSON.parse(UTF8.decode(buf.subarray(i, e))) as string)
      : UTF8.decode(inner)
    return { value, end: e }
  }
  if (b === 0x74) return { value: true, end: e }
  if (b === 0x66) return { value: false, end: e }
  if (b === 0x6e) return { value: null, end: e }
  return { value: Number(keyText(buf, i, e)), end: e }
}

/** "fetch-dest" in any case: the one request header an entry's reader looks at (PageSites). */
const FETCH = Array.from('fetch', (c) => c.charCodeAt(0))
const DEST = Array.from('dest', (c) => c.charCodeAt(0))
function mayNameFetchDest(buf: Uint8Array, start: number, end: number): boolean {
  if (buf.subarray(start, end).includes(BACKSLASH)) return true
  for (let d = buf.indexOf(0x2d, start); d >= 0 && d < end; d = buf.indexOf(0x2d, d + 1)) {
    if (d - 5 < start || d + 5 > end) continue
    let ok = true
    for (let k = 0; k < 5 && ok; k++) ok = (buf[d - 5 + k]! | 0x20) === FETCH[k]
    for (let k = 0; k < 4 && ok; k++) ok = (buf[d + 1 + k]! | 0x20) === DEST[k]
    if (ok) return true
  }
  return false
}

/** Scans the object or array `buf[start, end)` (one whole entry). */
export function scanEntry(buf: Uint8Array, start: number, end: number): EntryScan {
  if (buf[start] !== OPEN_OBJECT) return { kind: 'whole' }
  const entry: Record<string, unknown> = {}
  const scalarInto =
    (target: Record<string, unknown>, wanted: ReadonlySet<string>) =>
    (key: string | null, at: number): number => {
      if (key === null) return BAIL
      if (!wanted.has(key)) return valueEnd(buf, at, end)
      const read = readScalar(buf, at, end)
      if (read === null) return BAIL
      if (read.end >= 0) target[key] = read.value
      return read.end
    }
  const readRequest = (request: Record<string, unknown>) => {
    const scalar = scalarInto(request, REQUEST_SCALARS)
    return (key: string | null, at: number): number => {
      if (key !== 'headers') return scalar(key, at)
      const e = valueEnd(buf, at, end)
      // Parsed only when it may hold Sec-Fetch-Dest; absent, it reads as no headers at all.
      if (e >= 0 && mayNameFetchDest(buf, at, e))
        request.headers = JSON.parse(UTF8.decode(buf.subarray(at, e)))
      else delete request.headers
      return e
    }
  }
  const scalar = scalarInto(entry, ENTRY_SCALARS)
  const result = walkObject(buf, start, end, (key, at) => {
    if (key === 'request' || key === 'response') {
      // A later copy of the member replaces the earlier one whole, as in JSON.parse.
      if (buf[at] !== OPEN_OBJECT) return BAIL
      const part: Record<string, unknown> = {}
      entry[key] = part
      const e =
        key === 'request'
          ? walkObject(buf, at, end, readRequest(part))
          : walkObject(buf, at, end, scalarInto(part, RESPONSE_SCALARS))
      // A failure or a redirect is parsed whole anyway: stop reading lean as soon as it shows.
      if (e >= 0 && key === 'response' && !plainStatus(part)) return BAIL
      return e
    }
    return scalar(key, at)
  })
  if (result === BAIL) return { kind: 'whole' }
  if (result < 0) return { kind: 'invalid', at: start }
  if (skipSpace(buf, result, end) !== end) return { kind: 'invalid', at: result }
  const method = entryMethod(entry.request)
  if (!isPlainSuccess(method, entryStatus(entry.response))) return { kind: 'whole' }
  // Without a server address, who answered is told from timings, connection and headers.
  if (typeof entry.serverIPAddress !== 'string' || entry.serverIPAddress === '') return { kind: 'whole' }
  // A document's page is told from its initiator (PageSites).
  if (entry._resourceType === 'document') return { kind: 'whole' }
  return { kind: 'lean', entry }
}

const plainStatus = (response: Record<string, unknown>): boolean => {
  const status = entryStatus(response)
  return (status >= 200 && status < 300) || status === 304
}
