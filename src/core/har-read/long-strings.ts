/**
 * A huge entry is almost always one huge string (a base64 body, a data: URL). Parsing it whole would
 * hold it three times (bytes, decoded text, parsed value), so before JSON.parse each string over
 * LONG_STRING bytes keeps only its first KEPT_BYTES: every field the engine reads is clipped far
 * below that (a URL at 8,192 characters, a body at 2,048, a header value at its own limit).
 */
import { BACKSLASH, QUOTE } from './json-bytes'

/** Entries at least this large have their long strings cut before parsing. */
export const CUT_ENTRY_BYTES = 8 * 1024 * 1024
export const LONG_STRING = 1024 * 1024
export const KEPT_BYTES = 64 * 1024

/**
 * `buf[start, end)` (one entry, already known to be valid JSON) with every string longer than
 * LONG_STRING bytes cut to about KEPT_BYTES, at a character boundary outside any escape; null when
 * none is that long.
 */
export function cutLongStrings(buf: Uint8Array, start: number, end: number): Uint8Array | null {
  const parts: Uint8Array[] = []
  let from = start
  let i = start
  while (i < end) {
    const open = buf.indexOf(QUOTE, i)
    if (open < 0 || open >= end) break
    const close = stringClose(buf, open, end)
    if (close - open - 1 > LONG_STRING) {
      let cut = open + 1
      while (cut < open + 1 + KEPT_BYTES) cut += buf[cut] === BACKSLASH ? (buf[cut + 1] === 0x75 ? 6 : 2) : 1
      // Back to the first byte of a UTF-8 sequence, so no character is split.
      while ((buf[cut]! & 0xc0) === 0x80) cut--
      parts.push(buf.subarray(from, cut))
      from = close
    }
    i = close + 1
  }
  if (parts.length === 0) return null
  parts.push(buf.subarray(from, end))
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** Index of the quote closing the string that opens at `open` (the entry is valid, so there is one). */
function stringClose(buf: Uint8Array, open: number, end: number): number {
  let j = open + 1
  for (;;) {
    const q = buf.indexOf(QUOTE, j)
    if (q < 0 || q >= end) return end
    let k = q - 1
    while (buf[k] === BACKSLASH) k--
    if ((q - k - 1) % 2 === 0) return q
    j = q + 1
  }
}
