/**
 * A hostile string as one line of text: without control, line-separator and bidi-override
 * characters (they forge lines in a terminal or a report, split a sentence, reorder what is read).
 */
export function printable(v: string): string {
  let out = ''
  for (const ch of v) {
    const c = ch.codePointAt(0)!
    const control = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029
    const bidi = (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
    if (!control && !bidi) out += ch
  }
  return out
}
