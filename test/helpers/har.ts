/** Builders for HAR entries shaped like the ones browsers write. */
export interface EntrySpec {
  method: string
  url: string
  status: number
  statusText?: string
  requestHeaders?: Record<string, string>
  headers?: Record<string, string> | { name: string; value: string }[]
  body?: string
  redirectURL?: string
  start?: number
  resourceType?: string
  error?: string
}

let clock = Date.parse('2026-11-25T10:00:00.000Z')

export function resetClock(): void {
  clock = Date.parse('2026-11-25T10:00:00.000Z')
}

export function entry(s: EntrySpec): Record<string, unknown> {
  clock += 10
  const start = s.start ?? clock
  const headers = Array.isArray(s.headers)
    ? s.headers
    : Object.entries(s.headers ?? {}).map(([name, value]) => ({ name, value }))
  return {
    startedDateTime: new Date(start).toISOString(),
    time: 5,
    request: {
      method: s.method,
      url: s.url,
      httpVersion: 'HTTP/1.1',
      headers: Object.entries(s.requestHeaders ?? {}).map(([name, value]) => ({ name, value })),
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: s.status,
      statusText: s.statusText ?? '',
      httpVersion: 'HTTP/1.1',
      headers,
      cookies: [],
      content: { size: s.body?.length ?? 0, mimeType: 'text/plain', text: s.body ?? '' },
      redirectURL: s.redirectURL ?? '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 0, wait: 5, receive: 0 },
    ...(s.resourceType ? { _resourceType: s.resourceType } : {}),
    ...(s.error ? { _error: s.error } : {}),
  }
}

export function har(entries: unknown[]): {
  log: { version: string; creator: { name: string; version: string }; entries: unknown[] }
} {
  return { log: { version: '1.2', creator: { name: 'test', version: '1' }, entries } }
}

/** The top-level document of a page at `origin`, as browsers record a navigation: its site may be probed. */
export function pageEntry(origin: string): Record<string, unknown> {
  return entry({
    method: 'GET',
    url: `${origin}/`,
    status: 200,
    resourceType: 'document',
    requestHeaders: { 'Sec-Fetch-Dest': 'document', 'Sec-Fetch-Mode': 'navigate' },
    headers: { 'Content-Type': 'text/html' },
  })
}
