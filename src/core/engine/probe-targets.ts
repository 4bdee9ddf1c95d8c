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

/**
 * Probe answers kept (the oldest out first) and probe keys remembered as asked. Probes are rate
 * limited per origin, so 4,096 answers cover hours of a session, and 16k keys as many distinct
 * failing endpoints. An endpoint let go is asked again if it fails again.
 */
export const PROBE_RESULTS_KEPT = 4096
export const PROBES_ASKED_KEPT = 16_384

/** Which endpoints to probe (each once, until the user asks again) and what the probes answered. */
export class ProbeTargets {
  private results = new Map<string, ProbeResult>()
  private asked = new Set<string>()
  private fresh: ProbeTarget[] = []

  constructor(
    private readonly resultsKept = PROBE_RESULTS_KEPT,
    private readonly askedKept = PROBES_ASKED_KEPT,
  ) {}

  /** Stores an answer; its `endpoint` is the probe key it was asked under. */
  record(result: ProbeResult): void {
    this.results.delete(result.endpoint)
    this.results.set(result.endpoint, result)
    if (this.results.size > this.resultsKept) this.forget(this.results.keys().next().value!)
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
      if (this.asked.size > this.askedKept) this.asked.delete(this.asked.keys().next().value!)
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
