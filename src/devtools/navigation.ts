import type { EntrySource } from '../core/chains'
import type { CaptureDeps } from './capture-deps'
import { newPageEntries, pruneRecent, type RecentEntry, recentEntry } from './carry-over'

export interface NavigationOptions {
  /** An entry from DevTools' log, taken in like any other. */
  add(entry: unknown, source: EntrySource, round: number): void
  /** An entry a navigation kept: queued for the engine again after the clear. */
  requeue(entry: unknown): void
  /** Empties the capture; calls `cleared()` back. */
  clear(): void
}

/**
 * What a navigation does to the capture, as in the Network panel: it clears, keeps the entries of
 * the new page that arrived before the event (carry-over.ts), and reads DevTools' log again
 * (backfill-policy.ts). Each clear starts an epoch: data fetched under an older one is dropped.
 */
export class Navigation {
  private generation = 0
  private rounds = 0
  /** Events of the last second, for a navigation reported after its document (carry-over.ts). */
  private recent: RecentEntry[] = []
  /** Entries a navigation kept: their bodies, fetched under the old epoch, are still wanted. */
  private carried = new WeakSet<object>()

  constructor(
    private readonly deps: Pick<CaptureDeps, 'getHAR' | 'backfill' | 'later' | 'now'>,
    private readonly o: NavigationOptions,
  ) {}

  /** Changes on every clear: late data (a body fetched before a navigation) can be recognised and dropped. */
  get epoch(): number {
    return this.generation
  }

  /** An entry from onRequestFinished: it may turn out to be the next page's. */
  received(entry: unknown): void {
    const r = recentEntry(entry, this.deps.now())
    if (r) this.recent = pruneRecent([...this.recent, r], r.received)
  }

  /** Whether a body read under `epoch` for `original` still belongs to the capture. */
  accepts(original: unknown, epoch: number): boolean {
    const kept = typeof original === 'object' && original !== null && this.carried.has(original)
    return epoch === this.generation || kept
  }

  /** Reads DevTools' log; dropped if the capture was cleared meanwhile. */
  async backfill(): Promise<void> {
    const generation = this.generation
    let entries: unknown[] = []
    try {
      entries = await this.deps.getHAR()
    } catch {
      return
    }
    if (generation !== this.generation) return
    const round = ++this.rounds
    for (const e of entries) this.o.add(e, 'backfill', round)
  }

  /** A main-frame navigation to `url` ('' unknown) with Preserve log off. */
  navigated(url: string): void {
    const carried = url === '' ? [] : newPageEntries(this.recent, url, this.deps.now())
    this.o.clear()
    // They keep the time they arrived: a reload a second later must not carry them again.
    this.recent = carried
    for (const r of carried) {
      if (typeof r.entry === 'object' && r.entry !== null) this.carried.add(r.entry)
      this.o.requeue(r.entry)
    }
    // After a navigation getHAR() holds only the new page's requests: the browser's own boundary.
    // Requests finishing while the navigation commits can miss both the event and the first
    // backfill; backfills are idempotent, so look again shortly after.
    const generation = this.generation
    for (const ms of this.deps.backfill.afterNavigation)
      if (ms === 0) void this.backfill()
      else this.deps.later(() => generation === this.generation && void this.backfill(), ms)
  }

  /** The capture was emptied (a navigation or Clear): a new epoch begins. */
  cleared(): void {
    this.generation++
    this.recent = []
    this.carried = new WeakSet()
  }
}
