/**
 * The one place that decides what is a secret. Every output (exports, copies, snippets,
 * CLI formats, Playwright attachments) goes through it. Data, not scattered ifs.
 */
export const SECRET_HEADERS: readonly RegExp[] = [
  /^cookie$/i,
  /^set-cookie$/i,
  /^authorization$/i,
  /^proxy-authorization$/i,
  /^x-api-key$/i,
  /^api-key$/i,
  /^x-auth-token$/i,
  /^x-access-token$/i,
  /^x-csrf-token$/i,
  /^x-xsrf-token$/i,
  /^x-amz-security-token$/i,
  /^x-goog-api-key$/i,
  /(^|-)(token|secret|password|api-?key)$/i,
]

export const SECRET_PARAMS: readonly RegExp[] = [
  /^(access_|refresh_|id_|auth_|api_)?token$/i,
  /^api[-_]?key$/i,
  /^key$/i,
  /^password$/i,
  /^passwd$/i,
  /^pwd$/i,
  /^secret$/i,
  /^client_secret$/i,
  /^signature$/i,
  /^sig$/i,
  /^code$/i,
  /^session(id)?$/i,
  /^x-amz-(signature|credential|security-token)$/i,
  /^x-goog-(signature|credential)$/i,
]

export const PLACEHOLDER = 'REDACTED'

export interface RedactOptions {
  /** The user asked to keep secrets in this export. */
  keepSecrets?: boolean
}

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.some((p) => p.test(name))
}

export function isSecretParam(name: string): boolean {
  return SECRET_PARAMS.some((p) => p.test(name))
}

/** Replaces credential-looking query values and URL userinfo, keeping the URL's shape. */
export function redactUrl(raw: string, opts: RedactOptions = {}): string {
  if (opts.keepSecrets) return raw
  let u: URL
  try {
    u = new URL(raw)
  } catch {
    return redactText(raw, opts)
  }
  if (u.username) u.username = PLACEHOLDER
  if (u.password) u.password = PLACEHOLDER
  if (u.search) u.search = `?${redactPairs(u.search.slice(1))}`
  // OAuth implicit flow and hash routers put tokens in the fragment (`#access_token=…`, `#/cb?token=…`).
  if (u.hash.includes('=')) {
    const h = u.hash.slice(1)
    const q = h.indexOf('?')
    const hash = q < 0 ? redactPairs(h) : h.slice(0, q + 1) + redactPairs(h.slice(q + 1))
    if (hash !== h) u.hash = `#${hash}`
  }
  return u.href
}

function redactPairs(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=')
      const name = eq < 0 ? pair : pair.slice(0, eq)
      let decoded = name
      try {
        decoded = decodeURIComponent(name)
      } catch {}
      return eq >= 0 && isSecretParam(decoded) ? `${name}=${PLACEHOLDER}` : pair
    })
    .join('&')
}

const TEXT_PATTERNS: readonly [RegExp, string][] = [
  [/\b(Bearer|Basic|Digest|Token)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${PLACEHOLDER}`],
  [/\b(eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*)/g, PLACEHOLDER],
  [
    /([?&;\s"'](?:access_token|refresh_token|id_token|token|api_key|apikey|key|password|secret|signature|x-amz-signature|sessionid|session)=)[^&\s"'<>;]+/gi,
    `$1${PLACEHOLDER}`,
  ],
  [
    /("(?:access_token|refresh_token|token|api_key|apiKey|password|secret|authorization|cookie)"\s*:\s*")[^"]*"/gi,
    `$1${PLACEHOLDER}"`,
  ],
  [
    /\b((?:cookie|set-cookie|authorization|proxy-authorization|x-api-key|x-auth-token)\s*:\s*)[^\r\n]+/gi,
    `$1${PLACEHOLDER}`,
  ],
]

/** For free text that may echo a secret (bodies, evidence strings): known shapes only. */
export function redactText(text: string, opts: RedactOptions = {}): string {
  if (opts.keepSecrets) return text
  let out = text
  for (const [p, r] of TEXT_PATTERNS) out = out.replace(p, r)
  return out
}

export function redactHeaderValue(name: string, value: string, opts: RedactOptions = {}): string {
  if (opts.keepSecrets) return value
  return isSecretHeader(name) ? PLACEHOLDER : redactText(value, opts)
}
