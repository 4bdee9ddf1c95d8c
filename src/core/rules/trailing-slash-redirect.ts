import { isRedirect, isSuccess, isUnsafe, methodAfterRedirect } from '../methods'
import type { Evidence } from '../types'
import { parseUrl } from '../url'
import { callWhereRedirected } from './corrected-call'
import { compact, fwText } from './evidence-common'
import { ev, MDN, RFC, type Rule, t } from './rule'

function stripWww(host: string): string {
  return host.startsWith('www.') ? host.slice(4) : host
}

/** What a redirect changed, when it only canonicalised the URL; null for a real move. */
export function canonicalisation(from: string, to: string): Evidence[] | null {
  const a = parseUrl(from)
  const b = parseUrl(to)
  if (!a || !b || a.search !== b.search) return null
  const out: Evidence[] = []
  if (a.protocol !== b.protocol) {
    if (a.protocol !== 'http:' || b.protocol !== 'https:') return null
    out.push(ev('redirect', 'ev_scheme_upgrade', { from: a.origin, to: b.origin }))
  }
  if (a.host !== b.host) {
    if (stripWww(a.host) !== stripWww(b.host)) return null
    out.push(ev('redirect', 'ev_host_www', { from: a.host, to: b.host }))
  }
  if (a.path !== b.path) {
    if (`${a.path}/` === b.path) out.push(ev('redirect', 'ev_slash_added', { from: a.path, to: b.path }))
    else if (a.path === `${b.path}/`)
      out.push(ev('redirect', 'ev_slash_removed', { from: a.path, to: b.path }))
    else return null
  }
  return out.length > 0 ? out : null
}

export const trailingSlashRedirect: Rule<'trailing-slash-redirect'> = {
  kind: 'trailing-slash-redirect',
  links: { rfc: `${RFC}#name-location`, mdn: `${MDN}/Redirections` },
  shortLabel: 'ui_kind_short_trailing_slash_redirect',
  probeOnHit: true,
  correctedCall: callWhereRedirected,
  evaluate(ctx) {
    const { chain, final } = ctx
    for (let i = 0; i < chain.length; i++) {
      const hop = chain[i]!
      // A GET that gets canonicalised is ordinary web life; it matters for writes.
      if (!isRedirect(hop) || !isUnsafe(hop.method)) continue
      const what = canonicalisation(hop.url, hop.redirectURL)
      if (!what) continue
      const kept = methodAfterRedirect(hop.method, hop.status) === hop.method
      const harmless = kept && isSuccess(final.status)
      return {
        kind: 'trailing-slash-redirect',
        severity: harmless ? 'info' : 'warning',
        method: hop.method,
        url: hop.url,
        evidence: [
          ev('redirect', 'ev_redirect_hop', {
            status: String(hop.status),
            method: hop.method,
            url: hop.url,
            location: hop.redirectURL,
          }),
          ...what,
        ],
        causes: compact([
          t('cause_canonical_redirect', { status: String(hop.status) }),
          fwText(ctx.framework, 'slash'),
        ]),
        fixes: [t('fix_use_canonical_url', { url: hop.redirectURL })],
        prevention: [t('prev_canonical_urls')],
      }
    }
    return null
  },
}
