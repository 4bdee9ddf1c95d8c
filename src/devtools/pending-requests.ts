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

  constructor(
    private readonly link: PendingLink<T>,
    private readonly ids: IdSource = idSource(),
  ) {}

  /** Remembers `request` under a new id and sends it. */
  send(request: T): number {
    const id = this.ids()
    this.pending.set(id, { request, retried: false })
    this.link.send(id, request, false)
    return id
  }

  /** The request an answer is for, forgotten from now on; undefined for an unknown, late or repeated id. */
  answer(id: number): T | undefined {
    const p = this.pending.get(id)
    if (!p) return undefined
    this.pending.delete(id)
    return p.request
  }

  /** Forgets requests a newer one supersedes: a late answer to them is then ignored. */
  forget(test: (request: T) => boolean): void {
    for (const [id, p] of [...this.pending]) if (test(p.request)) this.pending.delete(id)
  }

  clear(): void {
    this.pending.clear()
  }

  /** A new worker took over: re-send each request once; give up those already re-sent. */
  reconnected(): void {
    for (const [id, p] of [...this.pending]) {
      if (p.retried) {
        this.pending.delete(id)
        this.link.giveUp(p.request, WORKER_RESTARTED)
        continue
      }
      p.retried = true
      this.link.send(id, p.request, true)
    }
  }
}
