import type { ChainLink } from '../chains'
import { probeKey } from '../keys'
import type { Exchange } from '../types'
import { endpointOf } from '../url'

/**
 * Watched chains that show no finding, the most recent kept at least: a suspect waits for a probe answer, a
 * preflight or traffic that comes seconds later, not thousands of requests later. Chains that show
 * a finding stay watched as long as the finding keeps them (finding-groups.ts bounds those).
 */
export const UNFLAGGED_WATCHED_KEPT = 1024

/** The chains under one key, which it knows, so a chain can leave it without the key's string. */
class Bucket extends Set<ChainLink> {
  constructor(
    readonly key: string,
    readonly index: Index,
  ) {
    super()
  }
}

type Index = Map<string, Bucket>

/**
 * Chains to re-evaluate when something they depend on arrives: a probe answer for their final
 * request (by probe key), traffic showing another method working at their endpoint, or a method
 * first working anywhere on their origin (chains whose rules read the origin).
 */
export class Watchers {
  private byProbeKey: Index = new Map()
  private byEndpoint: Index = new Map()
  private byOrigin: Index = new Map()
  /** Every watched chain, least recently watched first, with the buckets it is in. */
  private order = new Map<ChainLink, Bucket[]>()
  private limit: number

  /** `flagged`: the chain shows a finding, so it stays watched whatever its age. */
  constructor(
    private readonly flagged: (head: ChainLink) => boolean = () => false,
    private readonly unflaggedKept = UNFLAGGED_WATCHED_KEPT,
  ) {
    this.limit = unflaggedKept * 2
  }

  /** `key` is the probe key of the chain's final request, `url` its URL. */
  watch(head: ChainLink, key: string, url: string): void {
    this.register(head, bucketOf(this.byProbeKey, key), bucketOf(this.byEndpoint, endpointOf(url)))
  }

  /** The chain's verdict reads what its whole origin served. */
  watchOrigin(head: ChainLink, origin: string): void {
    this.register(head, bucketOf(this.byOrigin, origin))
  }

  /** Stops watching a chain everywhere it was registered. */
  unwatch(head: ChainLink, final: Exchange): void {
    removeFrom(this.byProbeKey.get(probeKey(final.method, final.url)), head)
    removeFrom(this.byEndpoint.get(endpointOf(final.url)), head)
    if (this.order.has(head)) this.release(head)
  }

  /** The chains waiting for this probe, as a copy: re-evaluating them changes the sets. */
  awaitingProbe(key: string): ChainLink[] {
    return [...(this.byProbeKey.get(key) ?? [])]
  }

  /** The chains whose findings depend on traffic at this endpoint, as a copy. */
  atEndpoint(endpoint: string): ChainLink[] {
    return [...(this.byEndpoint.get(endpoint) ?? [])]
  }

  /** The chains whose verdict reads this origin's methods, as a copy. */
  atOrigin(origin: string): ChainLink[] {
    return [...(this.byOrigin.get(origin) ?? [])]
  }

  /** Is some chain at this endpoint watched? Then its traffic matters. */
  watchesEndpoint(endpoint: string): boolean {
    return this.byEndpoint.has(endpoint)
  }

  /** Every watched chain (each is under a probe key as well as under its endpoint). */
  *heads(): Iterable<ChainLink> {
    for (const set of this.byProbeKey.values()) yield* set
  }

  clear(): void {
    this.byProbeKey.clear()
    this.byEndpoint.clear()
    this.byOrigin.clear()
    this.order.clear()
    this.limit = this.unflaggedKept * 2
  }

  /** Puts the chain in these buckets and moves it to the most recently watched end. */
  private register(head: ChainLink, ...into: Bucket[]): void {
    for (const b of into) b.add(head)
    const had = this.order.get(head)
    this.order.delete(head)
    // Most chains stay in the buckets they were first put in: the array is made once, at its size.
    const more = had ? into.filter((b) => !had.includes(b)) : into
    this.order.set(head, had && more.length > 0 ? [...had, ...more] : (had ?? into))
    this.bound()
  }

  /**
   * Past the limit, the least recently watched chains that show no finding are let go, down to
   * UNFLAGGED_WATCHED_KEPT; the limit then doubles what stays, so the pass is amortised.
   */
  private bound(): void {
    if (this.order.size <= this.limit) return
    const unflagged: ChainLink[] = []
    for (const head of this.order.keys()) if (!this.flagged(head)) unflagged.push(head)
    const drop = unflagged.length - this.unflaggedKept
    for (let i = 0; i < drop; i++) this.release(unflagged[i]!)
    this.limit = Math.max(this.unflaggedKept * 2, 2 * this.order.size)
  }

  private release(head: ChainLink): void {
    for (const b of this.order.get(head)!) removeFrom(b, head)
    this.order.delete(head)
  }
}

function bucketOf(index: Index, key: string): Bucket {
  let b = index.get(key)
  if (!b) {
    b = new Bucket(key, index)
    index.set(key, b)
  }
  return b
}

/** Removes a chain from a bucket, and the bucket once it is empty (keys are per URL). */
function removeFrom(b: Bucket | undefined, head: ChainLink): void {
  if (!b) return
  b.delete(head)
  if (b.size === 0 && b.index.get(b.key) === b) b.index.delete(b.key)
}
