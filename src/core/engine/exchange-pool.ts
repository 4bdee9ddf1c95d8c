import type { Initiator } from '../initiator'
import type { Exchange, HeaderMap } from '../types'

/** Distinct header lists kept for sharing; past it the pool starts afresh (what it gave stays shared). */
const MAX_LISTS = 512
/** Distinct values kept for sharing. */
const MAX_VALUES = 4096
/** Longer lists and values are rarely repeated: not worth a key that size. */
const MAX_LIST_KEY = 4096
const MAX_VALUE = 256

/** Distinct initiators kept for sharing, and the largest worth a key. */
const MAX_INITIATORS = 256
const MAX_INITIATOR_KEY = 8192

/**
 * One copy of each header list and initiator the engine keeps. The requests a page sends mostly carry the same
 * headers (user agent, client hints, fetch metadata, cookies), and an API's answers differ in a
 * date at most, yet each entry arrives with strings of its own: a failing endpoint's occurrence
 * held its headers' ~3.5 KB alone. A call site sends many requests with one stack. Shared parts
 * are read-only, as their types say.
 */
export class ExchangePool {
  private lists = new Map<string, HeaderMap>()
  private initiators = new Map<string, Initiator>()
  private values = new Map<string, readonly string[]>()
  private names = new Map<string, string>()

  /** Replaces the exchange's headers and initiator with shared equal ones. */
  shareParts(x: Exchange): void {
    x.requestHeaders = this.share(x.requestHeaders)
    x.responseHeaders = this.share(x.responseHeaders)
    if (x.initiator) x.initiator = this.initiator(x.initiator)
  }

  share(h: HeaderMap): HeaderMap {
    if (h.size === 0) return h
    let key = ''
    for (const [name, list] of h) {
      key += `${name}\u0000${list.join('\u0001')}\u0000`
      if (key.length > MAX_LIST_KEY) return this.rebuild(h)
    }
    const known = this.lists.get(key)
    if (known) return known
    const shared = this.rebuild(h)
    if (this.lists.size >= MAX_LISTS) this.lists.clear()
    this.lists.set(key, shared)
    return shared
  }

  initiator(i: Initiator): Initiator {
    const key = JSON.stringify(i)
    if (key.length > MAX_INITIATOR_KEY) return i
    const known = this.initiators.get(key)
    if (known) return known
    if (this.initiators.size >= MAX_INITIATORS) this.initiators.clear()
    this.initiators.set(key, i)
    return i
  }

  clear(): void {
    this.initiators.clear()
    this.lists.clear()
    this.values.clear()
    this.names.clear()
  }

  /** The same headers, with names and single values shared with earlier lists. */
  private rebuild(h: HeaderMap): HeaderMap {
    const out = new Map<string, readonly string[]>()
    for (const [name, list] of h) out.set(this.name(name), list.length === 1 ? this.value(list[0]!) : list)
    return out
  }

  private name(n: string): string {
    const known = this.names.get(n)
    if (known !== undefined) return known
    if (this.names.size >= MAX_VALUES) this.names.clear()
    this.names.set(n, n)
    return n
  }

  private value(v: string): readonly string[] {
    if (v.length > MAX_VALUE) return [v]
    const known = this.values.get(v)
    if (known) return known
    const list = Object.freeze([v])
    if (this.values.size >= MAX_VALUES) this.values.clear()
    this.values.set(v, list)
    return list
  }
}
