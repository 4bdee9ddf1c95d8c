/**
 * Ids per generation: two generations keep the last 16,384 to 32,768 requests' copy counts, at
 * most 6 MB. A getHAR() copy of a request the events also delivered comes at most seconds after it
 * (backfills run when the panel opens and right after navigations: src/devtools/backfill-policy.ts),
 * so the window needs only cover that; what is older than it is judged by its start (`horizon`).
 */
export const COPY_IDS_PER_GENERATION = 16_384

/** How many identical-looking requests each source reported (see Intake.admit). */
export interface CopyCounts {
  event: number
  backfill: number
  /** The getHAR() round `nth` counts in (Intake's round epoch). */
  epoch: number
  /** Occurrences in that round so far. */
  nth: number
  /** When the request started: what the horizon is made of once its id ages out. */
  start: number
}

/**
 * The copy counts of recent requests, by id: two rotating generations, an id found in the older
 * one moving back into the newer. When a generation is dropped, `horizon` becomes the latest start
 * among its requests: a request that started no later than that and is not in the window may
 * have been counted long ago.
 */
export class CopyWindow {
  private current = new Map<number, CopyCounts>()
  private previous = new Map<number, CopyCounts>()
  private currentLatest = Number.NEGATIVE_INFINITY
  private previousLatest = Number.NEGATIVE_INFINITY
  /** Requests that started no later than this may have aged out (−∞ while none has). */
  horizon = Number.NEGATIVE_INFINITY

  constructor(private readonly perGeneration = COPY_IDS_PER_GENERATION) {}

  get(id: number): CopyCounts | undefined {
    const now = this.current.get(id)
    if (now) return now
    const old = this.previous.get(id)
    if (old) {
      this.previous.delete(id)
      this.add(id, old)
    }
    return old
  }

  add(id: number, counts: CopyCounts): void {
    if (this.current.size >= this.perGeneration) this.rotate()
    this.current.set(id, counts)
    if (counts.start > this.currentLatest) this.currentLatest = counts.start
  }

  clear(): void {
    this.current.clear()
    this.previous.clear()
    this.currentLatest = Number.NEGATIVE_INFINITY
    this.previousLatest = Number.NEGATIVE_INFINITY
    this.horizon = Number.NEGATIVE_INFINITY
  }

  private rotate(): void {
    if (this.previous.size > 0 && this.previousLatest > this.horizon) this.horizon = this.previousLatest
    this.previous = this.current
    this.previousLatest = this.currentLatest
    this.current = new Map()
    this.currentLatest = Number.NEGATIVE_INFINITY
  }
}
