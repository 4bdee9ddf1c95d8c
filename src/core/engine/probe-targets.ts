import { isRedirect } from '../methods'
import { isPreflight } from '../preflight'
import { RULE_BY_KIND } from '../rules'
import type { ProbeDepth, RuleHit } from '../rules/rule'
import type { Exchange, ProbeResult } from '../types'

export interface ProbeTarget {
  /** `METHOD endpoint`: the cache and limiter key. */
  endpoint: string
  method: string
  url: string
  /** Why the ladder may go past OPTIONS: some rule's `suspects` asked for the safe HEAD/GET steps. */
  suspect: boolean
}

/** Which endpoints to probe (each once, until the user asks again) and what the probes answered. */
export class ProbeTargets {
  private results = new Map<string, ProbeResult>()
  private asked = new Set<string>()
  private fresh: ProbeTarget[] = []

  /** Stores an answer; its `endpoint` is the probe key it was asked under. */
  record(result: ProbeResult): void {
    this.results.set(result.endpoint, result)
  }

  resultFor(key: string): ProbeResult | undefined {
    return this.results.get(key)
  }

  /**
   * Asks for a probe of where a chain ends when a rule wants one: it suspects the chain (`depth`),
   * or it hit and asks for a probe on a hit. `key` is the final request's probe key.
   */
  consider(key: string, chain: readonly Exchange[], depth: ProbeDepth, hits: readonly RuleHit[]): void {
    const first = chain[0]!
    const final = chain[chain.length - 1]!
    const wanted = depth !== 'none' || hits.some((h) => RULE_BY_KIND.get(h.kind)?.probeOnHit)
    // A chain still ending in a redirect waits for its follow-up: probe where it lands, not on the way.
    if (wanted && !isPreflight(first) && !isRedirect(final) && !this.asked.has(key) && final.status !== 0) {
      this.asked.add(key)
      this.fresh.push({ endpoint: key, method: final.method, url: final.url, suspect: depth === 'ladder' })
    }
  }

  /** Endpoints that need a probe, each reported once. */
  take(): ProbeTarget[] {
    const out = this.fresh
    this.fresh = []
    return out
  }

  /** Drops an answer so the endpoint is probed again (the user's "Probe again"). */
  forget(key: string): void {
    this.results.delete(key)
    this.asked.delete(key)
  }

  clear(): void {
    this.results.clear()
    this.asked.clear()
    this.fresh = []
  }
}
