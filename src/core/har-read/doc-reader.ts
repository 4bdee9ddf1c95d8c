/**
 * A HAR document read as a stream of byte chunks, in bounded memory. Outside the entries every byte
 * goes through a JSON syntax machine that keeps no more than its nesting stack and the text of
 * short keys; it finds the `log.entries` array JSON.parse would keep. Each entry of that array is
 * delimited (entry-end.ts), then checked and read (entry-scan.ts: lean for a plain success, else
 * JSON.parse); only the entry being read is ever held.
 *
 * Duplicate keys are resolved as JSON.parse does, the last winning: a later `log` replaces an earlier
 * one, a later `entries` the earlier one in the same `log`. Which array wins is only known at the
 * end, so the first array with entries is read optimistically and `end()` says when another won and
 * the document must be read again with `only` set to the winner (har-stream.ts does that).
 */
import { EntryEnd, TOO_DEEP } from './entry-end'
import { type EntryScan, scanEntry, valueEnd } from './entry-scan'
import {
  CLOSE_ARRAY,
  CLOSE_OBJECT,
  COLON,
  COMMA,
  isDigit,
  isHex,
  isSimpleEscape,
  isSpace,
  OPEN_ARRAY,
  OPEN_OBJECT,
  QUOTE,
} from './json-bytes'
import { CUT_ENTRY_BYTES, cutLongStrings } from './long-strings'

export type HarReadError =
  | { code: 'empty' }
  | { code: 'binary' }
  | { code: 'json'; reason: string }
  | { code: 'too-deep' }
  | { code: 'not-har' }

/** Why an entry was passed over unread. */
export type SkipReason = { kind: 'values'; values: number } | { kind: 'bytes'; bytes: number }

export interface DocReaderOptions {
  /** An entry: whole (JSON.parse's value) or lean (entry-scan.ts), as `lean` asks. */
  onEntry(entry: unknown): void
  onSkipped(index: number, why: SkipReason): void
  /** Read plain successes lean. Off: every entry is JSON.parse's value. */
  lean: boolean
  /**
   * Hand an entry to be parsed whole over as its JSON text, unparsed, rather than its value: a
   * thread that posts entries on copies a string far faster than an object, and the receiver
   * parses it (lean-wire.ts unflatten), meeting any syntax error the reader would have met.
   */
  wholeAsText?: boolean
  /** Nesting allowed anywhere in the document. */
  maxDepth: number
  /** An entry with more values than this is skipped unread (a parser bomb). */
  maxEntryValues: number
  /** An entry with more bytes than this is skipped unread: the memory budget's share for one entry. */
  maxEntryBytes: number
  /** Second reading: hand over only the entries of this `entries` array (see end()). */
  only?: number
}

/** What end() found: the document is read, or another `entries` array won and must be read instead. */
export type DocEnd = { done: true; error: HarReadError | null } | { done: false; reread: number | null }

enum State {
  Value,
  FirstValue,
  Key,
  FirstKey,
  Colon,
  After,
}

enum Token {
  None,
  String,
  Number,
  Literal,
  Entry,
}

enum Num {
  Minus,
  Zero,
  Int,
  Dot,
  Frac,
  E,
  ExpSign,
  Exp,
}

/** Longest key spelling that can still mean `log` or `entries` (every character a \uXXXX escape). */
const MAX_KEY_BYTES = 6 * 'entries'.length
/** NUL in the first bytes: a binary file, not text. */
const BINARY_PROBE = 4096
const LITERALS: Record<number, number[]> = Object.fromEntries(
  ['true', 'false', 'null'].map((w) => [w.charCodeAt(0), Array.from(w, (c) => c.charCodeAt(0))]),
)
const UTF8 = new TextDecoder()

export class HarDocReader {
  /** Bytes consumed before the current chunk: offsets in error messages are the file's. */
  private offset = 0
  private started = false
  private head: Uint8Array[] = []
  private headBytes = 0
  private error: HarReadError | null = null

  private state = State.Value
  private closers: number[] = []
  private token = Token.None
  // The string in progress.
  private escape = 0
  private isKey = false
  private keyBytes: number[] | null = null
  // The number or literal in progress.
  private num = Num.Minus
  private literal: number[] = []
  private literalAt = 0

  // Where log.entries is (findEntries' rules, as a stream).
  private key1 = ''
  private key2 = ''
  private rootIsObject = false
  private inLog = false
  private ordinal = 0
  /** The `entries` array open at depth 3, by ordinal. */
  private openArray: number | null = null
  private logEntries: number | null = null
  private found: number | null = null
  /** The array whose entries are handed over (the first with any, or `only`). */
  private fed: number | null = null

  // The entry in progress.
  private entryEnd: EntryEnd | null = null
  private entryParts: Uint8Array[] = []
  private entryBytes = 0
  private entryIndex = 0
  /** The entry being delimited was already found not to be a plain success. */
  private whole = false

  constructor(private readonly o: DocReaderOptions) {}

  /** Reads one chunk. Returns an error once the document is known to be bad (later calls repeat it). */
  push(chunk: Uint8Array): HarReadError | null {
    if (this.error) return this.error
    if (!this.started) {
      // Hold the first bytes until the binary check can be made.
      this.head.push(chunk)
      this.headBytes += chunk.length
      if (this.headBytes < BINARY_PROBE) return null
      return this.start()
    }
    this.run(chunk)
    this.offset += chunk.length
    return this.error
  }

  /** The input ended. */
  end(): DocEnd {
    if (!this.started && this.start()) return { done: true, error: this.error }
    if (this.error) return { done: true, error: this.error }
    if (
      this.token === Token.Number &&
      (this.num === Num.Zero || this.num === Num.Int || this.num === Num.Frac || this.num === Num.Exp)
    ) {
      this.token = Token.None
      this.valueDone()
    }
    if (this.token !== Token.None || this.state !== State.After || this.closers.length > 0) {
      // Nothing but whitespace: the root value never began.
      if (this.state === State.Value && this.token === Token.None && this.closers.length === 0)
        return { done: true, error: { code: 'empty' } }
      return { done: true, error: { code: 'json', reason: 'unexpected end of input' } }
    }
    // The array read is the one JSON.parse keeps, or no array had any entry: done.
    if (this.found === this.fed || this.fed === null || this.o.only !== undefined) {
      return { done: true, error: this.found === null ? { code: 'not-har' } : null }
    }
    return { done: false, reread: this.found }
  }

  private start(): HarReadError | null {
    this.started = true
    let first = this.head.length === 1 ? this.head[0]! : concat(this.head, this.headBytes)
    this.head = []
    if (first.subarray(0, BINARY_PROBE).includes(0)) return this.fail({ code: 'binary' })
    if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) {
      first = first.subarray(3)
      this.offset = 3
    }
    this.run(first)
    this.offset += first.length
    return this.error
  }

  private fail(e: HarReadError): HarReadError {
    this.error ??= e
    return this.error
  }

  private unexpected(buf: Uint8Array, i: number): void {
    this.fail({
      code: 'json',
      reason: `unexpected byte 0x${buf[i]!.toString(16)} at offset ${this.offset + i}`,
    })
  }

  /** Runs the syntax machine over one chunk. */
  private run(buf: Uint8Array): void {
    const n = buf.length
    let i = 0
    while (i < n && !this.error) {
      switch (this.token) {
        case Token.String:
          i = this.stringBytes(buf, i)
          continue
        case Token.Number:
          i = this.numberBytes(buf, i)
          continue
        case Token.Literal:
          i = this.literalBytes(buf, i)
          continue
        case Token.Entry:
          i = this.entryChunk(buf, i)
          continue
        case Token.None:
          break
      }
      const b = buf[i]!
      if (isSpace(b)) {
        i++
        continue
      }
      switch (this.state) {
        case State.After: {
          const closer = this.closers[this.closers.length - 1]
          if (closer === undefined) {
            this.unexpected(buf, i)
            return
          }
          if (b === COMMA) this.state = closer === CLOSE_OBJECT ? State.Key : State.Value
          else if (b === closer) this.close()
          else {
            this.unexpected(buf, i)
            return
          }
          i++
          break
        }
        case State.Colon:
          if (b !== COLON) {
            this.unexpected(buf, i)
            return
          }
          this.state = State.Value
          i++
          break
        case State.Key:
        case State.FirstKey:
          if (b === CLOSE_OBJECT && this.state === State.FirstKey) {
            this.close()
            i++
          } else if (b === QUOTE) {
            this.openString(true)
            i++
          } else {
            this.unexpected(buf, i)
            return
          }
          break
        case State.Value:
        case State.FirstValue:
          if (b === CLOSE_ARRAY && this.state === State.FirstValue) {
            this.close()
            i++
          } else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
            if (this.isEntry()) i = this.openEntry(buf, i)
            else {
              this.open(b)
              i++
            }
          } else if (b === QUOTE) {
            this.openString(false)
            i++
          } else if (b === 0x2d || isDigit(b)) {
            this.token = Token.Number
            this.num = Num.Minus
            if (b !== 0x2d) i = this.numberBytes(buf, i)
            else i++
          } else if (LITERALS[b]) {
            this.token = Token.Literal
            this.literal = LITERALS[b]!
            this.literalAt = 1
            i++
          } else {
            this.unexpected(buf, i)
            return
          }
          break
      }
    }
  }

  private valueDone(): void {
    this.state = State.After
  }

  private open(b: number): void {
    this.closers.push(b + 2)
    const depth = this.closers.length
    if (depth > this.o.maxDepth) {
      this.fail({ code: 'too-deep' })
      return
    }
    const isObject = b === OPEN_OBJECT
    if (depth === 1) this.rootIsObject = isObject
    else if (depth === 2) {
      this.inLog = isObject && this.key1 === 'log' && this.rootIsObject
      this.logEntries = null
    } else if (depth === 3 && this.inLog && !isObject && this.key2 === 'entries')
      this.openArray = ++this.ordinal
    this.state = isObject ? State.FirstKey : State.FirstValue
  }

  private close(): void {
    const depth = this.closers.length
    if (depth === 3 && this.openArray !== null) {
      this.logEntries = this.openArray
      this.openArray = null
    } else if (depth === 2 && this.inLog) {
      this.found = this.logEntries
      this.inLog = false
    }
    this.closers.pop()
    this.valueDone()
  }

  /** Is the container opening here an entry this reading hands over? */
  private isEntry(): boolean {
    const array = this.openArray
    if (this.closers.length !== 3 || array === null) return false
    if (this.o.only !== undefined) return array === this.o.only
    this.fed ??= array
    return this.fed === array
  }

  private openString(isKey: boolean): void {
    this.token = Token.String
    this.escape = 0
    this.isKey = isKey
    const depth = this.closers.length
    this.keyBytes = isKey && (depth === 1 || depth === 2) ? [] : null
  }

  /** String bytes from `i`; returns where the machine goes on. */
  private stringBytes(buf: Uint8Array, i: number): number {
    const n = buf.length
    const start = i
    for (; i < n; i++) {
      const c = buf[i]!
      if (this.escape === 1) {
        if (c === 0x75) this.escape = 5
        else if (isSimpleEscape(c)) this.escape = 0
        else {
          this.unexpected(buf, i)
          return n
        }
      } else if (this.escape > 1) {
        if (!isHex(c)) {
          this.unexpected(buf, i)
          return n
        }
        this.escape--
        if (this.escape === 1) this.escape = 0
      } else if (c === QUOTE) {
        this.keep(buf, start, i)
        this.token = Token.None
        this.stringDone()
        return i + 1
      } else if (c === 0x5c) this.escape = 1
      else if (c < 0x20) {
        this.unexpected(buf, i)
        return n
      }
    }
    this.keep(buf, start, n)
    return n
  }

  /** Keeps the bytes of a key that may be `log` or `entries`. */
  private keep(buf: Uint8Array, start: number, end: number): void {
    const k = this.keyBytes
    if (!k || k.length > MAX_KEY_BYTES) return
    for (let j = start; j < end && k.length <= MAX_KEY_BYTES; j++) k.push(buf[j]!)
  }

  private stringDone(): void {
    if (!this.isKey) {
      this.valueDone()
      return
    }
    this.state = State.Colon
    const k = this.keyBytes
    if (!k) return
    this.keyBytes = null
    // A long key is just "another key", never decoded.
    let key = ''
    if (k.length <= MAX_KEY_BYTES) {
      const text = UTF8.decode(Uint8Array.from(k))
      try {
        key = text.includes('\\') ? (JSON.parse(`"${text}"`) as string) : text
      } catch {
        key = ''
      }
    }
    if (this.closers.length === 1) {
      this.key1 = key
      // A later `log` wins, whatever its value: until it proves to hold entries, there are none.
      if (key === 'log') this.found = null
    } else {
      this.key2 = key
      if (this.inLog && key === 'entries') this.logEntries = null
    }
  }

  private numberBytes(buf: Uint8Array, i: number): number {
    const n = buf.length
    for (; i < n; i++) {
      const c = buf[i]!
      const digit = isDigit(c)
      switch (this.num) {
        case Num.Minus:
          if (c === 0x30) this.num = Num.Zero
          else if (digit) this.num = Num.Int
          else return this.badNumber(buf, i)
          continue
        case Num.Zero:
        case Num.Int:
          if (digit && this.num === Num.Int) continue
          if (c === 0x2e) this.num = Num.Dot
          else if (c === 0x65 || c === 0x45) this.num = Num.E
          else return this.numberDone(i)
          continue
        case Num.Dot:
          if (!digit) return this.badNumber(buf, i)
          this.num = Num.Frac
          continue
        case Num.Frac:
          if (digit) continue
          if (c === 0x65 || c === 0x45) this.num = Num.E
          else return this.numberDone(i)
          continue
        case Num.E:
          if (c === 0x2b || c === 0x2d) this.num = Num.ExpSign
          else if (digit) this.num = Num.Exp
          else return this.badNumber(buf, i)
          continue
        case Num.ExpSign:
          if (!digit) return this.badNumber(buf, i)
          this.num = Num.Exp
          continue
        case Num.Exp:
          if (digit) continue
          return this.numberDone(i)
      }
    }
    return n
  }

  private numberDone(i: number): number {
    this.token = Token.None
    this.valueDone()
    return i
  }

  private badNumber(buf: Uint8Array, i: number): number {
    this.unexpected(buf, i)
    return buf.length
  }

  private literalBytes(buf: Uint8Array, i: number): number {
    const word = this.literal
    for (; i < buf.length && this.literalAt < word.length; i++, this.literalAt++) {
      if (buf[i] !== word[this.literalAt]) {
        this.unexpected(buf, i)
        return buf.length
      }
    }
    if (this.literalAt === word.length) {
      this.token = Token.None
      this.valueDone()
    }
    return i
  }

  /**
   * An entry opens at `buf[i]`. Most lie whole inside the chunk and are plain successes: read lean
   * straight from the chunk, in one pass. Anything else is delimited first (entry-end.ts).
   */
  private openEntry(buf: Uint8Array, i: number): number {
    this.whole = false
    if (this.o.lean) {
      const scan = scanEntry(buf, i, buf.length)
      if (scan.kind === 'lean') {
        this.valueDone()
        this.handOver(scan.values, scan.end - i, () => this.o.onEntry(scan.entry))
        return scan.end
      }
      this.whole = scan.kind === 'whole'
    }
    this.token = Token.Entry
    this.entryEnd = new EntryEnd(this.o.maxDepth - this.closers.length)
    this.entryParts = []
    this.entryBytes = 0
    return i
  }

  /** An entry's values and bytes checked against the limits, then `read`, or skipped and said. */
  private handOver(values: number, bytes: number, read: () => void): void {
    const index = this.entryIndex++
    if (values > this.o.maxEntryValues) this.o.onSkipped(index, { kind: 'values', values })
    else if (bytes > this.o.maxEntryBytes) this.o.onSkipped(index, { kind: 'bytes', bytes })
    else read()
  }

  /** Entry bytes from `i` (its opening bracket, or where the last chunk stopped). */
  private entryChunk(buf: Uint8Array, i: number): number {
    const scan = this.entryEnd!
    const end = scan.scan(buf, i, buf.length)
    if (end === TOO_DEEP) {
      this.fail({ code: 'too-deep' })
      return buf.length
    }
    const stop = end < 0 ? buf.length : end
    // Held only while within the budget: past it the rest is scanned for its end and dropped.
    if (this.entryBytes + (stop - i) <= this.o.maxEntryBytes) {
      if (end < 0 || this.entryParts.length > 0) this.entryParts.push(buf.slice(i, stop))
    } else this.entryParts = []
    this.entryBytes += stop - i
    if (end < 0) return buf.length
    this.token = Token.None
    this.valueDone()
    const parts = this.entryParts
    this.handOver(scan.values, this.entryBytes, () =>
      parts.length > 0
        ? this.read(concat(parts, this.entryBytes), 0, this.entryBytes)
        : this.read(buf, i, end),
    )
    this.entryParts = []
    this.entryEnd = null
    return end
  }

  /** One whole entry, `buf[start, end)`: checked, read and handed over. */
  private read(buf: Uint8Array, start: number, end: number): void {
    // Known to need parsing whole, or read lean now that it is complete (it spanned chunks).
    const scan: EntryScan = this.o.lean && !this.whole ? scanEntry(buf, start, end) : { kind: 'whole' }
    if (scan.kind === 'lean') {
      this.o.onEntry(scan.entry)
      return
    }
    let bytes = buf.subarray(start, end)
    if (end - start >= CUT_ENTRY_BYTES) {
      // Valid first (the cut must not hide a syntax error), then parsed without its huge strings.
      if (valueEnd(buf, start, end) !== end) {
        this.fail({ code: 'json', reason: `invalid entry at offset ${this.offset + start}` })
        return
      }
      bytes = cutLongStrings(buf, start, end) ?? bytes
    }
    const text = UTF8.decode(bytes)
    // As text, it is parsed where it is used (the same text, so the same value or error there).
    if (this.o.wholeAsText) {
      this.o.onEntry(text)
      return
    }
    let entry: unknown
    try {
      entry = JSON.parse(text)
    } catch (err) {
      this.fail({ code: 'json', reason: entryParseError(err) })
      return
    }
    this.o.onEntry(entry)
  }
}

/** JSON.parse's reason for an entry it refused, as the reader reports it. */
export function entryParseError(err: unknown): string {
  return err instanceof Error ? err.message.slice(0, 120) : 'syntax error'
}

function concat(parts: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
