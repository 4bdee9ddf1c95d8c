/**
 * Free-text redaction (bodies, evidence strings, header values): authorization schemes and URL
 * userinfo, then secret-named values in every written form, in the text and in its
 * percent-encoded parts (to MAX_DECODE_DEPTH), then JWTs and random tokens anywhere.
 */
import { isSecretName, secretNameStrength } from '../secret-names'
import { redactShapes } from '../secret-shapes'
import {
  encodeValue,
  isSecretParam,
  MAX_DECODE_DEPTH,
  PLACEHOLDER,
  type RedactOptions,
  safeDecode,
} from './common'
import {
  endsValue,
  isNameChar,
  isSpace,
  jsonValuesAt,
  quotedAt,
  type Span,
  skipBlanks,
  skipSpaces,
  valueAt,
} from './scan'
import { redactSchemesAndUserinfo } from './schemes-userinfo'

/**
 * For free text that may echo a secret (bodies, evidence strings, header values): authorization
 * schemes, URL userinfo, `name=value`, `NAME = value`, `"name": "value"` (or a list of strings),
 * HTML `name="password" value="…"` and `Name: value` lines with a secret name, in the text and in
 * its percent-encoded parts, then JWTs and random tokens anywhere.
 */
export function redactText(text: string, opts: RedactOptions = {}): string {
  if (opts.keepSecrets) return text
  // A placeholder can complete a pattern the first pass could not see (`token%3Dtoken = %3D`
  // becomes `token%3DREDACTED = …`): until nothing changes, so redacting twice is a no-op.
  let out = redactTextAt(text, 0)
  for (let round = 0, prev = text; round < 3 && out !== prev; round++) {
    prev = out
    out = redactTextAt(prev, 0)
  }
  return out
}

/** `depth`: how many layers of percent-encoding were already taken off to get this text. */
export function redactTextAt(text: string, depth: number): string {
  // Too short for any shape, no `=`, `:`, `%` or space for a name or scheme: nothing to find (most URL segments).
  if (text.length < 16 && !/[=:%\s]/.test(text)) return text
  return redactShapes(redactNamedValues(redactSchemesAndUserinfo(text), depth), PLACEHOLDER)
}

const MAX_NAME = 256
/** How far after `name="password"` an HTML `value=` still belongs to the same field. */
const MAX_FIELD = 512

/** HTML attributes that name a form field (`<input name="password" …>`, `type="password"`). */
const FIELD_ATTRS = new Set(['name', 'id', 'type'])

/**
 * Secret-named values in every written form (`name=value`, `NAME = value`, `"name": value`, an HTML
 * field's `value=`, a `Name: value` line), and percent-encoded stretches read one layer down.
 */
function redactNamedValues(text: string, depth: number): string {
  let out = ''
  let last = 0
  let i = 0
  const n = text.length
  const decodes = depth < MAX_DECODE_DEPTH
  /** End of the last `name=value` value or name run read decoded: inside it, nothing is decoded again. */
  let decodedEnd = 0
  /** An HTML field named like a secret was opened: its `value=` goes, up to this index or the tag's end. */
  let secretFieldUntil = -1
  const replace = (s: Span, by = PLACEHOLDER) => {
    out += text.slice(last, s.start) + by
    last = s.end
    i = Math.max(i, s.next)
  }
  /** Reads a percent-encoded stretch one layer down; true if that found a secret (then replaced). */
  const decodedFinds = (start: number, end: number): boolean => {
    decodedEnd = end
    const raw = text.slice(start, end)
    if (!raw.includes('%')) return false
    const decoded = safeDecode(raw)
    if (decoded === raw) return false
    const inner = redactTextAt(decoded, depth + 1)
    if (inner === decoded) return false
    replace({ start, end, next: end }, encodeValue(inner))
    return true
  }
  while (i < n) {
    const c = text.charCodeAt(i)
    // "name": value, 'name': value, \"name\": \"value\", also across lines
    if (c === 34 || c === 39 || (c === 92 && text.charCodeAt(i + 1) === 34)) {
      const quote = c === 92 ? '\\"' : (text[i] ?? '"')
      const ns = i + quote.length
      let ne = ns
      while (ne < n && ne - ns <= MAX_NAME && isNameChar(text.charCodeAt(ne))) ne++
      if (ne > ns && ne - ns <= MAX_NAME && text.startsWith(quote, ne)) {
        const colon = skipBlanks(text, ne + quote.length)
        if (text.charCodeAt(colon) === 58) {
          const k = skipBlanks(text, colon + 1)
          const values = isSecretParam(text.slice(ns, ne)) ? jsonValuesAt(text, k) : []
          for (const v of values) if (v.end > v.start) replace(v)
          i = Math.max(i, k)
          continue
        }
      }
      i += quote.length
      continue
    }
    if (!isNameChar(c)) {
      if (c === 62 || c === 60) secretFieldUntil = -1
      i++
      continue
    }
    let j = i
    while (j < n && isNameChar(text.charCodeAt(j))) j++
    if (i > 0 && isNameChar(text.charCodeAt(i - 1))) {
      i = j
      continue
    }
    const short = j - i <= MAX_NAME
    // `NAME = value` (configuration, shell, prose): only names that say "secret" plainly.
    const spaced = isSpace(text.charCodeAt(j))
    const eq = spaced ? skipSpaces(text, j) : j
    if (text.charCodeAt(eq) === 61 && text.charCodeAt(eq + 1) !== 61 && short) {
      const name = text.slice(i, j)
      const k = spaced ? skipSpaces(text, eq + 1) : eq + 1
      const secret = spaced
        ? secretNameStrength(safeDecode(name)) === 'strong'
        : isSecretParam(name) || (i < secretFieldUntil && name.toLowerCase() === 'value')
      if (secret) {
        const value = valueAt(text, k)
        if (value.end > value.start) {
          replace(value)
          secretFieldUntil = -1
          continue
        }
      }
      if (spaced) {
        i = eq + 1
        continue
      }
      // `<input name="password" value="…">`: the field's value follows its name.
      if (FIELD_ATTRS.has(name.toLowerCase())) {
        const field = quotedAt(text, k)
        if (field && isSecretName(text.slice(field.start, field.end))) secretFieldUntil = k + MAX_FIELD
      }
      // A percent-encoded value (`next=%2Fcb%3Ftoken%3D…`) is read decoded as well, one layer down.
      // Only the outermost `name=` of a value does this: nested ones lie inside it, so each layer
      // reads each character once.
      if (decodes && k >= decodedEnd) {
        let e = k
        while (e < n && !endsValue(text.charCodeAt(e))) e++
        if (decodedFinds(k, e)) continue
      }
      i = k
      continue
    }
    // Name: value (a header line echoed in a body): to the end of the line. Short words such as
    // "code" or "key" are too common in prose to trust here; `https://` is not a name.
    if (
      !spaced &&
      text.charCodeAt(j) === 58 &&
      text.charCodeAt(j + 1) !== 47 &&
      short &&
      secretNameStrength(safeDecode(text.slice(i, j))) === 'strong'
    ) {
      const k = skipSpaces(text, j + 1)
      let value = quotedAt(text, k)
      if (!value) {
        // A quoted `'Name: value'` ends at its closing quote, not the line's end.
        const open = i > 0 ? text.charCodeAt(i - 1) : 0
        const close = open === 34 || open === 39 ? open : 10
        let e = k
        while (
          e < n &&
          text.charCodeAt(e) !== close &&
          text.charCodeAt(e) !== 10 &&
          text.charCodeAt(e) !== 13
        )
          e++
        value = { start: k, end: e, next: e }
      }
      if (value.end > value.start) {
        replace(value)
        continue
      }
    }
    // `access_token%3Dabc` with no `name=` before it: the run read one layer down.
    if (decodes && i >= decodedEnd && decodedFinds(i, j)) continue
    i = j
  }
  return last === 0 ? text : out + text.slice(last)
}
