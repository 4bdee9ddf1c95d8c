/**
 * Which parameter, header and JSON key names carry a secret. Names are compared regardless of
 * case and separator (`accessToken` = `access-token` = `ACCESS.TOKEN`); bracket syntax
 * (`user[password]`) is judged part by part. Data, not scattered ifs.
 */

/** A normalised name containing one of these is a secret (`x-csrf-token`, `user_password`…). */
const CONTAINS = [
  'token',
  'secret',
  'session',
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'jwt',
  'bearer',
  'cookie',
  'csrf',
  'xsrf',
  'signature',
  'assertion', // client_assertion, JWT bearer grants
  'authorization',
  'authentication',
  'apikey',
  'accesskey', // AWSAccessKeyId, access_key
  'privatekey',
  'signingkey',
  'twofactor',
] as const

/** Exactly these normalised names (short ones, too common as substrings to match inside words). */
const EXACT = new Set([
  'auth',
  'key',
  'sig',
  'sid',
  'pin',
  'pincode',
  'otp',
  'totp',
  'hotp',
  'mfa',
  '2fa',
  'pass',
  'hmac',
  'code', // OAuth authorization code
  'credential',
  'credentials',
  'googleaccessid', // Google signed URLs (v2)
  'pgtiou', // CAS proxy-granting ticket IOU and id
  'pgtid',
])

/** `*code` names that are one-time codes (not `zipcode`, `countrycode`, `statuscode`…). */
const CODE_PREFIXES = [
  'auth',
  'authorization',
  'mfa',
  'otp',
  'totp',
  'sms',
  'email',
  'verification',
  'verify',
  'reset',
  'activation',
  'confirmation',
  'confirm',
  'device',
  'login',
  'security',
  'recovery',
  'backup',
  'invite',
  'invitation',
  'access',
  'pass',
  'twofactor',
] as const

/** Normalised-name prefixes: OAuth 1 (`oauth_token`, `oauth_verifier`…), SAML (`SAMLResponse`, `SAMLart`), PKCE. */
const PREFIXES = ['oauth', 'saml', 'codeverifier', 'otp'] as const

/** Normalised-name suffixes: CAS `ticket`, `connect.sid`/`PHPSESSID`, `urlsig`, `basic_auth`, `email_otp`. */
const SUFFIXES = ['ticket', 'sid', 'sig', 'auth', 'otp', 'credential'] as const

/** `sig`, `sigv4`, `sig2`. */
const SIG_VERSION = /^sigv?\d+$/

/** Names that only weakly say "secret" (also ordinary words): not trusted in `name: value` free text. */
const WEAK = new Set(['code', 'key', 'pin', 'sig', 'sid', 'pass', 'otp', 'auth', 'mfa', 'session'])

export type SecretNameStrength = 'strong' | 'weak'

/** Lower case without `-`, `_`, `.`, spaces: the form every rule above is written in. */
function normaliseName(part: string): string {
  return part.toLowerCase().replace(/[-_.\s]/g, '')
}

/** The parts of `user[password]` or `data[auth][token]`; a plain name is its own only part. */
function nameParts(name: string): string[] {
  if (!name.includes('[')) return [name]
  return name.split(/[[\]]/).filter((p) => p !== '')
}

/** `api_key`, `client-key`, `x.key`, `sortKey`: the last word is "key" (`monkey`, `keyboard` are not). */
function endsWithKeyWord(part: string): boolean {
  return /[-_.\s]key$/i.test(part) || /[a-z0-9](?:Key|KEY)$/.test(part)
}

function partStrength(part: string): SecretNameStrength | null {
  const n = normaliseName(part)
  if (n === '') return null
  if (EXACT.has(n)) return WEAK.has(n) ? 'weak' : 'strong'
  if (WEAK.has(n)) return 'weak'
  if (CONTAINS.some((w) => n.includes(w))) return 'strong'
  if (SIG_VERSION.test(n)) return 'strong'
  if (PREFIXES.some((p) => n.startsWith(p))) return 'strong'
  if (SUFFIXES.some((s) => n.endsWith(s))) return 'strong'
  if (n.endsWith('code') && CODE_PREFIXES.includes(n.slice(0, -4) as (typeof CODE_PREFIXES)[number]))
    return 'strong'
  if (endsWithKeyWord(part)) return 'strong'
  return null
}

/** Text repeats the same few names (`a=1&a=1…`): judged once each, in a bounded memo. */
const memo = new Map<string, SecretNameStrength | null>()
const MEMO_SIZE = 512

/** `strong`, `weak` (a short word such as `code` or `key`) or null when the name says nothing. */
export function secretNameStrength(name: string): SecretNameStrength | null {
  // Names are short; anything longer is not a name we could recognise anyway.
  const key = name.slice(0, 256)
  const known = memo.get(key)
  if (known !== undefined) return known
  let found: SecretNameStrength | null = null
  for (const part of nameParts(key)) {
    const s = partStrength(part)
    if (s === 'strong') {
      found = s
      break
    }
    if (s === 'weak') found = s
  }
  if (memo.size >= MEMO_SIZE) memo.clear()
  memo.set(key, found)
  return found
}

export function isSecretName(name: string): boolean {
  return secretNameStrength(name) !== null
}
