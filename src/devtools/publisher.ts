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

/** Sends the engine's changes to the panel at most once per PUBLISH_MS, however fast entries come. */
export class Publisher {
  private queued = false
  private publishedEntries = 0

  constructor(
    private readonly deps: Pick<CaptureDeps, 'panel' | 'later'>,
    private readonly o: PublisherOptions,
  ) {}

  schedule(): void {
    if (this.queued) return
    this.queued = true
    this.deps.later(() => {
      this.queued = false
      this.publish()
    }, PUBLISH_MS)
  }

  private publish(): void {
    const { engine } = this.o
    const { upserts, removed } = engine.takeChanges()
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
