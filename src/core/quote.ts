/**
 * String literals for the three languages of the corrected calls. Snippets are code built from
 * values: every value goes through one of these, and nothing edits the code afterwards.
 */

/** Words no shell reads specially anywhere (no glob, tilde, assignment, expansion or operator). */
const SHELL_BARE = /^[A-Za-z0-9_-]+$/

/**
 * Shell word that bash, zsh and fish all read back as `s`. Bare when only letters, digits, `_` and
 * `-`; else single-quoted runs, with each `'` written as `"'"` and each `\` as `"\\"` between
 * them: inside single quotes fish still reads `\'` and `\\` as escapes, so POSIX's `'\''` could be
 * broken open there. Every other character is literal inside single quotes in all three shells.
 */
export function shellQuote(s: string): string {
  if (SHELL_BARE.test(s)) return s
  if (s === '') return "''"
  // Runs of plain characters quoted, each quote or backslash double-quoted on its own.
  return s.replace(/[^'\\]+|'|\\/g, (part) => (part === "'" ? `"'"` : part === '\\' ? '"\\\\"' : `'${part}'`))
}

/** Invisible or layout-changing characters: escaped so the code reads as it runs. */
const HIDDEN = /^[\p{C}\p{Z}]$/u

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0')
}

/** Escapes shared by JavaScript and Python double-quoted literals. */
const COMMON: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
}

function literal(s: string, astral: (cp: number) => string): string {
  let out = '"'
  // for…of walks code points; a lone surrogate comes out on its own.
  for (const ch of s) {
    const cp = ch.codePointAt(0)!
    const known = COMMON[ch]
    if (known !== undefined) out += known
    else if (cp < 0x20 || (cp >= 0x7f && cp <= 0xa0)) out += `\\x${hex(cp, 2)}`
    else if (cp === 0x20 || (cp < 0x7f && cp > 0x20)) out += ch
    else if (cp >= 0xd800 && cp <= 0xdfff) out += `\\u${hex(cp, 4)}`
    else if (HIDDEN.test(ch)) out += cp > 0xffff ? astral(cp) : `\\u${hex(cp, 4)}`
    else out += ch
  }
  return `${out}"`
}

/** JavaScript string literal with the same value (U+2028, bidi controls and lone surrogates escaped). */
export function jsString(s: string): string {
  return literal(s, (cp) => `\\u{${hex(cp, 1)}}`)
}

/** Python 3 `str` literal with the same value (Python's escapes, not JSON's). */
export function pyString(s: string): string {
  return literal(s, (cp) => `\\U${hex(cp, 8)}`)
}
