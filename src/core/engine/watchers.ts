import type { ChainLink } from '../chains'
import { probeKey } from '../keys'
import type { Exchange } from '../types'
import { endpointOf } from '../url'

/**
 * Chains to re-evaluate when something they depend on arrives: a probe answer for their final
 * request (by probe key), or traffic showing another method working at their endpoint.
 */
export class Watchers {
  private byProbeKey = new Map<string, Set<ChainLink>>()
  private byEndpoint = new Map<string, Set<ChainLink>>()

  /** `key` is the probe key of the chain's final request, `url` its URL. */
  watch(head: ChainLink, key: string, url: string): void {
    addTo(this.byProbeKey, key, head)
    addTo(this.byEndpoint, endpointOf(url), head)
  }

  unwatch(head: ChainLink, final: Exchange): void {
    this.byProbeKey.get(probeKey(final.method, final.url))?.delete(head)
    this.byEndpoint.get(endpointOf(final.url))?.delete(head)
  }

  /** The chains waiting for this probe, as a copy: re-evaluating them changes the sets. */
  awaitingProbe(key: string): ChainLink[] {
    return [...(this.byProbeKey.get(key) ?? [])]
  }

  /** The chains whose findings depend on traffic at this endpoint, as a copy. */
  atEndpoint(endpoint: string): ChainLink[] {
    return [...(this.byEndpoint.get(endpoint) ?? [])]
  }

  /** Every watched chain (each is under a probe key as well as under its endpoint). */
  *heads(): Iterable<ChainLink> {
    for (const set of this.byProbeKey.values()) yield* set
  }

  clear(): void {
    this.byProbeKey.clear()
    this.byEndpoint.clear()
  }
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key)
  if (set) set.add(value)
  else map.set(key, new Set([value]))
}
