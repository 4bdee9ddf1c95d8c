import { probeKey } from '../keys'
import { isPreflight, preflightMethod } from '../preflight'
import type { Exchange } from '../types'

/**
 * The last CORS preflight the browser sent for each method and endpoint. A request that ended with
 * no answer is a CORS refusal only when its own preflight shows it: this is where rules look.
 */
export class PreflightIndex {
  private byKey = new Map<string, Exchange>()

  /** Records a preflight; returns its key (`METHOD endpoint` of the call it guarded), else null. */
  note(x: Exchange): string | null {
    if (!isPreflight(x)) return null
    const method = preflightMethod(x)
    if (method === '') return null
    const key = probeKey(method, x.url)
    const seen = this.byKey.get(key)
    // The latest answer wins: a fixed server's 204 replaces an earlier 403.
    if (seen && Number.isFinite(seen.start) && seen.start > x.start) return null
    this.byKey.set(key, x)
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
