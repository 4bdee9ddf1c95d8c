/** Why a request was given up: the worker restarted twice while it was out. */
export const WORKER_RESTARTED = 'worker-restarted'

/** Hands out request ids, one sequence per devtools page, so ids never repeat across tables. */
export type IdSource = () => number

export function idSource(): IdSource {
  let next = 1
  return () => next++
}

export interface PendingLink<T> {
  /** Sends request `id` to the worker; `again` on the re-send after a worker restart. */
  send(id: number, request: T, again: boolean): void
  /** The request was lost a second time: tell the user, it will not be answered. */
  giveUp(request: T, reason: typeof WORKER_RESTARTED): void
}

/**
 * Requests sent to the background worker, remembered until answered. A stopped worker (Chrome's
 * idle MV3 worker, Firefox's suspended event page) forgets what it was asked, so each request is
 * sent once more to the new worker; a request lost twice is given up, so nothing waits forever.
 */
export class PendingRequests<T> {
  private readonly pending = new Map<number, { request: T; retried: boolean }>()
  /** The pending id of each key: found at once, however many requests are out (a storm's probes). */
  private readonly byKey = new Map<string, number>()

  /**
   * `keyOf`: requests with the same key are for the same thing, and a newer one supersedes the
   * one still pending (its late answer is then ignored).
   */
  constructor(
    private readonly link: PendingLink<T>,
    private readonly ids: IdSource = idSource(),
    private readonly keyOf?: (request: T) => string,
  ) {}

  /** Remembers `request` under a new id and sends it. */
  send(request: T): number {
    const key = this.keyOf?.(request)
    if (key !== undefined) {
      const old = this.byKey.get(key)
      if (old !== undefined) this.pending.delete(old)
    }
    const id = this.ids()
    this.pending.set(id, { request, retried: false })
    if (key !== undefined) this.byKey.set(key, id)
    this.link.send(id, request, false)
    return id
  }

  /** The request an answer is for, forgotten from now on; undefined for an unknown, late or repeated id. */
  answer(id: number): T | undefined {
    const p = this.pending.get(id)
    if (!p) return undefined
    this.remove(id, p.request)
    return p.request
  }

  clear(): void {
    this.pending.clear()
    this.byKey.clear()
  }

  /** A new worker took over: re-send each request once; give up those already re-sent. */
  reconnected(): void {
    for (const [id, p] of [...this.pending]) {
      if (p.retried) {
        this.remove(id, p.request)
        this.link.giveUp(p.request, WORKER_RESTARTED)
        continue
      }
      p.retried = true
      this.link.send(id, p.request, true)
    }
  }

  private remove(id: number, request: T): void {
    this.pending.delete(id)
    const key = this.keyOf?.(request)
    if (key !== undefined && this.byKey.get(key) === id) this.byKey.delete(key)
  }
}
