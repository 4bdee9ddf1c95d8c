/**
 * A HAR document read as a stream of chunks, for the CLI (a file or stdin) and the panel's import (a
 * File): bounded memory whatever the file's size, progress, cancellation. The rules are the
 * in-memory reader's (har-bytes.ts, har-read/doc-reader.ts); this only drives them over a source.
 */
import { docOptions, type ReadOptions } from './har-bytes'
import { HarDocReader, type HarReadError, type SkipReason } from './har-read/doc-reader'

export type { SkipReason }

/** Where the bytes come from. */
export interface HarByteSource {
  /** A fresh pass over the bytes, from the start. */
  chunks(): AsyncIterable<Uint8Array>
  /** Whether chunks() may be called again (a file may; stdin may not). */
  rereadable: boolean
}

export interface HarStreamOptions extends ReadOptions {
  onEntry(entry: unknown): void
  onSkipped?(index: number, why: SkipReason): void
  /**
   * A later `log` or `entries` key replaced the array read first (JSON.parse keeps the last): forget
   * every entry handed over so far; the winner's follow.
   */
  onRestart?(): void | Promise<void>
  /** Bytes read so far, after each chunk. */
  onProgress?(bytes: number): void
  signal?: AbortSignal
}

export type HarStreamError =
  | HarReadError
  | { code: 'cancelled' }
  /** The winning array needs a second reading and the source cannot give one (stdin). */
  | { code: 'reread' }
  /** The source itself failed (a file vanished, a disk error): its own words. */
  | { code: 'read'; reason: string }

/** Reads a HAR document from `source`; null when it was read whole, else why not. */
export async function readHarStream(
  source: HarByteSource,
  o: HarStreamOptions,
): Promise<HarStreamError | null> {
  const onSkipped = o.onSkipped ?? (() => undefined)
  const first = await pass(source, new HarDocReader(docOptions(o.onEntry, onSkipped, o)), o)
  if ('code' in first) return first
  if (first.done) return first.error
  await o.onRestart?.()
  if (first.reread === null) return { code: 'not-har' }
  if (!source.rereadable) return { code: 'reread' }
  const second = await pass(source, new HarDocReader(docOptions(o.onEntry, onSkipped, o, first.reread)), o)
  if ('code' in second) return second
  return second.done ? second.error : { code: 'not-har' }
}

async function pass(
  source: HarByteSource,
  reader: HarDocReader,
  o: HarStreamOptions,
): Promise<ReturnType<HarDocReader['end']> | HarStreamError> {
  let bytes = 0
  const chunks = source.chunks()[Symbol.asyncIterator]()
  try {
    for (;;) {
      let next: IteratorResult<Uint8Array>
      // Only the source's own failures are read errors; the consumer's are its own to report.
      try {
        next = await chunks.next()
      } catch (err) {
        if (o.signal?.aborted) return { code: 'cancelled' }
        return {
          code: 'read',
          reason: err instanceof Error ? err.message.split('\n')[0]!.slice(0, 200) : 'error',
        }
      }
      if (o.signal?.aborted) return { code: 'cancelled' }
      if (next.done) return reader.end()
      // A plain view: Node's Buffer overrides indexOf, subarray and slice (a view, not a copy).
      const c = next.value
      const error = reader.push(
        c.constructor === Uint8Array ? c : new Uint8Array(c.buffer, c.byteOffset, c.byteLength),
      )
      if (error) return error
      bytes += next.value.length
      o.onProgress?.(bytes)
    }
  } finally {
    // Stop the source early (close the file) when reading ends before it does.
    void chunks.return?.()
  }
}
