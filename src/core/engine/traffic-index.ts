import { isSuccess } from '../methods'
import { isPreflight } from '../preflight'
import type { Exchange } from '../types'
import { endpointOf, originOf } from '../url'

/** A success the server itself sent: evidence that it implements the method. */
function isServerSuccess(x: Exchange): boolean {
  return isSuccess(x.status) && !isPreflight(x) && !x.viaServiceWorker
}

/**
 * Which methods got a 2xx, by endpoint: what findings need of the plain successes, which are
 * otherwise dropped (see QUIET_HOPS_KEPT).
 */
export class TrafficIndex {
  /** One method as a plain string, a Set only once there are more: most endpoints see one method. */
  private byEndpoint = new Map<string, string | Set<string>>()
  /** The same methods by origin: a 501 says the server as a whole lacks a method. */
  private byOrigin = new Map<string, Set<string>>()

  /** Records a server success. Returns its endpoint when the method is new there, else null. */
  note(x: Exchange): string | null {
    if (!isServerSuccess(x)) return null
    const origin = originOf(x.url)
    const atOrigin = this.byOrigin.get(origin)
    if (atOrigin) atOrigin.add(x.method)
    else this.byOrigin.set(origin, new Set([x.method]))
    const ep = endpointOf(x.url)
    const seen = this.byEndpoint.get(ep)
    if (seen === undefined) this.byEndpoint.set(ep, x.method)
    else if (typeof seen === 'string') {
      if (seen === x.method) return null
      this.byEndpoint.set(ep, new Set([seen, x.method]))
    } else {
      if (seen.has(x.method)) return null
      seen.add(x.method)
    }
    return ep
  }

  /** The methods that got a 2xx at this URL's endpoint, if any did. */
  methodsAt(url: string): ReadonlySet<string> | undefined {
    const seen = this.byEndpoint.get(endpointOf(url))
    return typeof seen === 'string' ? new Set([seen]) : seen
  }

  /** Did another method get a 2xx on this URL? Then the path exists without probing it. */
  knownToExist(url: string, method: string): boolean {
    const seen = this.byEndpoint.get(endpointOf(url))
    return (
      seen !== undefined && (typeof seen === 'string' ? seen !== method : [...seen].some((m) => m !== method))
    )
  }

  /** The methods that got a 2xx anywhere on this URL's origin. */
  methodsAtOrigin(url: string): ReadonlySet<string> | undefined {
    return this.byOrigin.get(originOf(url))
  }

  clear(): void {
    this.byOrigin.clear()
    this.byEndpoint.clear()
  }
}
