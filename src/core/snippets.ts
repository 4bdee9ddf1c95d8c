import { header } from './headers'
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

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`
}

function keptHeaders(h: HeaderMap, opts: RedactOptions): [string, string][] {
  const out: [string, string][] = []
  for (const name of KEEP) {
    const v = header(h, name)
    if (v !== undefined) out.push([canonical(name), redactHeaderValue(name, v, opts).replace(/[\r\n]/g, ' ')])
  }
  return out
}

function canonical(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase())
}

function isJson(h: [string, string][]): boolean {
  return h.some(([n, v]) => n === 'Content-Type' && /json/i.test(v))
}

export function curlSnippet(r: SnippetRequest, opts: RedactOptions = {}): string {
  const headers = keptHeaders(r.headers, opts)
  const lines = [`curl ${r.method === 'GET' ? '' : `-X ${r.method} `}${shellQuote(redactUrl(r.url, opts))}`]
  for (const [n, v] of headers) lines.push(`  -H ${shellQuote(`${n}: ${v}`)}`)
  if (HAS_BODY.has(r.method)) lines.push('  --data @body.json')
  return lines.join(' \\\n')
}

export function fetchSnippet(r: SnippetRequest, opts: RedactOptions = {}): string {
  const headers = keptHeaders(r.headers, opts)
  const body = HAS_BODY.has(r.method)
  const init: string[] = [`  method: ${JSON.stringify(r.method)},`]
  if (headers.length > 0) {
    init.push(
      `  headers: { ${headers.map(([n, v]) => `${JSON.stringify(n)}: ${JSON.stringify(v)}`).join(', ')} },`,
    )
  }
  if (body)
    init.push(isJson(headers) || headers.length === 0 ? '  body: JSON.stringify(data),' : '  body: data,')
  return `const response = await fetch(${JSON.stringify(redactUrl(r.url, opts))}, {\n${init.join('\n')}\n})`
}

export function httpxSnippet(r: SnippetRequest, opts: RedactOptions = {}): string {
  const headers = keptHeaders(r.headers, opts)
  const args = [JSON.stringify(redactUrl(r.url, opts))]
  const json = isJson(headers) || headers.length === 0
  const extra = headers.filter(([n, v]) => !(json && n === 'Content-Type' && /json/i.test(v)))
  if (extra.length > 0)
    args.push(`headers={${extra.map(([n, v]) => `${JSON.stringify(n)}: ${JSON.stringify(v)}`).join(', ')}}`)
  if (HAS_BODY.has(r.method)) args.push(json ? 'json=data' : 'content=data')
  // httpx only follows redirects when asked; the call goes straight to the final URL instead.
  const call = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].includes(r.method)
    ? `httpx.${r.method.toLowerCase()}(${args.join(', ')})`
    : `httpx.request(${JSON.stringify(r.method)}, ${args.join(', ')})`
  return `import httpx\n\nresponse = ${call}`
}

export function snippetsFor(r: SnippetRequest, opts: RedactOptions = {}): Snippet[] {
  return [
    { lang: 'curl', code: curlSnippet(r, opts) },
    { lang: 'fetch', code: fetchSnippet(r, opts) },
    { lang: 'httpx', code: httpxSnippet(r, opts) },
  ]
}
