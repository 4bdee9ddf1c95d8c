import { header } from './headers'
import { jsString, pyString, shellQuote } from './quote'
import { type RedactOptions, redactHeaderValue, redactUrl } from './redact'
import type { HeaderMap, Snippet } from './types'

export interface SnippetRequest {
  method: string
  url: string
  headers: HeaderMap
}

/** Request headers worth repeating in a corrected call; secrets become placeholders. */
const KEEP = [
  'content-type',
  'accept',
  'authorization',
  'x-api-key',
  'x-auth-token',
  'x-csrf-token',
  'x-requested-with',
]
const HAS_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const HTTPX_FUNCTIONS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'])

/**
 * A value no call can carry as recorded: control characters (HTTP forbids them, and a line break
 * would add headers of its own), bidi controls (the code would read otherwise than it runs),
 * lone surrogates (no UTF-8 form). Such a header is left out, and the snippet says so.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const UNCARRIABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\p{Cs}/u

interface Call {
  method: string
  url: string
  headers: [string, string][]
  /** Names of the headers left out, constants from KEEP. */
  dropped: string[]
}

function canonical(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase())
}

/** The call's values, redacted as values, before any code is written. Null for a non-URL. */
function callOf(r: SnippetRequest, opts: RedactOptions): Call | null {
  let href: string
  try {
    // The URL as it goes on the wire: no tabs or line breaks, non-ASCII percent-encoded.
    href = new URL(r.url).href
  } catch {
    return null
  }
  const headers: [string, string][] = []
  const dropped: string[] = []
  for (const name of KEEP) {
    const v = header(r.headers, name)
    if (v === undefined) continue
    const value = redactHeaderValue(name, v, opts)
    if (UNCARRIABLE.test(value)) dropped.push(canonical(name))
    else headers.push([canonical(name), value])
  }
  return { method: r.method, url: redactUrl(href, opts), headers, dropped }
}

function isJson(h: [string, string][]): boolean {
  return h.some(([n, v]) => n === 'Content-Type' && /json/i.test(v))
}

/** A comment line after the call, naming the headers left out (names are constants, not data). */
function droppedNote(c: Call, comment: string): string[] {
  return c.dropped.length === 0
    ? []
    : [
        `${comment} Left out: ${c.dropped.join(', ')} (the recorded value holds characters no request can carry)`,
      ]
}

function curlCode(c: Call): string {
  const first = ['curl', ...(c.method === 'GET' ? [] : ['-X', shellQuote(c.method)]), shellQuote(c.url)]
  const lines = [first.join(' ')]
  for (const [n, v] of c.headers) lines.push(`  -H ${shellQuote(`${n}: ${v}`)}`)
  if (HAS_BODY.has(c.method)) lines.push('  --data @body.json')
  return [lines.join(' \\\n'), ...droppedNote(c, '#')].join('\n')
}

function fetchCode(c: Call): string {
  const init: string[] = [`  method: ${jsString(c.method)},`]
  if (c.headers.length > 0)
    init.push(`  headers: { ${c.headers.map(([n, v]) => `${jsString(n)}: ${jsString(v)}`).join(', ')} },`)
  if (HAS_BODY.has(c.method))
    init.push(isJson(c.headers) || c.headers.length === 0 ? '  body: JSON.stringify(data),' : '  body: data,')
  const call = `const response = await fetch(${jsString(c.url)}, {\n${init.join('\n')}\n})`
  return [call, ...droppedNote(c, '//')].join('\n')
}

function httpxCode(c: Call): string {
  const args = [pyString(c.url)]
  const json = isJson(c.headers) || c.headers.length === 0
  const extra = c.headers.filter(([n, v]) => !(json && n === 'Content-Type' && /json/i.test(v)))
  if (extra.length > 0)
    args.push(`headers={${extra.map(([n, v]) => `${pyString(n)}: ${pyString(v)}`).join(', ')}}`)
  if (HAS_BODY.has(c.method)) args.push(json ? 'json=data' : 'content=data')
  // httpx only follows redirects when asked; the call goes straight to the final URL instead.
  const call = HTTPX_FUNCTIONS.has(c.method)
    ? `httpx.${c.method.toLowerCase()}(${args.join(', ')})`
    : `httpx.request(${pyString(c.method)}, ${args.join(', ')})`
  return ['import httpx', '', `response = ${call}`, ...droppedNote(c, '#')].join('\n')
}

/** The corrected call in each language, from one set of (redacted) values; none for a non-URL. */
export function snippetsFor(r: SnippetRequest, opts: RedactOptions = {}): Snippet[] {
  const c = callOf(r, opts)
  if (!c) return []
  return [
    { lang: 'curl', code: curlCode(c) },
    { lang: 'fetch', code: fetchCode(c) },
    { lang: 'httpx', code: httpxCode(c) },
  ]
}
