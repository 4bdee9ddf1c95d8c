import { type ChainLink, dropDetail, type EntrySource } from '../chains'
import { normalizeEntry } from '../har'
import { hash64 } from '../hash'
import { isRedirect } from '../methods'
import { isPreflight } from '../preflight'
import type { Exchange } from '../types'

/**
 * Plain successes kept as links (for merging a late copy into them). Older ones are dropped: their
 * copies are still recognised by count (`copies`), the chain linker keeps its own bounded window
 * for late redirects, and the traffic index keeps what findings need (which methods worked per endpoint).
 */
export const QUIET_HOPS_KEPT = 4096

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
  private copies = new Map<string, { event: number; backfill: number }>()
  private round = -1
  private roundSeen = new Map<string, number>()
  private quietOrder: ChainLink[] = []
  entries = 0
  /** Entries the page's service worker answered: not analysed as the server's answers. */
  serviceWorkerAnswers = 0

  constructor(private readonly quietKept: number) {}

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
    // duration), as a 64-bit hash: the whole URL would otherwise stay here for every request.
    const id = hash64(`${x.key}\n${x.status}`)
    const counts = this.copies.get(id) ?? { event: 0, backfill: 0 }
    this.copies.set(id, counts)
    // How many of these identical-looking requests exist: events count one by one, a getHAR()
    // result lists them all, so it counts by its own occurrences.
    let copy: boolean
    if (source === 'event') {
      copy = counts.event < counts.backfill
      counts.event++
    } else {
      if (round !== this.round) {
        this.round = round
        this.roundSeen.clear()
      }
      const nth = (this.roundSeen.get(id) ?? 0) + 1
      this.roundSeen.set(id, nth)
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
    for (const old of this.quietOrder.splice(0, this.quietOrder.length - this.quietKept)) {
      const list = this.byKey.get(old.x.key)
      const i = list ? list.indexOf(old) : -1
      if (i < 0) continue
      list!.splice(i, 1)
      if (list!.length === 0) this.byKey.delete(old.x.key)
    }
  }

  /** Forgets every request held; arrival numbering goes on. */
  clear(): void {
    this.byKey.clear()
    this.copies.clear()
    this.roundSeen.clear()
    this.quietOrder = []
    this.entries = 0
    this.serviceWorkerAnswers = 0
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
