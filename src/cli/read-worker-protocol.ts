/**
 * The messages between the CLI and its reading thread (read-worker.ts): the thread reads and scans
 * the HAR, the CLI's own thread runs the engine, so on two cores the two overlap.
 */
import type { HarStreamError, SkipReason } from '../core/har-stream'

/** What the thread is asked to read (workerData). */
export interface ReadJob {
  file: string
  maxEntryBytes: number
}

export type FromReader =
  /** Entries in file order, whole or lean, flattened (core/har-read/lean-wire.ts). */
  | { type: 'entries'; flat: unknown[] }
  | { type: 'skipped'; index: number; why: SkipReason }
  /** A later `entries` array won: forget what was handed over (HarStreamOptions.onRestart). */
  | { type: 'restart' }
  | { type: 'done'; error: HarStreamError | null }

/** The CLI has taken in this many batches: the thread may read ahead again. */
export type ToReader = { type: 'taken'; batches: number }

/** Batches the thread may send before it waits for the CLI to take them in: bounds memory. */
export const BATCHES_AHEAD = 4
