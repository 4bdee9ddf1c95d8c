/**
 * The key formats shared by the engine, the capture controller and the panel. Kept tiny on
 * purpose: the panel imports it, and anything heavier here would pull the engine into its bundle.
 */
import { hash } from './hash'
import type { Finding, FindingKind } from './types'
import { endpointOf } from './url'

/** `METHOD endpoint`: the probe cache and limiter key. */
export function probeKey(method: string, url: string): string {
  return `${method} ${endpointOf(url)}`
}

/** The scheduler's cache key of a probe: answers with and without the user's cookies kept apart. */
export function probeCacheKey(endpoint: string, withCredentials: boolean): string {
  return withCredentials ? `${endpoint} +credentials` : endpoint
}

/** The key a finding's probe is stored under: its last hop's method and endpoint. */
export function findingProbeKey(f: Pick<Finding, 'chain' | 'request'>): string {
  const last = f.chain[f.chain.length - 1] ?? f.request
  return probeKey(last.method, last.url)
}

/** A finding's id: one per kind, method and endpoint, however many requests show it. */
export function findingId(kind: FindingKind, method: string, url: string): string {
  const k = `${kind}|${method}|${endpointOf(url)}`
  // Two 32-bit hashes: a collision would silently merge unrelated findings.
  return hash(k) + hash(`~${k}`)
}
