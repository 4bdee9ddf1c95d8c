/** URL helpers that never throw: HAR files carry anything. */

export interface UrlParts {
  href: string
  origin: string
  path: string
  search: string
  protocol: string
  host: string
}

/**
 * The last few absolute URLs parsed: one request's URL is asked for its origin, endpoint and site
 * by several readers in a row, and `new URL` is most of a large capture's cost. Parsing is a pure
 * function of the text, so the answer is the same; a small ring keeps memory flat.
 */
const RECENT = 8
const recentRaw: string[] = []
const recentParts: (UrlParts | null)[] = []
let recentNext = 0

export function parseUrl(raw: string, base?: string): UrlParts | null {
  if (base === undefined) {
    const at = recentRaw.indexOf(raw)
    if (at >= 0) return recentParts[at]!
  }
  let parts: UrlParts | null
  try {
    const u = base === undefined ? new URL(raw) : new URL(raw, base)
    parts = Object.freeze({
      href: u.href,
      origin: u.origin,
      path: u.pathname,
      search: u.search,
      protocol: u.protocol,
      host: u.host,
    })
  } catch {
    parts = null
  }
  if (base === undefined) {
    recentRaw[recentNext] = raw
    recentParts[recentNext] = parts
    recentNext = (recentNext + 1) % RECENT
  }
  return parts
}

/** The origin of a URL as `URL.origin` writes it ('null' for opaque ones), or '' if unparsable. */
export function originOf(raw: string): string {
  return parseUrl(raw)?.origin ?? ''
}

export function isHttpUrl(raw: string): boolean {
  const u = parseUrl(raw)
  return u !== null && (u.protocol === 'http:' || u.protocol === 'https:')
}

/** origin + path, no query or fragment: what "the same endpoint" means here. */
export function endpointOf(raw: string): string {
  const u = parseUrl(raw)
  if (!u) return raw.split(/[?#]/, 1)[0] ?? raw
  return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin + u.path : `${u.protocol}${u.path}`
}

export function resolveLocation(location: string, requestUrl: string): string {
  if (location === '') return ''
  return parseUrl(location, requestUrl)?.href ?? location
}

/**
 * The **site** of a top-level page: the origin (scheme, host and port) of its document, for the
 * extension's inspected page and the CLI's capture pages alike. Not the registrable domain: on
 * loopback every port is another server (often another developer's tool), and a registrable
 * domain would need the Public Suffix List and still join hosts the user never meant to join.
 * Null for anything that is not http(s).
 */
export function siteOf(pageUrl: string): string | null {
  const u = parseUrl(pageUrl)
  return u !== null && (u.protocol === 'http:' || u.protocol === 'https:') ? u.origin : null
}

/** An http(s) origin exactly as `URL.origin` writes it (as stored choices keep it), or null. */
export function canonicalOrigin(s: string): string | null {
  return siteOf(s) === s ? s : null
}
