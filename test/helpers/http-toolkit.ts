// Rewrites a browser HAR into the shape HTTP Toolkit's "Export as HAR" writes, as its exporter
// (httptoolkit-ui src/model/http/har.ts) builds it: a proxy's view, one page per client, raw
// header order and case, `redirectURL` always "" (the Location header is the only pointer to the
// next hop), `headersSize: -1`, timings of -1 for what a proxy cannot see, aborted exchanges as
// status 0 with an empty httpVersion, non-UTF-8 bodies as base64, TLS failures in `_tlsErrors`,
// and WebSocket exchanges as `_resourceType: "websocket"` entries.

type Json = Record<string, unknown>
type Header = { name: string; value: string }

const SOURCE = 'Firefox 153 (Linux)'

function pseudoHeaders(url: string, method: string): Header[] {
  const u = new URL(url)
  return [
    { name: ':method', value: method },
    { name: ':scheme', value: u.protocol.replace(':', '') },
    { name: ':authority', value: u.host },
    { name: ':path', value: u.pathname + u.search },
  ]
}

function aborted(): Json {
  return {
    status: 0,
    statusText: '',
    httpVersion: '',
    headers: [],
    cookies: [],
    content: { size: 0, mimeType: 'application/x-unknown' },
    redirectURL: '',
    headersSize: -1,
    bodySize: -1,
  }
}

export function asHttpToolkitHar(doc: unknown, opts: { http2?: boolean } = {}): Json {
  const log = (doc as { log: { entries: Json[] } }).log
  const entries = log.entries.map((e, i): Json => {
    const req = e.request as Json & { headers: Header[]; method: string; url: string }
    const res = e.response as Json & { status: number; headers: Header[]; content?: Json }
    const h2 = opts.http2 === true && i % 2 === 0
    const request: Json = {
      method: req.method,
      url: req.url,
      httpVersion: h2 ? 'HTTP/2.0' : 'HTTP/1.1',
      cookies: req.cookies ?? [],
      headers: h2
        ? [
            ...pseudoHeaders(req.url, req.method),
            ...req.headers.filter((x) => x.name.toLowerCase() !== 'host'),
          ]
        : req.headers,
      queryString: req.queryString ?? [],
      headersSize: -1,
      bodySize: req.bodySize ?? 0,
      ...(req.postData ? { postData: req.postData } : {}),
    }
    const content = res.content ?? {}
    const text = typeof content.text === 'string' ? content.text : ''
    const response: Json =
      res.status === 0
        ? aborted()
        : {
            status: res.status,
            statusText: res.statusText ?? '',
            httpVersion: h2 ? 'HTTP/2.0' : 'HTTP/1.1',
            cookies: res.cookies ?? [],
            headers: res.headers,
            content: {
              mimeType: content.mimeType ?? 'application/octet-stream',
              size: content.size ?? 0,
              // Every fifth body as base64, as HTTP Toolkit writes a body that is not valid UTF-8.
              ...(i % 5 === 4 && text !== ''
                ? { text: Buffer.from(text, 'utf8').toString('base64'), encoding: 'base64' }
                : { text }),
            },
            redirectURL: '',
            headersSize: -1,
            bodySize: content.size ?? 0,
          }
    return {
      pageref: SOURCE,
      startedDateTime: e.startedDateTime,
      time: res.status === 0 ? -1 : e.time,
      request,
      response,
      cache: {},
      timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: Number(e.time) || 0, receive: 0 },
    }
  })
  const first = entries[0]?.startedDateTime ?? new Date(0).toISOString()
  entries.push({
    pageref: SOURCE,
    startedDateTime: first,
    time: 12,
    request: {
      method: 'GET',
      url: 'http://127.0.0.1:8405/socket',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [
        { name: 'Upgrade', value: 'websocket' },
        { name: 'Connection', value: 'Upgrade' },
      ],
      queryString: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: 101,
      statusText: 'Switching Protocols',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [{ name: 'Upgrade', value: 'websocket' }],
      content: { mimeType: 'application/octet-stream', size: 0, text: '' },
      redirectURL: '',
      headersSize: -1,
      bodySize: 0,
    },
    cache: {},
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: 12, receive: 0 },
    _resourceType: 'websocket',
    _webSocketMessages: [{ type: 'send', opcode: 1, data: '<img src=x onerror=alert(1)>', time: 1 }],
    _webSocketClose: { code: 1000, reason: '' },
  })
  return {
    log: {
      version: '1.2',
      creator: { name: 'HTTP Toolkit', version: '1.20.1' },
      pages: [{ id: SOURCE, title: SOURCE, startedDateTime: first, pageTimings: {} }],
      entries,
      _tlsErrors: [
        {
          startedDateTime: first,
          time: 3,
          hostname: 'api.example.test',
          cause: 'cert-rejected',
          clientPort: 50123,
        },
      ],
    },
  }
}
