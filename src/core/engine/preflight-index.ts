import { probeKey } from '../keys'
import { isPreflight, preflightMethod } from '../preflight'
import type { Exchange } from '../types'

/**
 * Method and endpoint pairs whose last preflight is kept, least recently preflighted out first. A
 * call is listed within moments of its own preflight (before or after it), and a browser sends a
 * new preflight for each call it has not cached: older ones are never looked up again.
 */
export const PREFLIGHTS_KEPT = 1024

/**
 * The last CORS preflight the browser sent for each method and endpoint. A request that ended with
 * no answer is a CORS refusal only when its own preflight shows it: this is where rules look.
 */
export class PreflightIndex {
  private byKey = new Map<string, Exchange>()

  constructor(private readonly kept = PREFLIGHTS_KEPT) {}

  /** Records a preflight; returns its key (`METHOD endpoint` of the call it guarded), else null. */
  note(x: Exchange): string | null {
    if (!isPreflight(x)) return null
    const method = preflightMethod(x)
    if (method === '') return null
    const key = probeKey(method, x.url)
    const seen = this.byKey.get(key)
    // The latest answer wins: a fixed server's 204 replaces an earlier 403.
    if (seen && Number.isFinite(seen.start) && seen.start > x.start) return null
    this.byKey.delete(key)
    this.byKey.set(key, x)
    if (this.byKey.size > this.kept) this.byKey.delete(this.byKey.keys().next().value!)
    return key
  }

  /** The preflight for `method` to `url`, if the capture holds one. */
  for(method: string, url: string): Exchange | undefined {
    return this.byKey.get(probeKey(method, url))
  }

  clear(): void {
    this.byKey.clear()
  }
}
