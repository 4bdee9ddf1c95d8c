import { isSuccess } from '../methods'
import { isPreflight } from '../preflight'
import type { Exchange } from '../types'
import { endpointOf, originOf } from '../url'
import { AgedSketch } from './aged-sketch'

/**
 * Endpoints whose methods are kept exactly, least recently successful first out. At ~150 bytes an
 * endpoint, about 10 MB: every endpoint of an ordinary session, and the last 64k of a session on
 * ever-new URLs. Endpoints that matter (a finding or a watched chain there) are kept beyond it.
 */
export const EXACT_ENDPOINTS = 65_536
/** Endpoints kept for mattering are re-checked once their count doubles from this floor. */
const PINNED_FLOOR = 1024

/** A success the server itself sent: evidence that it implements the method. */
function isServerSuccess(x: Exchange): boolean {
  return isSuccess(x.status) && !isPreflight(x) && !x.viaServiceWorker
}

/** What the index knows worked at an endpoint. */
export interface TrafficRecall {
  methods: ReadonlySet<string>
  /** Those of `methods` known only from the sketch of aged-out traffic: likely, never certain. */
  recalled: ReadonlySet<string>
}

/** What a finding reads of the traffic: the methods at its endpoint and how far back memory goes. */
export interface TrafficView {
  at(url: string): TrafficRecall | undefined
  /** Traffic before this time may have aged out of memory altogether (null: nothing has). */
  agedOutBefore(): number | null
}

/** One method as a plain string, a Set only once there are more: most endpoints see one method. */
type Methods = string | Set<string>

/** An endpoint kept exactly: its methods, and whether it succeeded again since it last came round. */
interface Slot {
  methods: Methods
  used: boolean
}

const NONE: ReadonlySet<string> = new Set()
/** One-method sets, shared: every finding's context holds one (a capture uses a handful of methods). */
const SINGLES = new Map<string, ReadonlySet<string>>()
const SINGLES_KEPT = 64

function asSet(m: Methods | undefined): ReadonlySet<string> {
  if (m === undefined) return NONE
  if (typeof m !== 'string') return m
  let one = SINGLES.get(m)
  if (!one) {
    one = new Set([m])
    if (SINGLES.size < SINGLES_KEPT) SINGLES.set(m, one)
  }
  return one
}

function each(m: Methods, visit: (method: string) => void): void {
  if (typeof m === 'string') visit(m)
  else for (const x of m) visit(x)
}

/**
 * Which methods got a 2xx, by endpoint: what findings need of the plain successes, which are
 * otherwise dropped (see QUIET_HOPS_KEPT). Exact for the EXACT_ENDPOINTS most recently successful
 * endpoints and for those that matter; `METHOD endpoint` of the rest goes into a fixed-size sketch
 * (aged-sketch.ts), from which a lookup recovers the origin's methods that likely worked there,
 * marked as such. Origins are few and kept exactly.
 */
export class TrafficIndex implements TrafficView {
  /**
   * Oldest first, with a second chance instead of a move on every success (a Map delete and set per
   * request cost more than the rest of the index): a success marks its endpoint `used`; aging out
   * moves a used endpoint to the back, clearing the mark, and lets the first unused one go.
   */
  private recent = new Map<string, Slot>()
  /** Aged out of `recent` while something depended on them: exact, re-checked as they pile up. */
  private pinned = new Map<string, Methods>()
  /** Methods recovered from the sketch for endpoints looked up, so a finding keeps what it showed. */
  private recalled = new Map<string, ReadonlySet<string>>()
  private keptLimit = PINNED_FLOOR
  private sketch: AgedSketch
  /** The same methods by origin: a 501 says the server as a whole lacks a method. */
  private byOrigin = new Map<string, Set<string>>()
  /** The latest start of a success noted: when what ages out now was last seen, at the latest. */
  private latest = Number.NEGATIVE_INFINITY

  /** `matters`: an endpoint with a finding or a watched chain, kept exactly however old. */
  constructor(
    private readonly matters: (endpoint: string) => boolean = () => false,
    private readonly exactKept = EXACT_ENDPOINTS,
    sketch = new AgedSketch(),
  ) {
    this.sketch = sketch
  }

  /** Records a server success. Returns its endpoint when the method is new there, else null. */
  note(x: Exchange): string | null {
    if (!isServerSuccess(x)) return null
    if (x.start > this.latest) this.latest = x.start
    const origin = originOf(x.url)
    const atOrigin = this.byOrigin.get(origin)
    if (atOrigin) atOrigin.add(x.method)
    else this.byOrigin.set(origin, new Set([x.method]))
    const ep = endpointOf(x.url)
    const slot = this.recent.get(ep)
    if (slot !== undefined) {
      slot.used = true
      const seen = slot.methods
      if (typeof seen === 'string') {
        if (seen === x.method) return null
        slot.methods = new Set([seen, x.method])
      } else {
        if (seen.has(x.method)) return null
        seen.add(x.method)
      }
      return ep
    }
    const seen = this.pinned.get(ep)
    if (seen === undefined) {
      this.recent.set(ep, { methods: x.method, used: false })
      this.ageOut()
    } else if (typeof seen === 'string') {
      if (seen === x.method) return null
      this.pinned.set(ep, new Set([seen, x.method]))
    } else {
      if (seen.has(x.method)) return null
      seen.add(x.method)
    }
    return ep
  }

  /** The methods that got a 2xx at this URL's endpoint, if any did (or likely did). */
  at(url: string): TrafficRecall | undefined {
    const ep = endpointOf(url)
    const exact = this.recent.get(ep)?.methods ?? this.pinned.get(ep)
    const recalled = this.fromSketch(ep, url)
    if (recalled === undefined)
      return exact === undefined ? undefined : { methods: asSet(exact), recalled: NONE }
    // The kept recovery itself: findings' contexts share it rather than each holding a copy.
    if (exact === undefined) return { methods: recalled, recalled }
    const methods = new Set(asSet(exact))
    const only = new Set<string>()
    for (const m of recalled) {
      if (methods.has(m)) continue
      methods.add(m)
      only.add(m)
    }
    return { methods, recalled: only }
  }

  agedOutBefore(): number | null {
    return this.sketch.forgottenBefore
  }

  /**
   * Did another method get a 2xx on this URL? Then the path exists without probing it. Exact
   * memory only: a probe is cheap next to a likely answer.
   */
  knownToExist(url: string, method: string): boolean {
    const seen = this.recent.get(endpointOf(url))?.methods ?? this.pinned.get(endpointOf(url))
    return (
      seen !== undefined && (typeof seen === 'string' ? seen !== method : [...seen].some((m) => m !== method))
    )
  }

  /** The methods that got a 2xx anywhere on this URL's origin. */
  methodsAtOrigin(url: string): ReadonlySet<string> | undefined {
    return this.byOrigin.get(originOf(url))
  }

  clear(): void {
    this.byOrigin.clear()
    this.recent.clear()
    this.pinned.clear()
    this.recalled.clear()
    this.sketch.clear()
    this.keptLimit = PINNED_FLOOR
    this.latest = Number.NEGATIVE_INFINITY
  }

  /** Past the exact tier, the least recently successful endpoint goes: pinned if it matters, else sketched. */
  private ageOut(): void {
    while (this.recent.size > this.exactKept) {
      const [ep, slot] = this.recent.entries().next().value as [string, Slot]
      this.recent.delete(ep)
      if (slot.used) {
        // Succeeded again since it last came round: to the back, as the most recent.
        slot.used = false
        this.recent.set(ep, slot)
      } else if (this.matters(ep)) this.pinned.set(ep, slot.methods)
      else this.sketchOut(ep, slot.methods)
    }
    if (this.pinned.size + this.recalled.size > this.keptLimit) this.recheckKept()
  }

  private sketchOut(ep: string, methods: Methods): void {
    each(methods, (m) => this.sketch.add(`${m} ${ep}`, this.latest))
    // A recovery made before would miss what just went in: the next lookup asks the sketch again.
    this.recalled.delete(ep)
  }

  /** Drops what no longer matters from the kept maps; the limit doubles with what stays (amortised). */
  private recheckKept(): void {
    for (const [ep, methods] of this.pinned) {
      if (this.matters(ep)) continue
      this.pinned.delete(ep)
      this.sketchOut(ep, methods)
    }
    for (const ep of this.recalled.keys()) if (!this.matters(ep)) this.recalled.delete(ep)
    this.keptLimit = Math.max(PINNED_FLOOR, 2 * (this.pinned.size + this.recalled.size))
  }

  /**
   * The origin's methods the sketch says likely worked at this endpoint. A recovery is kept, so
   * what a finding showed does not vanish when the sketch later forgets it.
   */
  private fromSketch(ep: string, url: string): ReadonlySet<string> | undefined {
    if (this.sketch.empty) return undefined
    const known = this.recalled.get(ep)
    if (known) return known
    const candidates = this.byOrigin.get(originOf(url))
    if (!candidates) return undefined
    const found = new Set<string>()
    for (const m of candidates) if (this.sketch.has(`${m} ${ep}`)) found.add(m)
    if (found.size === 0) return undefined
    // Re-checked with the pinned ones as endpoints age out (by then its finding, if any, exists).
    this.recalled.set(ep, found)
    return found
  }
}
