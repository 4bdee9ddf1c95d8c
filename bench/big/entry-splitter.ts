/**
 * The elements of a HAR's `log.entries` array, cut out of a byte stream one at a time: the
 * benchmark's own reference read of the big workload. It shares no code with the CLI's reader, so
 * the findings it leads to are an independent expectation for the CLI's. Only one entry (split
 * across chunks at most) is held at a time. It does not validate JSON: the entry count is checked
 * against what the generator wrote instead.
 */

const QUOTE = 0x22
const BACKSLASH = 0x5c
/** Strings longer than this are never `log` or `entries`; capturing stops there. */
const KEY_CAP = 16

export class EntrySplitter {
  private depth = 0
  private inString = false
  /** The previous chunk ended on a backslash inside a string: the next byte is escaped. */
  private escaped = false
  /** The last string seen at depth 1 and 2 (outside entries): the key of what opens next. */
  private readonly lastString: [string, string, string] = ['', '', '']
  /** Bytes of the string being captured (depth 1 or 2), or null when not capturing. */
  private capture: number[] | null = null
  private captureOverflow = false
  /** `log` was opened at depth 1 under the key "log". */
  private inLog = false
  private inEntries = false
  /** Start of the open entry in the current chunk (0 when it began in an earlier one), or -1. */
  private entryStart = -1
  /** Pieces of the open entry from earlier chunks. */
  private parts: Buffer[] = []

  /** Feeds one chunk; `onEntry` receives each complete entry's bytes. Chunks may be kept until the entry ends. */
  push(chunk: Buffer, onEntry: (bytes: Buffer) => void): void {
    const n = chunk.length
    if (this.entryStart >= 0) this.entryStart = 0
    let i = 0
    while (i < n) {
      if (this.inString) {
        i = this.skipString(chunk, i)
        continue
      }
      const b = chunk[i]!
      if (b === QUOTE) {
        this.inString = true
        this.capture = this.depth === 1 || this.depth === 2 ? [] : null
        this.captureOverflow = false
      } else if (b === 0x7b || b === 0x5b) {
        const d = this.depth
        if (d === 1 && b === 0x7b && this.lastString[1] === 'log') this.inLog = true
        else if (d === 2 && b === 0x5b && this.inLog && this.lastString[2] === 'entries')
          this.inEntries = true
        else if (d === 3 && b === 0x7b && this.inEntries) this.entryStart = i
        this.depth = d + 1
      } else if (b === 0x7d || b === 0x5d) {
        const d = this.depth - 1
        this.depth = d
        if (d === 3 && this.entryStart >= 0) {
          const tail = chunk.subarray(this.entryStart, i + 1)
          onEntry(this.parts.length === 0 ? tail : Buffer.concat([...this.parts, tail]))
          this.parts = []
          this.entryStart = -1
        } else if (d === 2) this.inEntries = false
        else if (d === 1) this.inLog = false
      }
      i++
    }
    if (this.entryStart >= 0) this.parts.push(chunk.subarray(this.entryStart))
  }

  /** Call after the last chunk: throws when the document ended inside a value. */
  end(): void {
    if (this.depth !== 0 || this.inString) throw new Error('the HAR ends inside a value (truncated)')
  }

  /** Inside a string from `i`: returns where scanning resumes (after the closing quote, or the chunk's end). */
  private skipString(chunk: Buffer, from: number): number {
    let i = from
    if (this.escaped) {
      this.escaped = false
      this.keep(chunk, i, i + 1)
      i++
    }
    for (;;) {
      const q = chunk.indexOf(QUOTE, i)
      const stop = q < 0 ? chunk.length : q
      // Backslashes right before `stop`, counted back to `i` only: earlier ones are resolved.
      let k = stop
      while (k > i && chunk[k - 1] === BACKSLASH) k--
      const odd = (stop - k) % 2 === 1
      if (q < 0) {
        this.keep(chunk, i, stop)
        this.escaped = odd
        return stop
      }
      this.keep(chunk, i, q + 1)
      if (!odd) {
        this.closeString()
        return q + 1
      }
      i = q + 1
    }
  }

  /** Adds string bytes to the key being captured (the closing quote is dropped in closeString). */
  private keep(chunk: Buffer, start: number, end: number): void {
    const c = this.capture
    if (c === null) return
    for (let j = start; j < end; j++) {
      // Content plus the closing quote.
      if (c.length > KEY_CAP) {
        this.captureOverflow = true
        return
      }
      c.push(chunk[j]!)
    }
  }

  private closeString(): void {
    this.inString = false
    const c = this.capture
    if (c === null) return
    const d = this.depth as 1 | 2
    // Keys here are plain ASCII; escapes or overlong strings cannot be `log` or `entries`.
    this.lastString[d] = this.captureOverflow ? '' : String.fromCharCode(...c.slice(0, -1))
    this.capture = null
  }
}
