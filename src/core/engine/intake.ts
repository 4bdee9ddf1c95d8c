import { type ChainLink, dropDetail, type EntrySource } from '../chains'
import { normalizeEntry } from '../har'
import { hash53 } from '../hash'
import { isRedirect } from '../methods'
import { isPreflight } from '../preflight'
import type { Exchange } from '../types'
import { type CopyCounts, CopyWindow } from './copy-window'

/**
 * Plain successes kept as links (for merging a late copy into them). Older ones are dropped: their
 * copies are still recognised by count (`copies`, then by start time: CopyWindow), the chain linker
 * keeps its own bounded window for late redirects, and the traffic index keeps what findings need
 * (which methods worked per endpoint).
 */
export const QUIET_HOPS_KEPT = 4096
/**
 * Other links (failures, redirects, preflights, in-flight entries) kept where a late copy finds
 * them: a body re-delivery or a finished in-flight entry comes seconds later, not a thousand
 * failures later. The chains themselves live on in the linker, watchers and findings as needed.
 */
export const HELD_LINKS_KEPT = 1024

/** A chain that no rule can flag: one plain answer that is not an error. */
export function isQuiet(chain: readonly Exchange[]): boolean {
  if (chain.length !== 1) return false
  const x = chain[0]!
  return x.status !== 0 && x.status < 400 && !isRedirect(x) && !isPreflight(x)
}

/**
 * What an entry turned out to be: a new request (`added`, a fresh unlinked link), or a richer copy
 * of one already held (`richer`: now with a body; `finished`: an in-flight entry now answered).
 */
export interface Admitted {
  link: ChainLink
  change: 'added' | 'richer' | 'finished'
}

/**
 * Intake: tells new requests from copies of ones already counted, across the sources that repeat
 * them (events, getHAR() rounds, body re-deliveries), and merges a richer copy into the one held.
 */
export class Intake {
  private seq = 0
  /** Links held by exchange key (method, URL, start): where a late copy finds its twin. */
  private byKey = new Map<string, ChainLink[]>()
  /** Identical-looking entries: events seen, and the most any one getHAR() round listed. */
  private copies: CopyWindow
  private round = -1
  /** Moves on with every change of getHAR() round: a copy count's `nth` from another is stale. */
  private roundEpoch = 0
  private quietOrder: ChainLink[] = []
  private heldOrder: ChainLink[] = []
  entries = 0
  /** Entries the page's service worker answered: not analysed as the server's answers. */
  serviceWorkerAnswers = 0
  /**
   * getHAR() entries taken as already counted without their copy count: they started before the
   * copy window's horizon, so their event, if any, came long ago (see CopyWindow).
   */
  agedOutBackfills = 0

  constructor(
    private readonly quietKept: number,
    copyIdsPerGeneration?: number,
  ) {
    this.copies = new CopyWindow(copyIdsPerGeneration)
  }

  /** A HAR entry as an exchange numbered in arrival order, or null when unusable. */
  normalize(raw: unknown): Exchange | null {
    return normalizeEntry(raw, this.seq++)
  }

  /**
   * Identical-looking entries from one source are distinct requests (Firefox times are whole
   * milliseconds, so a burst repeats method, URL, start and duration); only a `backfill` copy of
   * an `event` (or the reverse) and a `body` upgrade are merged. `round` numbers one getHAR()
   * result: the same request is in every result, so backfills are idempotent, and identical
   * requests inside one result are still told apart. Null: a copy with nothing new.
   */
  admit(x: Exchange, source: EntrySource, round: number): Admitted | null {
    const same = this.byKey.get(x.key)
    if (source === 'body') return this.richer(same, x)
    // Method, URL, start and status (a getHAR() copy of a request still in flight can differ in
    // duration), as a 53-bit hash: the whole URL would otherwise stay here for every request.
    const id = hash53(`${x.key}\n${x.status}`)
    let counts = this.copies.get(id)
    if (!counts) {
      // Not in the window: a getHAR() copy of a request older than it was delivered long ago.
      if (source === 'backfill' && x.start <= this.copies.horizon) {
        this.agedOutBackfills++
        return this.richer(same, x)
      }
      counts = { event: 0, backfill: 0, epoch: -1, nth: 0, start: x.start } satisfies CopyCounts
      this.copies.add(id, counts)
    }
    // How many of these identical-looking requests exist: events count one by one, a getHAR()
    // result lists them all, so it counts by its own occurrences.
    let copy: boolean
    if (source === 'event') {
      copy = counts.event < counts.backfill
      counts.event++
    } else {
      if (round !== this.round) {
        this.round = round
        this.roundEpoch++
      }
      if (counts.epoch !== this.roundEpoch) {
        counts.epoch = this.roundEpoch
        counts.nth = 0
      }
      const nth = ++counts.nth
      copy = nth <= Math.max(counts.event, counts.backfill)
      counts.backfill = Math.max(counts.backfill, nth)
    }
    // Already counted: maybe a richer copy (a body, or a finished in-flight entry).
    if (copy) return this.richer(same, x)
    // An in-flight entry (status 0) that the other source now reports finished.
    const pending = x.status !== 0 ? same?.find((h) => h.x.status === 0 && h.source !== source) : undefined
    if (pending) return this.upgrade(pending, x)
    this.entries++
    if (x.viaServiceWorker) this.serviceWorkerAnswers++
    const link: ChainLink = { x, prev: null, next: null, source }
    if (same) same.push(link)
    else this.byKey.set(x.key, [link])
    return { link, change: 'added' }
  }

  /**
   * A lone success only needs method, URL and status later: drop its headers and body, and keep a
   * bounded number of them for late copies to find.
   */
  keepQuiet(link: ChainLink): void {
    dropDetail(link)
    this.quietOrder.push(link)
    if (this.quietOrder.length <= this.quietKept * 2) return
    for (const old of this.quietOrder.splice(0, this.quietOrder.length - this.quietKept)) this.release(old)
  }

  /** Any other link: kept for late copies in a window of its own (HELD_LINKS_KEPT). */
  keepHeld(link: ChainLink): void {
    this.heldOrder.push(link)
    if (this.heldOrder.length <= HELD_LINKS_KEPT * 2) return
    for (const old of this.heldOrder.splice(0, this.heldOrder.length - HELD_LINKS_KEPT)) this.release(old)
  }

  /** Forgets every request held; arrival numbering goes on. */
  clear(): void {
    this.byKey.clear()
    this.copies.clear()
    this.quietOrder = []
    this.heldOrder = []
    this.entries = 0
    this.serviceWorkerAnswers = 0
    this.agedOutBackfills = 0
  }

  /** A link late copies can no longer find. */
  private release(old: ChainLink): void {
    const list = this.byKey.get(old.x.key)
    const i = list ? list.indexOf(old) : -1
    if (i < 0) return
    list!.splice(i, 1)
    if (list!.length === 0) this.byKey.delete(old.x.key)
  }

  /** A copy with a body merged into its bodiless twin, if it has one. */
  private richer(same: ChainLink[] | undefined, x: Exchange): Admitted | null {
    const twin = same?.find((h) => h.x.status === x.status && h.x.body === '')
    return twin && x.body !== '' ? this.upgrade(twin, x) : null
  }

  /** Replaces a link's exchange with a richer copy, keeping its place in arrival order. */
  private upgrade(twin: ChainLink, x: Exchange): Admitted {
    const finished = twin.x.status === 0 && x.status !== 0
    twin.x = { ...x, seq: twin.x.seq }
    return { link: twin, change: finished ? 'finished' : 'richer' }
  }
}
