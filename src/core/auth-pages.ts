import { parseUrl } from './url'

/**
 * Signs that a URL is a sign-in or identity page, as data. Sources: the login routes of Django
 * (`/accounts/login/?next=`), Rails Devise (`/users/sign_in`), Laravel (`/login`), ASP.NET
 * (`/Account/Login?ReturnUrl=`), Spring Security (`/login`), Keycloak, Shibboleth, CAS and the big
 * hosted identity providers.
 */
export interface AuthSigns {
  /** Whole path segments (lower case) that name a sign-in page. */
  loginSegments: readonly string[]
  /** Path pieces (lower case) of identity-provider endpoints. */
  idpPaths: readonly string[]
  /** Query keys that carry where to go back after signing in. */
  returnKeys: readonly string[]
  /** Host names (or suffixes, with a leading dot) of hosted identity providers. */
  idpHosts: readonly string[]
  /** Whole path segments of requests that are themselves part of signing in or out. */
  authActionSegments: readonly string[]
}

export const AUTH_SIGNS: AuthSigns = {
  loginSegments: ['login', 'log-in', 'log_in', 'signin', 'sign-in', 'sign_in', 'logon', 'sso'],
  idpPaths: [
    '/protocol/openid-connect/auth',
    '/oauth/authorize',
    '/oauth2/authorize',
    '/oauth2/v2.0/authorize',
    '/idp/profile/saml2',
    '/shibboleth.sso/',
    '/saml2/',
    '/cas/login',
  ],
  returnKeys: [
    'next',
    'returnto',
    'return_to',
    'returnurl',
    'return_url',
    'redirect_uri',
    'redirect_to',
    'samlrequest',
    'came_from',
  ],
  idpHosts: [
    'accounts.google.com',
    'login.microsoftonline.com',
    'login.live.com',
    'github.com/login',
    'appleid.apple.com',
    '.okta.com',
    '.oktapreview.com',
    '.auth0.com',
    '.onelogin.com',
    '.amazoncognito.com',
    '.b2clogin.com',
    'login.salesforce.com',
  ],
  authActionSegments: [
    'login',
    'log-in',
    'log_in',
    'logout',
    'log-out',
    'log_out',
    'signin',
    'sign-in',
    'sign_in',
    'signout',
    'sign-out',
    'sign_out',
    'logon',
    'logoff',
    'session',
    'sessions',
    'auth',
    'oauth',
    'oauth2',
    'callback',
    'sso',
    'saml',
    'saml2',
    'acs',
    'token',
  ],
}

const segments = (path: string): string[] =>
  path
    .toLowerCase()
    .split('/')
    .filter((s) => s !== '')

/** Why a URL looks like a sign-in or identity page, or null. The reason names the sign. */
export function authPageSign(url: string, signs: AuthSigns = AUTH_SIGNS): string | null {
  const u = parseUrl(url)
  if (!u) return null
  const host = u.host.toLowerCase().replace(/:\d+$/, '')
  const path = u.path.toLowerCase()
  for (const h of signs.idpHosts) {
    const [name, prefix] = h.includes('/') ? [h.slice(0, h.indexOf('/')), h.slice(h.indexOf('/'))] : [h, '']
    const hostMatches = name.startsWith('.') ? host.endsWith(name) : host === name
    if (hostMatches && path.startsWith(prefix)) return host
  }
  const segs = segments(u.path)
  const seg = segs.find((s) => signs.loginSegments.includes(s))
  if (seg !== undefined) return `/${seg}`
  // Whole segments only: `/settings/authorized-apps` is not an identity provider's `/authorize`.
  const joined = `/${segs.join('/')}/`
  const idp = signs.idpPaths.find((p) => joined.includes(p.endsWith('/') ? p : `${p}/`))
  if (idp !== undefined) return idp
  const query = u.search.slice(1).split('&')
  const keys = query.map((p) => (p.split('=')[0] ?? '').toLowerCase())
  // A bare `/authorize` is an OAuth endpoint only with the parameters OAuth sends.
  if (segs.at(-1) === 'authorize' && (keys.includes('client_id') || keys.includes('response_type')))
    return '/authorize'
  for (const pair of query) {
    const eq = pair.indexOf('=')
    const key = eq < 0 ? pair : pair.slice(0, eq)
    // A return address is a sign only when it holds an address (`/`, `%2F`, `http`), not a cursor.
    if (
      signs.returnKeys.includes(key.toLowerCase()) &&
      /^(\/|%2f|https?(:|%3a))/i.test(pair.slice(eq + 1)) &&
      eq >= 0
    )
      return `?${key}`
  }
  return null
}

/** Is this request itself part of signing in or out (so landing on a login page is expected)? */
export function isAuthAction(url: string, signs: AuthSigns = AUTH_SIGNS): boolean {
  const u = parseUrl(url)
  if (!u) return false
  return segments(u.path).some((s) => signs.authActionSegments.includes(s))
}
