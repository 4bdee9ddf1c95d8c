/**
 * A HAR document already in memory → entries, with the streaming reader's rules (har-read/): one
 * pass, each entry read on its own (lean for a plain success when asked), the rest checked as JSON.
 * Pure: bytes in, entries and an error code out. For a file or a stream, see har-stream.ts.
 */
import {
  type DocReaderOptions,
  HarDocReader,
  type HarReadError,
  type SkipReason,
} from './har-read/doc-reader'

export type { HarReadError as HarBytesError, SkipReason }

/** HAR nests a few levels (Chrome's async initiator stacks some dozens); far deeper is a parser bomb. */
export const MAX_DEPTH = 1000
/**
 * Values (commas and brackets) one entry may hold. A real entry has hundreds; parsed, each tiny
 * value costs ~25× its bytes, so a crafted entry of millions could exhaust the heap well under
 * the memory budget. Such an entry is skipped and said, not parsed.
 */
export const MAX_ENTRY_VALUES = 1_000_000

export interface ReadOptions {
  /** Read plain successes lean (entry-scan.ts): the engine's view, not JSON.parse's whole value. */
  lean?: boolean
  /** Bytes one entry may hold before it is skipped (the memory budget's share). */
  maxEntryBytes?: number
  /** Hand entries parsed whole over as their JSON text (see DocReaderOptions.wholeAsText). */
  wholeAsText?: boolean
}

/** The reader's settings for one reading (`only`: the second reading, see doc-reader.ts). */
export function docOptions(
  onEntry: (entry: unknown) => void,
  onSkipped: (index: number, why: SkipReason) => void,
  o: ReadOptions,
  only?: number,
): DocReaderOptions {
  return {
    onEntry,
    onSkipped,
    lean: o.lean ?? false,
    ...(o.wholeAsText ? { wholeAsText: true } : {}),
    maxDepth: MAX_DEPTH,
    maxEntryValues: MAX_ENTRY_VALUES,
    maxEntryBytes: o.maxEntryBytes ?? Number.POSITIVE_INFINITY,
    ...(only === undefined ? {} : { only }),
  }
}

/**
 * Reads a HAR document's bytes, handing each entry to `onEntry`; an entry too large is skipped and
 * reported to `onSkipped`. Returns null when the whole document was read, else why not. When a
 * later `log` or `entries` key replaces the array first read, `onRestart` is called and only the
 * winner's entries follow.
 */
export function readHarBytes(
  buf: Uint8Array,
  onEntry: (entry: unknown) => void,
  onSkipped: (index: number, why: SkipReason) => void = () => undefined,
  o: ReadOptions & { onRestart?: () => void } = {},
): HarReadError | null {
  // A plain view: Node's Buffer overrides indexOf, subarray and slice (a view, not a copy).
  if (buf.constructor !== Uint8Array) buf = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)
  let reader = new HarDocReader(docOptions(onEntry, onSkipped, o))
  reader.push(buf)
  const first = reader.end()
  if (first.done) return first.error
  o.onRestart?.()
  if (first.reread === null) return { code: 'not-har' }
  reader = new HarDocReader(docOptions(onEntry, onSkipped, o, first.reread))
  reader.push(buf)
  const second = reader.end()
  return second.done ? second.error : { code: 'not-har' }
}
