/**
 * One exchange, as an agent holds it (chrome-devtools-mcp's `get_network_request`, a proxy's
 * view, a hand-written description), turned into the HAR entries the engine reads: one entry
 * per redirect hop, then the final answer. Headers come as an object or as a HAR-style list.
 */

export type HeaderInput = Record<string, string | number | readonly string[]> | readonly HarHeader[]

export interface HarHeader {
  name: string
  value: string | number
}

/** A status as a number, or as chrome-devtools-mcp writes it (`[failed - 405]`). */
export type StatusInput = number | string

export interface RedirectHop {
  /** The method this hop was sent with. */
  method: string
  status: StatusInput
  /** Where this hop was sent; needed for the first, later ones default to the previous Location. */
  url?: string
  /** Where it pointed; defaults to the next hop's URL (the request's, for the last). */
  location?: string
}

export interface ExchangeInput {
  /** The request that got `response`: after redirects, the last one (as chrome-devtools-mcp shows it). */
  request: { method: string; url: string; headers?: HeaderInput; body?: string }
  response: { status: StatusInput; statusText?: string; headers?: HeaderInput; body?: string }
  /** The redirects before it, first hop first. */
  redirects?: readonly RedirectHop[]
  /** How the page sent it: a resource type (`document`, `fetch`, `xhr`, `beacon`, …). */
  initiator?: string
}

/** A refused exchange: one sentence for the caller. */
export class ExchangeError extends Error {}

/** The three digits of a status given either way; 0 (no answer) when there are none. */
export function statusOf(s: StatusInput): number {
  if (typeof s === 'number') return Number.isInteger(s) && s >= 100 && s <= 999 ? s : 0
  const m = /\b([1-9]\d\d)\b/.exec(s)
  return m ? Number(m[1]) : 0
}

/** A HAR header list from either shape; array values become one header each. */
export function harHeaders(h: HeaderInput | undefined): HarHeader[] {
  if (h === undefined) return []
  if (Array.isArray(h))
    return (h as readonly HarHeader[]).map((x) => ({ name: x.name, value: String(x.value) }))
  return Object.entries(h as Record<string, string | number | readonly string[]>).flatMap(([name, v]) =>
    Array.isArray(v) ? v.map((value) => ({ name, value: String(value) })) : [{ name, value: String(v) }],
  )
}

/** `document` for a navigation; chrome-devtools-mcp and DevTools spell resource types in lower case. */
function resourceType(initiator: string | undefined): string {
  const t = (initiator ?? '').toLowerCase().slice(0, 32)
  return t === 'navigation' ? 'document' : t
}

const absolute = (location: string, base: string): string => {
  try {
    return new URL(location, base).href
  } catch {
    return location
  }
}

/** The exchange as a HAR document: hops one millisecond apart so the engine joins them in order. */
export function exchangeToHar(x: ExchangeInput): { log: { version: string; entries: unknown[] } } {
  const type = resourceType(x.initiator)
  const reqHeaders = harHeaders(x.request.headers)
  const start = Date.UTC(2026, 0, 1)
  const entries: unknown[] = []
  const entry = (
    req: { method: string; url: string; body?: string },
    res: { status: number; statusText?: string; headers: HarHeader[]; body?: string; redirectURL?: string },
  ) => {
    entries.push({
      startedDateTime: new Date(start + entries.length).toISOString(),
      time: 1,
      ...(type ? { _resourceType: type } : {}),
      request: {
        method: req.method.toUpperCase(),
        url: req.url,
        httpVersion: 'HTTP/1.1',
        headers: reqHeaders,
        queryString: [],
        cookies: [],
        headersSize: -1,
        bodySize: req.body?.length ?? 0,
        ...(req.body === undefined
          ? {}
          : { postData: { mimeType: contentType(reqHeaders), text: req.body } }),
      },
      response: {
        status: res.status,
        statusText: res.statusText ?? '',
        httpVersion: 'HTTP/1.1',
        headers: res.headers,
        cookies: [],
        content: { size: res.body?.length ?? 0, mimeType: contentType(res.headers), text: res.body ?? '' },
        redirectURL: res.redirectURL ?? '',
        headersSize: -1,
        bodySize: res.body?.length ?? 0,
      },
      cache: {},
      timings: { send: 0, wait: 1, receive: 0 },
    })
  }
  const hops = x.redirects ?? []
  let url = hops[0]?.url
  if (hops.length > 0 && url === undefined)
    throw new ExchangeError('redirects[0].url is needed: the address the first request went to.')
  hops.forEach((hop, i) => {
    const here = hop.url ?? url!
    const status = statusOf(hop.status)
    if (status < 300 || status > 399)
      throw new ExchangeError(
        `redirects[${i}] has status ${status || String(hop.status)}, which is not a redirect.`,
      )
    const next = hops[i + 1]?.url ?? x.request.url
    const location = hop.location ?? next
    entry(
      { method: hop.method, url: here },
      { status, headers: [{ name: 'Location', value: location }], redirectURL: location },
    )
    url = absolute(location, here)
  })
  entry(
    { method: x.request.method, url: x.request.url, body: x.request.body },
    {
      status: statusOf(x.response.status),
      statusText: x.response.statusText,
      headers: harHeaders(x.response.headers),
      body: x.response.body,
    },
  )
  return { log: { version: '1.2', entries } }
}

function contentType(headers: readonly HarHeader[]): string {
  return headers.find((h) => h.name.toLowerCase() === 'content-type')?.value.toString() ?? ''
}
