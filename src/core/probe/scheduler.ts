import type { ProbeResult } from '../types'

export interface ProbeLimits {
  maxInFlight: number
  perOriginPerMinute: number
  cacheMs: number
  /** A probe waiting longer than this for a rate slot is given up (reported as refused). */
  maxQueueMs: number
}

export const DEFAULT_LIMITS: ProbeLimits = {
  maxInFlight: 4,
  perOriginPerMinute: 10,
  cacheMs: 60_000,
  maxQueueMs: 60_000,
}

export interface SchedulerDeps {
  now: () => number
  sleep: (ms: number) => Promise<void>
  /** Told after every change of the budget or the cache, so a host can keep a snapshot. */
  changed?: () => void
}

/** What a restarted worker needs to keep the limits: requests sent and answers cached, with times. */
export interface SchedulerSnapshot {
  sent: Record<string, number[]>
  cache: Record<string, { at: number; result: ProbeResult }>
}

/** Keeps a snapshot small: the newest answers only. */
const SNAPSHOT_CACHE_MAX = 200

/** Counts requests per origin in a sliding one-minute window. */
export class OriginBudget {
  private sent = new Map<string, number[]>()
  constructor(
    private readonly perMinute: number,
    private readonly now: () => number,
  ) {}

  /** ms until `origin` may send `cost` more requests (0 = now). */
  waitFor(origin: string, cost = 1): number {
    const times = this.prune(origin)
    if (times.length + cost <= this.perMinute) return 0
    return times[times.length + cost - this.perMinute - 1]! + 60_000 - this.now()
  }

  take(origin: string): void {
    this.prune(origin).push(this.now())
  }

  /** Sends of the last minute, per origin. */
  snapshot(): Record<string, number[]> {
    const out: Record<string, number[]> = {}
    for (const origin of [...this.sent.keys()]) {
      const times = this.prune(origin)
      if (times.length > 0) out[origin] = [...times]
      else this.sent.delete(origin)
    }
    return out
  }

  restore(sent: Readonly<Record<string, readonly number[]>>): void {
    for (const [origin, times] of Object.entries(sent)) {
      if (!Array.isArray(times)) continue
      // A time after now (the clock went back) would hold the budget until the clock catches up.
      const now = this.now()
      const valid = times.filter((t) => typeof t === 'number' && Number.isFinite(t) && t <= now)
      this.sent.set(
        origin,
        [...(this.sent.get(origin) ?? []), ...valid].sort((a, b) => a - b),
      )
    }
  }

  private prune(origin: string): number[] {
    const cutoff = this.now() - 60_000
    const times = (this.sent.get(origin) ?? []).filter((t) => t > cutoff)
    this.sent.set(origin, times)
    return times
  }
}

/**
 * Runs probes under the limits: one per endpoint (joined while in flight, cached for a minute),
 * at most N in flight, at most M requests per origin per minute.
 */
export class ProbeScheduler {
  private cache = new Map<string, { at: number; result: ProbeResult }>()
  private running = new Map<string, Promise<ProbeResult>>()
  private inFlight = 0
  private waiters: (() => void)[] = []
  readonly budget: OriginBudget

  constructor(
    private readonly limits: ProbeLimits,
    private readonly deps: SchedulerDeps,
  ) {
    this.budget = new OriginBudget(limits.perOriginPerMinute, deps.now)
  }

  cached(endpoint: string): ProbeResult | undefined {
    const hit = this.cache.get(endpoint)
    if (hit && this.deps.now() - hit.at < this.limits.cacheMs) return hit.result
    return undefined
  }

  invalidate(endpoint: string): void {
    this.cache.delete(endpoint)
  }

  /** `work` sends the requests; it must call `acquire(origin)` before each one. */
  run(endpoint: string, work: () => Promise<ProbeResult>): Promise<ProbeResult> {
    const cached = this.cached(endpoint)
    if (cached) return Promise.resolve(cached)
    const joined = this.running.get(endpoint)
    if (joined) return joined
    const p = this.withSlot(work).then((result) => {
      // A probe cut short by the rate limit is not an answer: the next request may try again. Nor
      // is one that sent nothing (settled by that capture's own traffic): another may need asking.
      if (result.steps.length > 0 && !result.steps.some((s) => s.outcome === 'refused')) {
        this.cache.set(endpoint, { at: this.deps.now(), result })
        this.deps.changed?.()
      }
      return result
    })
    const tracked = p.finally(() => this.running.delete(endpoint))
    this.running.set(endpoint, tracked)
    return tracked
  }

  private async withSlot<T>(work: () => Promise<T>): Promise<T> {
    while (this.inFlight >= this.limits.maxInFlight) await new Promise<void>((r) => this.waiters.push(r))
    this.inFlight++
    try {
      return await work()
    } finally {
      this.inFlight--
      this.waiters.shift()?.()
    }
  }

  /**
   * Takes one request from the origin's budget, waiting while the wait stays under maxQueueMs.
   * Check and take happen in one step, so waiters woken together cannot overspend the budget.
   */
  async acquire(origin: string): Promise<boolean> {
    const deadline = this.deps.now() + this.limits.maxQueueMs
    for (;;) {
      const wait = this.budget.waitFor(origin)
      if (wait <= 0) {
        this.budget.take(origin)
        this.deps.changed?.()
        return true
      }
      if (this.deps.now() + wait > deadline) return false
      await this.deps.sleep(wait)
    }
  }

  get active(): number {
    return this.inFlight
  }

  snapshot(): SchedulerSnapshot {
    const now = this.deps.now()
    const fresh = [...this.cache]
      .filter(([, v]) => now - v.at < this.limits.cacheMs)
      .slice(-SNAPSHOT_CACHE_MAX)
    return { sent: this.budget.snapshot(), cache: Object.fromEntries(fresh) }
  }

  /** Takes back a snapshot (a restarted worker): nothing in it can loosen the limits. */
  restore(s: SchedulerSnapshot): void {
    this.budget.restore(s.sent ?? {})
    const now = this.deps.now()
    for (const [endpoint, v] of Object.entries(s.cache ?? {})) {
      if (
        typeof v?.at !== 'number' ||
        v.at > now ||
        now - v.at >= this.limits.cacheMs ||
        this.cache.has(endpoint)
      )
        continue
      this.cache.set(endpoint, v)
    }
  }
}
