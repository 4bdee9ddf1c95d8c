/**
 * Where the MCP server's probes may go: loopback, and the origins named with `--probe-allow` when
 * it was started. An agent chooses the URLs, so the capture's own pages do not widen this.
 */
import { isForbiddenUrl } from '../core/probe/address'

/** Loopback as `URL.hostname` writes it: localhost (and its subdomains), 127.0.0.0/8, [::1]. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase()
  return h === 'localhost' || h.endsWith('.localhost') || /^127(?:\.\d{1,3}){3}$/.test(h) || h === '[::1]'
}

export type ScopeVerdict = { origin: string } | { refused: string }

/**
 * Whether one URL may be probed (or, `what` = 'fetched', an API description downloaded from it),
 * and when not, one sentence saying why and what would allow it.
 */
export function probeVerdict(
  url: string,
  allowed: ReadonlySet<string>,
  what: 'probed' | 'fetched' = 'probed',
): ScopeVerdict {
  let u: URL | null = null
  try {
    u = new URL(url)
  } catch {}
  if (u === null || (u.protocol !== 'http:' && u.protocol !== 'https:'))
    return { refused: `Only http and https URLs can be ${what}.` }
  if (isForbiddenUrl(url))
    return { refused: `${u.origin} is a link-local or cloud-metadata address, which is never ${what}.` }
  if (isLoopbackHost(u.hostname) || allowed.has(u.origin)) return { origin: u.origin }
  return {
    refused: `Not ${what}: ${u.origin} is not loopback; start the server with \`method-doctor mcp --probe-allow ${u.origin}\` to allow it.`,
  }
}

/** The same rule as a yes/no per origin, for `analyze_har`'s probes. */
export function probeScope(allowed: ReadonlySet<string>): (origin: string) => boolean {
  return (origin) => 'origin' in probeVerdict(origin, allowed)
}
