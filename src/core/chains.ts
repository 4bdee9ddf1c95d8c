import { isRedirect, methodAfterRedirect } from './methods'
import { isPreflight } from './preflight'
import type { Exchange } from './types'

/**
 * One request as the linker holds it: a hop in a redirect chain, linked to its neighbours as they
 * are matched, in any arrival order. (A finding's `chain` lists plain `Hop` records from types.ts.)
 */
export interface ChainLink {
  x: Exchange
  prev: ChainLink | null
  next: ChainLink | null
  /** Where the entry came from: copies are only ever merged across sources. */
  source?: EntrySource
}

/**
 * `event`: onRequestFinished, Playwright events, or one HAR file (every entry is its own request);
 * `backfill`: getHAR(), which repeats requests the events also deliver;
 * `body`: the same event entry again, now with its response body.
 */
export type EntrySource = 'event' | 'backfill' | 'body'

/** Clock slack between a redirect and its follow-up (HAR times are ms, sometimes rounded). */
const SLACK_MS = 50
/** Unclaimed non-redirect hops kept for late redirects (Firefox can deliver the GET before its 302). */
const UNCLAIMED_LIMIT = 4096
export const MAX_HOPS = 50

/** When a request started, or its arrival order when the HAR has no usable time. */
export function timeOf(x: Exchange): number {
  return Number.isFinite(x.start) ? x.start : x.seq
}

/** Links redirect hops into chains by URL and time, not arrival order. */
export class ChainLinker {
  /** Redirect hops still waiting for their follow-up, by resolved target URL. */
  private waiting = new Map<string, ChainLink[]>()
  /** Hops without a predecessor yet, by URL, bounded FIFO. */
  private unclaimed = new Map<string, ChainLink[]>()
  private unclaimedOrder: ChainLink[] = []
  /** Redirect hops still waiting, oldest first: a claimed one leaves at once (it holds its chain). */
  private waitingOrder = new Set<ChainLink>()

  link(hop: ChainLink): void {
    const x = hop.x
    if (isPreflight(x)) return
    // 1. Is this the follow-up of a redirect we already have?
    const candidates = this.waiting.get(x.url)
    if (candidates && hop.prev === null) {
      let best = -1
      for (let i = 0; i < candidates.length; i++) {
        const r = candidates[i]!
        if (
          r.next === null &&
          follows(r.x, x) &&
          timeOf(r.x) <= timeOf(x) + SLACK_MS &&
          !descends(r, hop) &&
          (best < 0 || timeOf(r.x) > timeOf(candidates[best]!.x))
        )
          best = i
      }
      if (best >= 0) {
        const r = candidates[best]!
        candidates.splice(best, 1)
        if (candidates.length === 0) this.waiting.delete(x.url)
        this.waitingOrder.delete(r)
        r.next = hop
        hop.prev = r
      }
    }
    // 2. Is its own follow-up already here?
    if (isRedirect(x) && hop.next === null) {
      const followers = this.unclaimed.get(x.redirectURL)
      let best = -1
      if (followers) {
        for (let i = 0; i < followers.length; i++) {
          const f = followers[i]!
          if (
            f.prev === null &&
            f !== hop &&
            follows(x, f.x) &&
            timeOf(f.x) + SLACK_MS >= timeOf(x) &&
            // A redirect loop must not close into a cycle.
            !descends(hop, f) &&
            (best < 0 || timeOf(f.x) < timeOf(followers[best]!.x))
          )
            best = i
        }
      }
      if (best >= 0 && followers) {
        const f = followers[best]!
        followers.splice(best, 1)
        if (followers.length === 0) this.unclaimed.delete(x.redirectURL)
        f.prev = hop
        hop.next = f
      } else {
        const list = this.waiting.get(x.redirectURL)
        if (list) list.push(hop)
        else this.waiting.set(x.redirectURL, [hop])
        this.waitingOrder.add(hop)
        if (this.waitingOrder.size > UNCLAIMED_LIMIT * 2) this.pruneWaiting()
      }
    }
    if (hop.prev === null) this.remember(hop)
  }

  /** Redirects whose follow-up never came (redirect: 'manual') must not pile up forever. */
  private pruneWaiting(): void {
    const drop = [...this.waitingOrder].slice(0, this.waitingOrder.size - UNCLAIMED_LIMIT)
    for (const old of drop) {
      this.waitingOrder.delete(old)
      const l = this.waiting.get(old.x.redirectURL)
      if (!l) continue
      const i = l.indexOf(old)
      if (i >= 0) l.splice(i, 1)
      if (l.length === 0) this.waiting.delete(old.x.redirectURL)
    }
  }

  private remember(hop: ChainLink): void {
    const list = this.unclaimed.get(hop.x.url)
    if (list) list.push(hop)
    else this.unclaimed.set(hop.x.url, [hop])
    this.unclaimedOrder.push(hop)
    if (this.unclaimedOrder.length > UNCLAIMED_LIMIT * 2) {
      const drop = this.unclaimedOrder.splice(0, this.unclaimedOrder.length - UNCLAIMED_LIMIT)
      for (const old of drop) {
        const l = this.unclaimed.get(old.x.url)
        if (!l) continue
        const i = l.indexOf(old)
        if (i >= 0) l.splice(i, 1)
        if (l.length === 0) this.unclaimed.delete(old.x.url)
      }
    }
  }

  clear(): void {
    this.waiting.clear()
    this.unclaimed.clear()
    this.unclaimedOrder = []
    this.waitingOrder.clear()
  }
}

/** Could `next` be the request a browser sent after redirect `r`? Same method, or the rewritten one. */
function follows(r: Exchange, next: Exchange): boolean {
  return next.method === r.method || next.method === methodAfterRedirect(r.method, r.status)
}

/** Is `a` reachable from `b` by following `prev` links (so linking b → a would close a cycle)? */
function descends(a: ChainLink, b: ChainLink): boolean {
  let h: ChainLink | null = a
  for (let i = 0; h && i <= MAX_HOPS; i++, h = h.prev) if (h === b) return true
  return false
}

export function headOf(hop: ChainLink): ChainLink {
  let h = hop
  for (let i = 0; i < MAX_HOPS && h.prev; i++) h = h.prev
  return h
}

export function chainFrom(head: ChainLink): Exchange[] {
  const out: Exchange[] = []
  const seen = new Set<ChainLink>()
  for (let h: ChainLink | null = head; h && out.length < MAX_HOPS && !seen.has(h); h = h.next) {
    seen.add(h)
    out.push(h.x)
  }
  return out
}

const NO_HEADERS: ReadonlyMap<string, readonly string[]> = new Map()

/** Keeps what a settled link still needs later (method, URL, status, times) and drops its headers and body. */
export function dropDetail(link: ChainLink): void {
  const { initiator: _, ...x } = link.x
  link.x = { ...x, requestHeaders: NO_HEADERS, responseHeaders: NO_HEADERS, body: '' }
}
