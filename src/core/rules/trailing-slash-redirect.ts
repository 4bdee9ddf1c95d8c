import { isRedirect, isSuccess, isUnsafe, methodAfterRedirect } from '../methods'
import { sameResource } from '../redirect-target'
import type { Evidence } from '../types'
import { callWhereRedirected } from './corrected-call'
import { compact, fwText } from './evidence-common'
import { ev, MDN, RFC, type Rule, t } from './rule'

/** What a redirect changed, when it only canonicalised the URL; null for a real move. */
export function canonicalisation(from: string, to: string): Evidence[] | null {
  const same = sameResource(from, to)
  // A change of letter case is the same resource only on servers that ignore case: not this rule's.
  if (!same || same.spellings.includes('case')) return null
  const { from: a, to: b } = same
  return same.spellings.map((s) =>
    s === 'scheme-upgrade'
      ? ev('redirect', 'ev_scheme_upgrade', { from: a.origin, to: b.origin })
      : s === 'www'
        ? ev('redirect', 'ev_host_www', { from: a.host, to: b.host })
        : ev('redirect', s === 'slash-added' ? 'ev_slash_added' : 'ev_slash_removed', {
            from: a.path,
            to: b.path,
          }),
  )
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
