import { authPageSign } from './auth-pages'
import { parseUrl } from './url'

/** One way a redirect can point at the same resource under another spelling. */
export type Spelling = 'slash-added' | 'slash-removed' | 'scheme-upgrade' | 'www' | 'case'

/**
 * Where a redirect of a write points, which decides what it means:
 * - `same-resource`: the URL only gained or lost a slash, moved to https, gained or lost `www.`, or
 *   changed letter case, so the app never saw the write (a canonicalising redirect in front of it);
 * - `auth-page`: a sign-in or identity page, so the session or its credentials were missing;
 * - `other`: another resource (or the very same URL), as Post/Redirect/Get does on purpose.
 */
export type RedirectTarget =
  | { kind: 'same-resource'; spellings: Spelling[]; from: Parts; to: Parts }
  | { kind: 'auth-page'; sign: string }
  | { kind: 'other' }

interface Parts {
  origin: string
  host: string
  path: string
}

const stripWww = (host: string): string => (host.startsWith('www.') ? host.slice(4) : host)

export function redirectTarget(from: string, to: string): RedirectTarget {
  const same = sameResource(from, to)
  if (same) return same
  const sign = authPageSign(to)
  return sign === null ? { kind: 'other' } : { kind: 'auth-page', sign }
}

/** The spellings that differ when `to` is `from` spelled another way; null for another resource. */
export function sameResource(
  from: string,
  to: string,
): Extract<RedirectTarget, { kind: 'same-resource' }> | null {
  const a = parseUrl(from)
  const b = parseUrl(to)
  if (!a || !b || a.search !== b.search) return null
  const spellings: Spelling[] = []
  if (a.protocol !== b.protocol) {
    if (a.protocol !== 'http:' || b.protocol !== 'https:') return null
    spellings.push('scheme-upgrade')
  }
  if (a.host !== b.host) {
    if (stripWww(a.host) !== stripWww(b.host)) return null
    spellings.push('www')
  }
  if (a.path !== b.path) {
    let [pa, pb] = [a.path, b.path]
    if (`${pa}/` === pb || `${pa.toLowerCase()}/` === pb.toLowerCase()) {
      spellings.push('slash-added')
      pb = pb.slice(0, -1)
    } else if (pa === `${pb}/` || pa.toLowerCase() === `${pb.toLowerCase()}/`) {
      spellings.push('slash-removed')
      pa = pa.slice(0, -1)
    }
    if (pa !== pb) {
      if (pa.toLowerCase() !== pb.toLowerCase()) return null
      spellings.push('case')
    }
  }
  // The very same URL is a form posting back to itself and redirecting to show the result: PRG.
  // So, as far as the capture can tell, is one differing only in letter case (an app that writes
  // its links in lower case redirects there after handling the post).
  if (spellings.length === 0 || (spellings.length === 1 && spellings[0] === 'case')) return null
  return {
    kind: 'same-resource',
    spellings,
    from: { origin: a.origin, host: a.host, path: a.path },
    to: { origin: b.origin, host: b.host, path: b.path },
  }
}
