import type { EntrySource } from '../core/chains'
import type { CaptureDeps } from './capture-deps'

/** Entries processed per slice before yielding, so a burst never blocks DevTools. */
const SLICE_ENTRIES = 400
const SLICE_MS = 8

interface Queued {
  entry: unknown
  source: EntrySource
  round: number
}

export interface EntryQueueOptions {
  /** Analyses one entry; a throw is noted and capture goes on. */
  take(entry: unknown, source: EntrySource, round: number): void
  /** After each slice: its results are ready to publish. */
  sliced(): void
}

/**
 * Entries waiting for the engine, taken in slices of at most SLICE_ENTRIES or SLICE_MS with a
 * yield between them: a 100k-entry backfill must not freeze the DevTools window.
 */
export class EntryQueue {
  private queue: Queued[] = []
  /** Read position in `queue`: shift() on a 100k backfill is quadratic. */
  private head = 0
  private draining = false
  private failures = 0

  constructor(
    private readonly deps: Pick<CaptureDeps, 'later' | 'now'>,
    private readonly o: EntryQueueOptions,
  ) {}

  push(entry: unknown, source: EntrySource, round: number): void {
    this.queue.push({ entry, source, round })
    if (!this.draining) {
      this.draining = true
      this.deps.later(() => this.drain(), 0)
    }
  }

  /** Entries are still waiting: a burst is being taken in. */
  get busy(): boolean {
    return this.head < this.queue.length
  }

  clear(): void {
    this.queue = []
    this.head = 0
  }

  private drain(): void {
    const started = this.deps.now()
    let n = 0
    while (this.head < this.queue.length && n < SLICE_ENTRIES && this.deps.now() - started < SLICE_MS) {
      const { entry, source, round } = this.queue[this.head++]!
      n++
      try {
        this.o.take(entry, source, round)
      } catch (err) {
        // One bad entry must never stop capture: note it and go on.
        this.failures++
        if (this.failures <= 3)
          console.warn(
            '[method-doctor] could not analyse an entry:',
            err instanceof Error ? err.message : String(err),
          )
      }
    }
    if (this.head >= this.queue.length) {
      this.queue = []
      this.head = 0
    } else if (this.head > 4096) {
      this.queue = this.queue.slice(this.head)
      this.head = 0
    }
    this.o.sliced()
    if (this.queue.length > 0) this.deps.later(() => this.drain(), 0)
    else this.draining = false
  }
}
