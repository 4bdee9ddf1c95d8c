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

export interface ExchangeInput {
  request: { method: string; url: string; headers?: HeaderInput; body?: string }
  response: { status: number; statusText?: string; headers?: HeaderInput; body?: string }
  /**
   * The redirects the request went through, in order: each answer's status and Location, and the
   * method the browser used to follow it (left out: what fetch does, 303 → GET, 301/302 POST → GET).
   */
  redirects?: readonly { status: number; location: string; method?: string }[]
  /** How the page sent it: a resource type (`document`, `fetch`, `xhr`, `beacon`, …). */
  initiator?: string
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

/** The method a browser follows a redirect with when nobody said (the fetch standard's rule). */
function followMethod(status: number, method: string): string {
  if (status === 303 && method !== 'HEAD') return 'GET'
  if ((status === 301 || status === 302) && method === 'POST') return 'GET'
  return method
}

/** `document` for a navigation; chrome-devtools-mcp and DevTools spell resource types in lower case. */
function resourceType(initiator: string | undefined): string {
  const t = (initiator ?? '').toLowerCase().slice(0, 32)
  return t === 'navigation' ? 'document' : t
}

/** The exchange as a HAR document: hops one millisecond apart so the engine joins them in order. */
export function exchangeToHar(x: ExchangeInput): { log: { version: string; entries: unknown[] } } {
  const type = resourceType(x.initiator)
  const reqHeaders = harHeaders(x.request.headers)
  const start = Date.UTC(2026, 0, 1)
  const entries: unknown[] = []
  let method = x.request.method.toUpperCase()
  let url = x.request.url
  const entry = (
    res: { status: number; statusText?: string; headers: HarHeader[]; body?: string; redirectURL?: string },
    body: string | undefined,
  ) => {
    entries.push({
      startedDateTime: new Date(start + entries.length).toISOString(),
      time: 1,
      ...(type ? { _resourceType: type } : {}),
      request: {
        method,
        url,
        httpVersion: 'HTTP/1.1',
        headers: reqHeaders,
        queryString: [],
        cookies: [],
        headersSize: -1,
        bodySize: body === undefined ? 0 : body.length,
        ...(body === undefined ? {} : { postData: { mimeType: contentType(reqHeaders), text: body } }),
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
  let body = x.request.body
  for (const r of x.redirects ?? []) {
    entry(
      { status: r.status, headers: [{ name: 'Location', value: r.location }], redirectURL: r.location },
      body,
    )
    const next = (r.method ?? followMethod(r.status, method)).toUpperCase()
    // A redirect that turned the method into GET drops the body, as browsers do.
    if (next === 'GET' || next === 'HEAD') body = undefined
    method = next
    try {
      url = new URL(r.location, url).href
    } catch {
      url = r.location
    }
  }
  entry(
    {
      status: x.response.status,
      statusText: x.response.statusText,
      headers: harHeaders(x.response.headers),
      body: x.response.body,
    },
    body,
  )
  return { log: { version: '1.2', entries } }
}

function contentType(headers: readonly HarHeader[]): string {
  return headers.find((h) => h.name.toLowerCase() === 'content-type')?.value.toString() ?? ''
}
