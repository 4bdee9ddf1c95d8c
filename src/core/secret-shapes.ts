/**
 * Values that are secrets whatever they are called: JWTs, long random tokens, a few well-known
 * key prefixes. Every function here walks its input once (no backtracking regex), so a hostile
 * megabyte costs milliseconds.
 */

/** Shorter random strings are too often ordinary ids to redact by shape alone. */
const MIN_TOKEN_LENGTH = 32
/** `eyJ` is base64 for `{"`: a JWT (or a JWT cut short by an excerpt) from this length on. */
const MIN_JWT_LENGTH = 16

/** Issuer prefixes: a value starting with one, followed by at least 16 more characters. */
const KEY_PREFIXES = [
  'AKIA', // AWS access key id
  'ASIA', // AWS temporary access key id
  'AIza', // Google API key
  'ghp_',
  'gho_',
  'ghu_',
  'ghs_',
  'ghr_',
  'github_pat_',
  'glpat-',
  'xoxa-',
  'xoxb-',
  'xoxp-',
  'xoxr-',
  'xoxs-',
  'sk_live_',
  'sk_test_',
  'rk_live_',
  'rk_test_',
  'npm_',
] as const
const PREFIX_TAIL = 16

/** Character classes. */
const C = { Lower: 0, Upper: 1, Digit: 2, Other: 3, None: 4 } as const
type Class = (typeof C)[keyof typeof C]

function cls(code: number): Class {
  if (code >= 97 && code <= 122) return C.Lower
  if (code >= 65 && code <= 90) return C.Upper
  if (code >= 48 && code <= 57) return C.Digit
  // + / _ -
  if (code === 43 || code === 47 || code === 95 || code === 45) return C.Other
  return C.None
}

const isHexLetter = (code: number) => (code >= 97 && code <= 102) || (code >= 65 && code <= 70)

function isUuid(t: string): boolean {
  if (t.length !== 36) return false
  for (let i = 0; i < 36; i++) {
    const c = t.charCodeAt(i)
    const dash = i === 8 || i === 13 || i === 18 || i === 23
    if (dash ? c !== 45 : !(cls(c) === C.Digit || isHexLetter(c))) return false
  }
  return true
}

/** Shannon entropy in bits per character. */
function entropy(t: string): number {
  const counts = new Map<number, number>()
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i)
    counts.set(c, (counts.get(c) ?? 0) + 1)
  }
  let h = 0
  for (const k of counts.values()) {
    const p = k / t.length
    h -= p * Math.log2(p)
  }
  return h
}

/**
 * Share of letters and digits that sit in word-like runs: `Word`/`word` of 4+ letters, `ACRONYM` of
 * 4+ capitals, 4+ digits. Identifiers and slugs are mostly words; random tokens rarely are.
 */
function wordShare(t: string): number {
  let alnum = 0
  let inWords = 0
  let i = 0
  const n = t.length
  while (i < n) {
    const c = cls(t.charCodeAt(i))
    if (c === C.Other || c === C.None) {
      i++
      continue
    }
    if (c === C.Digit) {
      let j = i
      while (j < n && cls(t.charCodeAt(j)) === C.Digit) j++
      if (j - i >= 4) inWords += j - i
      alnum += j - i
      i = j
      continue
    }
    let j = i
    while (j < n && cls(t.charCodeAt(j)) === C.Upper) j++
    const upper = j - i
    let k = j
    while (k < n && cls(t.charCodeAt(k)) === C.Lower) k++
    const lower = k - j
    if (upper >= 4) inWords += upper
    // The capital that starts a camelCase word belongs to it.
    if (lower >= 3) inWords += lower + (upper > 0 && upper < 4 ? 1 : 0)
    alnum += k - i
    i = k
  }
  return alnum === 0 ? 1 : inWords / alnum
}

/**
 * A long run of base64/base64url/hex characters that looks random: single-case hex with digits and
 * letters (digests, hex session ids), or two character classes or more, high entropy and few words.
 * Canonical UUIDs are kept: they are usually resource or request ids the report needs.
 */
function isRandomToken(t: string): boolean {
  if (t.length < MIN_TOKEN_LENGTH || isUuid(t)) return false
  let lower = 0
  let upper = 0
  let digit = 0
  let hexLower = true
  let hexUpper = true
  let hexLetters = 0
  for (let i = 0; i < t.length; i++) {
    const code = t.charCodeAt(i)
    const c = cls(code)
    if (c === C.None) return false
    if (c === C.Lower) {
      lower++
      if (!isHexLetter(code)) hexLower = false
      else hexLetters++
      hexUpper = false
    } else if (c === C.Upper) {
      upper++
      if (!isHexLetter(code)) hexUpper = false
      else hexLetters++
      hexLower = false
    } else if (c === C.Digit) digit++
    else if (code !== 45) {
      hexLower = false
      hexUpper = false
    }
  }
  if ((hexLower || hexUpper) && digit >= 2 && hexLetters >= 2) return true
  const classes = (lower > 0 ? 1 : 0) + (upper > 0 ? 1 : 0) + (digit > 0 ? 1 : 0)
  if (classes < 2) return false
  return entropy(t) >= 3.5 && wordShare(t) < 0.7
}

function hasKeyPrefix(t: string): boolean {
  for (const p of KEY_PREFIXES) if (t.length >= p.length + PREFIX_TAIL && t.startsWith(p)) return true
  return false
}

/** One token (no separators but `+/_-`): a known key, or random enough. */
function isSecretToken(t: string): boolean {
  return hasKeyPrefix(t) || isRandomToken(t)
}

function isJwtChar(code: number): boolean {
  const c = cls(code)
  return c === C.Lower || c === C.Upper || c === C.Digit || code === 95 || code === 45 || code === 46
}

/** A whole value (a query value, a path segment) that is a secret by its shape alone. */
export function isSecretValue(v: string): boolean {
  if (v.startsWith('eyJ') && v.length >= MIN_JWT_LENGTH) {
    let i = 3
    while (i < v.length && (isJwtChar(v.charCodeAt(i)) || v.charCodeAt(i) === 61)) i++
    if (i === v.length) return true
  }
  // Base64 padding is not part of the randomness.
  let end = v.length
  while (end > 0 && v.charCodeAt(end - 1) === 61) end--
  const t = v.slice(0, end)
  if (t.startsWith('/')) return false
  for (let i = 0; i < t.length; i++) if (cls(t.charCodeAt(i)) === C.None) return false
  return isSecretToken(t)
}

/** Letters, digits, `_ - + .`: what a token in free text is made of (`/` splits paths into pieces). */
function isUnitChar(code: number): boolean {
  const c = cls(code)
  return (
    c === C.Lower ||
    c === C.Upper ||
    c === C.Digit ||
    code === 95 ||
    code === 45 ||
    code === 43 ||
    code === 46
  )
}

/**
 * Replaces every JWT and every random-looking token in free text with the placeholder. A run of
 * token characters is split at dots (`main.<hash>.js`), except a JWT, which spans them.
 */
export function redactShapes(text: string, placeholder: string): string {
  let out = ''
  let last = 0
  let i = 0
  const n = text.length
  while (i < n) {
    if (!isUnitChar(text.charCodeAt(i))) {
      i++
      continue
    }
    let j = i
    while (j < n && isUnitChar(text.charCodeAt(j))) j++
    let p = i
    while (p < j) {
      if (text.startsWith('eyJ', p)) {
        let q = p
        while (q < j && isJwtChar(text.charCodeAt(q))) q++
        while (q > p && text.charCodeAt(q - 1) === 46) q--
        if (q - p >= MIN_JWT_LENGTH) {
          out += text.slice(last, p) + placeholder
          last = q
          p = q
          continue
        }
      }
      let q = p
      while (q < j && text.charCodeAt(q) !== 46) q++
      if (q - p >= Math.min(MIN_TOKEN_LENGTH, 4 + PREFIX_TAIL) && isSecretToken(text.slice(p, q))) {
        out += text.slice(last, p) + placeholder
        last = q
      }
      p = q + 1
    }
    i = j
  }
  return last === 0 ? text : out + text.slice(last)
}
