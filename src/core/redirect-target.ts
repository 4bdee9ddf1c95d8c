import { authPageSign } from './auth-pages'
import { parseUrl } from './url'

/**
 * Where a redirect of a write points, which decides what it means:
 * - `same-resource`: only a slash, the scheme, the host or letter case differs, so the app never
 *   saw the write (a slash or HTTPS redirect in front of it);
 * - `auth-page`: a sign-in or identity page, so the session or its credentials were missing;
 * - `other`: another resource (or the very same URL), as Post/Redirect/Get does on purpose.
 */
export type RedirectTarget =
  | { kind: 'same-resource'; differs: SameResourceDiff }
  | { kind: 'auth-page'; sign: string }
  | { kind: 'other' }

export type SameResourceDiff = 'slash' | 'scheme' | 'host' | 'case' | 'several'

const trimSlash = (p: string): string => (p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p)

export function redirectTarget(from: string, to: string): RedirectTarget {
  const differs = sameResourceDiff(from, to)
  if (differs !== null) return { kind: 'same-resource', differs }
  const sign = authPageSign(to)
  return sign === null ? { kind: 'other' } : { kind: 'auth-page', sign }
}

function sameResourceDiff(from: string, to: string): SameResourceDiff | null {
  const a = parseUrl(from)
  const b = parseUrl(to)
  if (!a || !b || a.search !== b.search) return null
  const [pa, pb] = [trimSlash(a.path), trimSlash(b.path)]
  if (pa.toLowerCase() !== pb.toLowerCase()) return null
  const differs: SameResourceDiff[] = []
  if (a.protocol !== b.protocol) differs.push('scheme')
  if (a.host !== b.host) differs.push('host')
  if (pa !== pb) differs.push('case')
  if (a.path.endsWith('/') !== b.path.endsWith('/')) differs.push('slash')
  // The very same URL is a form posting back to itself and redirecting to show the result: PRG.
  if (differs.length === 0) return null
  return differs.length === 1 ? differs[0]! : 'several'
}
