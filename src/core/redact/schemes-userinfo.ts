/**
 * The free-text scan for credentials marked by their place, not their name: the value after an
 * authorization scheme (`Bearer …`, `Basic …`) and the userinfo of any `scheme://user:pass@`.
 * One walk over the text, looking ahead a bounded distance.
 */
import { PLACEHOLDER } from './common'
import { isAsciiLetter, isDigit, isSpace, MAX_SPACES } from './scan'

const AUTH_SCHEMES = new Set(['bearer', 'basic', 'token', 'negotiate', 'ntlm'])
const MAX_AUTHORITY = 512

/** RFC 9110 token68 without its `=` padding. */
function isToken68(c: number): boolean {
  return (
    isAsciiLetter(c) || isDigit(c) || c === 45 || c === 46 || c === 95 || c === 126 || c === 43 || c === 47
  )
}

/** Characters that end a URL's authority (`user:pass@host`). */
function endsAuthority(c: number): boolean {
  return (
    c === 47 ||
    c === 63 ||
    c === 35 ||
    c === 64 ||
    c <= 32 ||
    c === 34 ||
    c === 39 ||
    c === 60 ||
    c === 62 ||
    c === 92 ||
    c === 96
  )
}

/** `Bearer abc`: a plain word after "Token" is prose ("Invalid Token supplied"), not a credential. */
function isPlainWord(s: string): boolean {
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (!(c >= 97 && c <= 122)) return false
  }
  return isAsciiLetter(s.charCodeAt(0))
}

export function redactSchemesAndUserinfo(text: string): string {
  let out = ''
  let last = 0
  let i = 0
  const n = text.length
  while (i < n) {
    const c = text.charCodeAt(i)
    if (c === 58 && text.startsWith('//', i + 1)) {
      const start = i + 3
      const limit = Math.min(n, start + MAX_AUTHORITY)
      let j = start
      while (j < limit && !endsAuthority(text.charCodeAt(j))) j++
      if (j < n && text.charCodeAt(j) === 64 && j > start) {
        const info = text.slice(start, j)
        const colon = info.indexOf(':')
        const user = colon === 0 ? '' : PLACEHOLDER
        const pass = colon < 0 ? '' : colon === info.length - 1 ? ':' : `:${PLACEHOLDER}`
        out += text.slice(last, start) + user + pass
        last = j
      }
      // Nothing between start and j can begin another `://`: it holds no `/`.
      i = Math.max(j, i + 1)
      continue
    }
    if (isAsciiLetter(c) && (i === 0 || !isAsciiLetter(text.charCodeAt(i - 1)))) {
      let j = i
      while (j < n && isAsciiLetter(text.charCodeAt(j))) j++
      const word = j - i <= 9 ? text.slice(i, j).toLowerCase() : ''
      if (AUTH_SCHEMES.has(word)) {
        let k = j
        while (k < n && k - j < MAX_SPACES && isSpace(text.charCodeAt(k))) k++
        let e = k
        while (e < n && isToken68(text.charCodeAt(e))) e++
        let pad = e
        while (pad < n && text.charCodeAt(pad) === 61) pad++
        // `Bearer realm="api"` is a challenge's parameter, not a credential.
        const authParam = pad > e && pad < n && !isSpace(text.charCodeAt(pad)) && text.charCodeAt(pad) !== 44
        const value = text.slice(k, e)
        if (k > j && e - k >= 6 && !authParam && !(word === 'token' && isPlainWord(value))) {
          out += text.slice(last, k) + PLACEHOLDER
          last = pad
          i = pad
          continue
        }
      }
      i = j
      continue
    }
    i++
  }
  return last === 0 ? text : out + text.slice(last)
}
