/** URL helpers that never throw: HAR files carry anything. */

export interface UrlParts {
  href: string
  origin: string
  path: string
  search: string
  protocol: string
  host: string
}

export function parseUrl(raw: string, base?: string): UrlParts | null {
  try {
    const u = base === undefined ? new URL(raw) : new URL(raw, base)
    return {
      href: u.href,
      origin: u.origin,
      path: u.pathname,
      search: u.search,
      protocol: u.protocol,
      host: u.host,
    }
  } catch {
    return null
  }
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
