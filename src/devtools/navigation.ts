import type { EntrySource } from '../core/chains'
import { entryStart } from '../core/har'
import type { CaptureDeps } from './capture-deps'
import { newPageEntries, pruneRecent, type RecentEntry, recentEntry } from './carry-over'
import { pageStart } from './page-boundary'

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
  /**
   * Where the capture last began again: DevTools' log still lists earlier requests when its own
   * Preserve log is on (or after Clear), and a re-read must not bring them back.
   */
  private boundary: { at: number; url: string } | null = null

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
    const since = this.since(entries)
    for (const e of entries) if (since === null || !startedBefore(e, since)) this.o.add(e, 'backfill', round)
  }

  /** The earliest start a re-read may take in: the new page's first request, or the Clear. */
  private since(entries: readonly unknown[]): number | null {
    const b = this.boundary
    if (!b) return null
    return b.url === '' ? b.at : pageStart(entries, b.url, b.at)
  }

  /** A main-frame navigation to `url` ('' unknown) with Preserve log off. */
  navigated(url: string): void {
    const now = this.deps.now()
    const carried = url === '' ? [] : newPageEntries(this.recent, url, now)
    this.o.clear()
    this.boundary = { at: now, url }
    // They keep the time they arrived: a reload a second later must not carry them again.
    this.recent = carried
    for (const r of carried) {
      if (typeof r.entry === 'object' && r.entry !== null) this.carried.add(r.entry)
      this.o.requeue(r.entry)
    }
    // Requests finishing while the navigation commits can miss both the event and the first
    // backfill; backfills are idempotent (and bounded by the new page's start), so look again.
    const generation = this.generation
    for (const ms of this.deps.backfill.afterNavigation)
      if (ms === 0) void this.backfill()
      else this.deps.later(() => generation === this.generation && void this.backfill(), ms)
  }

  /** The capture was emptied (a navigation or Clear): a new epoch begins. */
  cleared(): void {
    // A Clear starts from now; navigated() narrows it to the new page right after.
    this.boundary = { at: this.deps.now(), url: '' }
    this.generation++
    this.recent = []
    this.carried = new WeakSet()
  }
}

/** Started before `since` (an entry without a start time cannot be placed, so it is kept). */
function startedBefore(entry: unknown, since: number): boolean {
  const start = entryStart(entry)
  return Number.isFinite(start) && start < since
}
