/**
 * Display helpers for untrusted strings (URLs, headers, bodies). Everything the panel shows
 * from captured traffic goes through here before it becomes JSX text.
 */

/** Bidi embeddings, overrides, isolates and marks: they can reorder a URL on screen. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
/** C0/C1 controls other than tab and newline. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g

function codePoint(c: string): string {
  return `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`
}

/** Shows bidi and control characters as visible `⟨U+202E⟩` tokens instead of obeying them. */
export function visible(s: string, multiline = false): string {
  let out = s.replace(BIDI, (c) => `⟨${codePoint(c)}⟩`).replace(CONTROL, (c) => `⟨${codePoint(c)}⟩`)
  if (!multiline) out = out.replace(/\r?\n|\t/g, ' ')
  return out
}

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff

/** `averyverylongvalue` → `avery…value`, never splitting a surrogate pair. */
export function middle(s: string, max: number): string {
  if (s.length <= max) return s
  if (max < 3) return '…'
  let headLen = Math.ceil((max - 1) / 2)
  let tailStart = s.length - Math.floor((max - 1) / 2)
  if (isHigh(s.charCodeAt(headLen - 1))) headLen--
  if (isLow(s.charCodeAt(tailStart))) tailStart++
  return `${s.slice(0, headLen)}…${s.slice(tailStart)}`
}

/** Visible + middle-truncated: the text to show, with the full (visible) value for `title`. */
export function shown(s: string, max: number): { text: string; title: string | undefined } {
  const v = visible(s)
  const text = middle(v, max)
  return { text, title: text === v ? undefined : v }
}

export interface UrlView {
  origin: string
  path: string
  query: string
}

/**
 * Splits a URL for display. The WHATWG parser turns IDN hosts into punycode and drops
 * userinfo from the origin, so `https://bank.com@evil.example/` shows the real host.
 */
export function splitUrl(raw: string): UrlView {
  try {
    const u = new URL(raw)
    if (u.protocol === 'http:' || u.protocol === 'https:') {
      return { origin: visible(u.origin), path: visible(u.pathname), query: visible(u.search + u.hash) }
    }
  } catch {}
  return { origin: '', path: visible(raw), query: '' }
}

/** Host (with port) of a URL or origin, for labels such as "Allow probing api.example.com". */
export function hostOf(raw: string): string {
  try {
    return visible(new URL(raw).host)
  } catch {
    return visible(raw)
  }
}

/** Only http(s) links are ever rendered as links. */
export function safeHref(raw: string): string | null {
  try {
    const u = new URL(raw)
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null
  } catch {
    return null
  }
}

/** `12345` → `12,345` in the panel's language. */
export function count(n: number, lang: string): string {
  return n.toLocaleString(lang)
}
