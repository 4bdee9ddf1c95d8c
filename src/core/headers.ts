import type { HeaderMap } from './types'

/** Header entries read per list; the rest are ignored (a hostile HAR can list millions). */
export const MAX_HEADERS = 500
const MAX_VALUE = 8192

/** Builds a lower-cased multimap from HAR-style `[{name, value}]`, tolerating junk. */
export function headerMap(raw: unknown): HeaderMap {
  const map = new Map<string, string[]>()
  if (!Array.isArray(raw)) return map
  // Values of one name are joined before matching: cap their total, or 500 repeats of an 8 KB
  // header make every fingerprint regex scan 4 MB.
  const sizes = new Map<string, number>()
  const n = Math.min(raw.length, MAX_HEADERS)
  for (let i = 0; i < n; i++) {
    const h: unknown = raw[i]
    if (typeof h !== 'object' || h === null) continue
    const { name, value } = h as { name?: unknown; value?: unknown }
    if (typeof name !== 'string' || name === '') continue
    const v = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : ''
    const key = name.toLowerCase()
    const list = map.get(key)
    const clipped = v.length > MAX_VALUE ? v.slice(0, MAX_VALUE) : v
    const size = (sizes.get(key) ?? 0) + clipped.length
    if (list && size > MAX_VALUE) continue
    sizes.set(key, size)
    if (list) list.push(clipped)
    else map.set(key, [clipped])
  }
  return map
}

/** All values of a header joined as a list would be on the wire. */
export function header(h: HeaderMap, name: string): string | undefined {
  const v = h.get(name)
  return v && v.length > 0 ? v.join(', ') : undefined
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/**
 * What a method name may look like before it is ever suggested or written into a call. RFC 9110
 * tokens also allow `$ | & ' \`` and more: a server could name a "method" that is shell code.
 */
export const METHOD_NAME = /^[A-Z][A-Z0-9_-]*$/

export function isMethodName(m: string): boolean {
  return METHOD_NAME.test(m)
}

export interface MethodList {
  /** Upper-cased method names (and `*`, which CORS lists use), order kept, no duplicates. */
  methods: string[]
  /** Items that are not method names, as received (trimmed): never a suggestion, only named. */
  rejected: string[]
}

/** Reads `Allow` / `Access-Control-Allow-Methods`, keeping apart what is not a method name. */
export function readMethodList(value: string | undefined): MethodList {
  const out: MethodList = { methods: [], rejected: [] }
  if (value === undefined) return out
  for (const part of value.split(',')) {
    const t = part.trim()
    if (t === '') continue
    const m = t.toUpperCase()
    if (t.length <= 20 && TOKEN.test(t) && (METHOD_NAME.test(m) || m === '*')) {
      if (!out.methods.includes(m)) out.methods.push(m)
    } else if (out.rejected.length < 8 && !out.rejected.includes(t)) out.rejected.push(t)
    if (out.methods.length >= 32) break
  }
  return out
}

/** Parses `Allow` / `Access-Control-Allow-Methods`: upper-cased method names, the rest dropped, order kept. */
export function parseMethodList(value: string | undefined): string[] {
  return readMethodList(value).methods
}
