import type { Engine } from '../core/engine'
import { type CaptureStats, summarize } from '../shared/messages'
import type { CaptureDeps } from './capture-deps'

const PUBLISH_MS = 100

export interface PublisherOptions {
  engine: Engine
  stats(): CaptureStats
  /** Entries are still waiting for the engine. */
  busy(): boolean
  /** Published with nothing waiting: the burst is taken in, probes may start. */
  idle(): void
}

/**
 * Sends the engine's changes to the panel at most once per PUBLISH_MS, however fast entries come.
 * The first change after a quiet spell goes at once (the first failing request of a page shows
 * without waiting out the interval); the rest of a burst waits for the interval's end.
 */
export class Publisher {
  private queued = false
  private publishedEntries = 0
  private lastAt = Number.NEGATIVE_INFINITY

  constructor(
    private readonly deps: Pick<CaptureDeps, 'panel' | 'later' | 'now'>,
    private readonly o: PublisherOptions,
  ) {}

  schedule(): void {
    if (this.queued) return
    const wait = this.lastAt + PUBLISH_MS - this.deps.now()
    if (wait <= 0) {
      this.publish()
      return
    }
    this.queued = true
    this.deps.later(() => {
      this.queued = false
      this.publish()
    }, wait)
  }

  private publish(): void {
    this.lastAt = this.deps.now()
    const { engine } = this.o
    const { upserts, removed } = engine.takeChanges('listing')
    // Successful requests change no finding but do change the request count the panel shows.
    if (upserts.length > 0 || removed.length > 0 || engine.entries !== this.publishedEntries) {
      this.publishedEntries = engine.entries
      // Summaries: the list needs no more, and the whole findings stay here until a row is opened.
      this.deps.panel.send({
        type: 'devtools/changes',
        upserts: upserts.map(summarize),
        removed,
        stats: this.o.stats(),
      })
    }
    // Probes wait until a burst has been taken in: sent during it they queue behind the page's own
    // requests, and the storm's later entries may still join (or settle) the same endpoint.
    if (!this.o.busy()) this.o.idle()
  }
}
