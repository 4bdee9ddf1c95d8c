/**
 * Takes the secrets out of a HAR recorded from a real framework app (scripts/record-real-flows.ts):
 * cookie values, CSRF tokens and the password typed into the sign-in form become placeholders;
 * header and field names stay. Every value is found first and then replaced everywhere it occurs
 * (headers, cookies arrays, form bodies, embedded HTML), raw and URL-encoded.
 */

interface NameValue {
  name: string
  value: string
}
interface HarEntryLike {
  request: { headers: NameValue[]; cookies?: NameValue[]; postData?: { text?: string; params?: NameValue[] } }
  response: { headers: NameValue[]; cookies?: NameValue[]; content?: { text?: string; encoding?: string } }
}

const CSRF_FIELD = /^(csrfmiddlewaretoken|authenticity_token|_csrf|csrf_token|_token|csrf)$/i
const CSRF_HEADER = /^x-(csrf-?token|xsrf-token)$/i
const HIDDEN_TOKEN =
  /name="(?:csrfmiddlewaretoken|authenticity_token|_csrf|csrf_token|_token)"[^>]*?value="([^"]+)"|value="([^"]+)"[^>]*?name="(?:csrfmiddlewaretoken|authenticity_token|_csrf|csrf_token|_token)"/g
const META_TOKEN = /<meta name="csrf-token" content="([^"]+)"/g
/** Shorter values (flags like `1`, `true`) are not secrets, and replacing them everywhere would garble the file. */
const MIN_SECRET = 8

function cookieValues(header: string, setCookie: boolean): string[] {
  const parts = setCookie ? [header.split(';')[0] ?? ''] : header.split(';')
  return parts.map((p) => p.slice(p.indexOf('=') + 1).trim()).filter((v) => v.length > 0)
}

function bodyText(content: { text?: string; encoding?: string } | undefined): string {
  if (!content?.text) return ''
  return content.encoding === 'base64' ? Buffer.from(content.text, 'base64').toString('utf8') : content.text
}

function collect(entries: HarEntryLike[], passwords: string[]): Map<string, string> {
  const found = new Map<string, string>()
  const add = (value: string | undefined, label: string) => {
    if (value && value.length >= MIN_SECRET && !found.has(value)) found.set(value, label)
  }
  for (const p of passwords) add(p, 'REDACTED-PASSWORD')
  for (const e of entries) {
    for (const h of e.request.headers) {
      if (h.name.toLowerCase() === 'cookie') for (const v of cookieValues(h.value, false)) add(v, 'REDACTED')
      if (CSRF_HEADER.test(h.name)) add(h.value, 'REDACTED-CSRF')
    }
    for (const h of e.response.headers)
      if (h.name.toLowerCase() === 'set-cookie')
        for (const line of h.value.split('\n')) for (const v of cookieValues(line, true)) add(v, 'REDACTED')
    for (const c of [...(e.request.cookies ?? []), ...(e.response.cookies ?? [])]) add(c.value, 'REDACTED')
    for (const p of e.request.postData?.params ?? [])
      if (CSRF_FIELD.test(p.name)) add(p.value, 'REDACTED-CSRF')
    const posted = e.request.postData?.text ?? ''
    for (const m of posted.matchAll(/(?:^|&)([^=&]+)=([^&]*)/g))
      if (CSRF_FIELD.test(decodeURIComponent(m[1] ?? ''))) add(decodeForm(m[2] ?? ''), 'REDACTED-CSRF')
    const html = bodyText(e.response.content)
    for (const m of html.matchAll(HIDDEN_TOKEN)) add(m[1] ?? m[2], 'REDACTED-CSRF')
    for (const m of html.matchAll(META_TOKEN)) add(m[1], 'REDACTED-CSRF')
  }
  return found
}

function decodeForm(v: string): string {
  try {
    return decodeURIComponent(v.replaceAll('+', ' '))
  } catch {
    return v
  }
}

/** Every spelling a value can take inside the HAR's JSON text. */
function spellings(value: string): string[] {
  const forms = new Set([
    value,
    encodeURIComponent(value),
    encodeURIComponent(value).replaceAll('%20', '+'),
    value.replaceAll('/', '\\/'),
  ])
  for (const f of [...forms]) forms.add(JSON.stringify(f).slice(1, -1))
  return [...forms].sort((a, b) => b.length - a.length)
}

/** The HAR text with every secret replaced, and base64 bodies re-read as text first so they can be searched. */
export function sanitiseHar(text: string, passwords: string[]): { text: string; replaced: number } {
  const har = JSON.parse(text) as { log: { entries: HarEntryLike[] } }
  for (const e of har.log.entries) {
    const c = e.response.content
    if (c?.encoding === 'base64' && c.text) {
      const decoded = Buffer.from(c.text, 'base64').toString('utf8')
      // Only bodies that are really text; images and fonts stay as they are.
      if (!decoded.includes('\uFFFD')) {
        c.text = decoded
        delete c.encoding
      }
    }
  }
  const secrets = collect(har.log.entries, passwords)
  let out = JSON.stringify(har, null, 2)
  for (const [value, label] of [...secrets].sort((a, b) => b[0].length - a[0].length))
    for (const s of spellings(value)) out = out.replaceAll(s, label)
  for (const value of secrets.keys())
    if (out.includes(value)) throw new Error(`a secret survived sanitising: ${value.slice(0, 4)}…`)
  return { text: `${out}\n`, replaced: secrets.size }
}
