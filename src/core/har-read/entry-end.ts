/**
 * Where one entry (a JSON object or array) ends, found chunk by chunk: strings are jumped with
 * indexOf, brackets and commas counted outside them. Forward-only state, so an entry may span any
 * number of chunks and its bytes need not be kept to find its end. Nothing is validated here: the
 * entry's own scan (entry-scan.ts) or JSON.parse does that once it is whole.
 */
import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, COMMA, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from './json-bytes'

export const TOO_DEEP = -2

export class EntryEnd {
  /** Open brackets inside the entry (its own included). */
  private depth = 0
  private inString = false
  /** The previous chunk ended on a backslash inside a string: this chunk's first byte is escaped. */
  private escaped = false
  /** Commas and brackets: an entry's size in values (see MAX_ENTRY_VALUES). */
  values = 0

  /** `maxDepth`: how deep the entry may nest (the document's limit less the entry's own depth). */
  constructor(private readonly maxDepth: number) {}

  /**
   * Scans `buf[from, end)`. Returns the index just past the entry's closing bracket, -1 when the
   * entry goes on past `end`, or TOO_DEEP.
   */
  scan(buf: Uint8Array, from: number, end: number): number {
    let i = from
    if (this.escaped) {
      this.escaped = false
      i++
    }
    // The next quote and backslash at or after i (Infinity: none before `end`), so each string is
    // searched once however many escapes it holds.
    let quote = -1
    let slash = -1
    while (i < end) {
      if (this.inString) {
        if (quote < i) quote = nextIndex(buf, QUOTE, i, end)
        if (slash < i) slash = nextIndex(buf, BACKSLASH, i, end)
        if (slash < quote) {
          // An escape: the byte after the backslash is never the string's end.
          if (slash + 1 >= end) {
            this.escaped = true
            return -1
          }
          i = slash + 2
        } else if (quote < end) {
          this.inString = false
          i = quote + 1
        } else return -1
        continue
      }
      const b = buf[i]!
      if (b === QUOTE) this.inString = true
      else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
        this.values++
        if (++this.depth > this.maxDepth) return TOO_DEEP
      } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
        if (--this.depth === 0) return i + 1
      } else if (b === COMMA) this.values++
      i++
    }
    return -1
  }
}

function nextIndex(buf: Uint8Array, byte: number, from: number, end: number): number {
  const at = buf.indexOf(byte, from)
  return at < 0 || at >= end ? Number.POSITIVE_INFINITY : at
}
