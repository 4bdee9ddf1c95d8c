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
/** httpx's helpers by whether they take a body: get/head/options/delete have no content= or json=. */
const HTTPX_WITH_BODY = new Set(['POST', 'PUT', 'PATCH'])
const HTTPX_WITHOUT_BODY = new Set(['GET', 'HEAD', 'OPTIONS', 'DELETE'])

/**
 * A value no request can carry as recorded: control characters (HTTP forbids them, and a line
 * break would add headers of its own) and lone surrogates (no UTF-8 form). Such a header is left
 * out of every call, and the snippet says so.
 */
const UNCARRIABLE = /[\p{Cc}\p{Cs}]/u

/** Whether a recorded header value can be sent as it is (Try the fix leaves the others out too). */
export const isCarriable = (value: string): boolean => !UNCARRIABLE.test(value)

/**
 * A value a shell script cannot show as it is: format characters (bidi marks and overrides,
 * zero-width characters, BOM, tags: all of \p{Cf}) and line or paragraph separators. Shell quotes
 * have no escape for them common to bash, zsh and fish, and raw they make the code read otherwise
 * than it runs, so curl leaves such a header out and says so; fetch and httpx escape them.
 */
const UNSHOWABLE_IN_SHELL = /[\p{Cf}\p{Zl}\p{Zp}]/u

/** curl expands `{a,b}` and `[1-3]` in a URL into several requests unless told not to. */
const CURL_GLOB = /[[\]{}]/

interface Call {
  method: string
  url: string
  headers: [string, string][]
  /** Names of the headers left out, constants from KEEP. */
  dropped: string[]
}

const NO_REQUEST = 'the recorded value holds characters no request can carry'
const NO_SHELL = 'the recorded value holds invisible or bidi characters a shell script cannot show'

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

/** The headers a corrected call repeats, as recorded (names canonical): what "Try the fix" sends. */
export function callHeaders(h: HeaderMap): [string, string][] {
  const out: [string, string][] = []
  for (const name of KEEP) {
    const v = header(h, name)
    if (v !== undefined) out.push([canonical(name), v])
  }
  return out
}

function isJson(h: [string, string][]): boolean {
  return h.some(([n, v]) => n === 'Content-Type' && /json/i.test(v))
}

/** A comment line after the call naming headers left out (names and reason are constants, not data). */
function droppedNote(comment: string, names: string[], why: string): string[] {
  return names.length === 0 ? [] : [`${comment} Left out: ${names.join(', ')} (${why})`]
}

function curlCode(c: Call): string {
  const headers = c.headers.filter(([, v]) => !UNSHOWABLE_IN_SHELL.test(v))
  const hidden = c.headers.filter(([, v]) => UNSHOWABLE_IN_SHELL.test(v)).map(([n]) => n)
  // One request to exactly this URL: with globbing on, curl would send one per expansion.
  const first = [
    'curl',
    ...(CURL_GLOB.test(c.url) ? ['--globoff'] : []),
    // `-X HEAD` would wait for a body that never comes; `--head` is curl's own HEAD request.
    ...(c.method === 'GET' ? [] : c.method === 'HEAD' ? ['--head'] : ['-X', shellQuote(c.method)]),
    shellQuote(c.url),
  ]
  const lines = [first.join(' ')]
  for (const [n, v] of headers) lines.push(`  -H ${shellQuote(`${n}: ${v}`)}`)
  if (HAS_BODY.has(c.method)) lines.push('  --data @body.json')
  return [
    lines.join(' \\\n'),
    ...droppedNote('#', c.dropped, NO_REQUEST),
    ...droppedNote('#', hidden, NO_SHELL),
  ].join('\n')
}

function fetchCode(c: Call): string {
  const init: string[] = [`  method: ${jsString(c.method)},`]
  if (c.headers.length > 0)
    init.push(`  headers: { ${c.headers.map(([n, v]) => `${jsString(n)}: ${jsString(v)}`).join(', ')} },`)
  if (HAS_BODY.has(c.method))
    init.push(isJson(c.headers) || c.headers.length === 0 ? '  body: JSON.stringify(data),' : '  body: data,')
  const call = `const response = await fetch(${jsString(c.url)}, {\n${init.join('\n')}\n})`
  return [call, ...droppedNote('//', c.dropped, NO_REQUEST)].join('\n')
}

function httpxCode(c: Call): string {
  const args = [pyString(c.url)]
  const json = isJson(c.headers) || c.headers.length === 0
  const extra = c.headers.filter(([n, v]) => !(json && n === 'Content-Type' && /json/i.test(v)))
  if (extra.length > 0)
    args.push(`headers={${extra.map(([n, v]) => `${pyString(n)}: ${pyString(v)}`).join(', ')}}`)
  const body = HAS_BODY.has(c.method)
  if (body) args.push(json ? 'json=data' : 'content=data')
  // httpx only follows redirects when asked; the call goes straight to the final URL instead.
  // A helper only when it takes what is passed (httpx.delete(url, json=…) is a TypeError).
  const helper = body
    ? HTTPX_WITH_BODY.has(c.method)
    : HTTPX_WITHOUT_BODY.has(c.method) || HTTPX_WITH_BODY.has(c.method)
  const call = helper
    ? `httpx.${c.method.toLowerCase()}(${args.join(', ')})`
    : `httpx.request(${pyString(c.method)}, ${args.join(', ')})`
  return ['import httpx', '', `response = ${call}`, ...droppedNote('#', c.dropped, NO_REQUEST)].join('\n')
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
