import fc from 'fast-check'
import { probeKey } from '../../../src/core/keys'
import type { ProbeResult, ProbeStep } from '../../../src/core/types'

/** Generators of hostile HAR entries: plausible enough to reach the rules, broken enough to hurt. */

export const BASE_TIME = Date.parse('2026-11-25T10:00:00.000Z')

export const ORIGINS = [
  'http://127.0.0.1:8405',
  'https://api.example.test',
  'http://www.example.test',
] as const
export const PATHS = [
  '/',
  '/api/orders',
  '/api/orders/',
  '/x',
  '/x/',
  '/items?page=2&q=a%20b',
  '/%E2%80%AE',
  '/a/../b',
] as const

/** URLs that are not http(s), not absolute, or not URLs at all. */
export const HOSTILE_URLS = [
  'data:text/html,<script>alert(1)</script>',
  'data:application/json;base64,eyJhIjoxfQ==',
  'blob:https://api.example.test/6f1c5a0e-1111-2222-3333-444455556666',
  'about:blank',
  'about:srcdoc',
  'chrome-extension://abcdefghijklmnopabcdefghijklmnop/src/panel/index.html',
  'moz-extension://1234/x',
  'javascript:alert(document.cookie)',
  'JavaScript:fetch("//evil.test")',
  ' javascript:alert(1)',
  'file:///etc/passwd',
  'ftp://files.example.test/x',
  'ws://api.example.test/socket',
  'view-source:http://a.test/',
  '/relative/path',
  'relative?x=1',
  '//protocol-relative.test/x',
  '?only=query',
  '#frag',
  'http://',
  'https://[::1',
  'http://exa mple.test/',
  'http://a.test:99999/',
  '',
  ' ',
  'not a url\nFAKE LINE',
  'http://a.test/\u001b[2J\u001b[31mred',
  'http://a.test/x\r\nInjected: yes',
  'http://a.test/\u202egnp.exe',
  'http://a.test/\u0000\u0007\u0008',
  '\ud800http://a.test/',
] as const

/** Pieces built to break renderers: terminal escapes, bidi overrides, markup, lone surrogates. */
export const NASTY_PIECES = [
  '\u001b[2J',
  '\u001b]0;title\u0007',
  '\u009b31m',
  '\r',
  '\r\n',
  '\n',
  '\t',
  '\u0000',
  '\u007f',
  '\u202e',
  '\u2066',
  '\u2069',
  '\u200f',
  '\u2028',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  ']]>',
  '&amp;',
  '&#0;',
  '`',
  '```',
  '|',
  '[x](javascript:alert(1))',
  '\ud800',
  '\udfff',
  '\ufffe',
  '\uffff',
  '💥',
  '__proto__',
  'constructor',
  'prototype',
  '{url}',
  '$&',
  '$1',
] as const

/** Wrongly typed anything, including what JSON cannot hold (null prototypes, boxed values, BigInt). */
export const junk: fc.Arbitrary<unknown> = fc.anything({
  maxDepth: 2,
  maxKeys: 4,
  withNullPrototype: true,
  withBoxedValues: true,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withSparseArray: true,
  withObjectString: true,
  stringUnit: 'binary',
})

/** Mostly the well-typed value, sometimes junk or missing. */
export function field<T>(good: fc.Arbitrary<T>, junkWeight = 1): fc.Arbitrary<T | unknown> {
  return fc.oneof({ weight: 14, arbitrary: good }, { weight: junkWeight, arbitrary: junk })
}

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .array(fc.oneof(fc.constantFrom(...NASTY_PIECES), fc.string({ maxLength: 6 })), { maxLength: 5 })
      .map((p) => p.join('')),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
)

export const httpUrl: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...ORIGINS), fc.constantFrom(...PATHS))
  .map(([o, p]) => o + p)
export const hostileUrl: fc.Arbitrary<string> = fc.constantFrom(...HOSTILE_URLS)
export const anyUrl: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: httpUrl },
  { weight: 3, arbitrary: hostileUrl },
  { weight: 1, arbitrary: fc.tuple(httpUrl, nastyString).map(([u, s]) => u + s) },
  { weight: 1, arbitrary: nastyString },
)

export const STD_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const
export const method: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...STD_METHODS) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'post',
      'Get',
      'PROPFIND',
      'M-SEARCH',
      'BREW',
      '',
      ' POST',
      'POST\r\n',
      'PO ST',
      '__proto__',
      'constructor',
      'A'.repeat(40),
      '\u202ePOST',
      'ПОСТ',
    ),
  },
  { weight: 1, arbitrary: nastyString },
)

export const COMMON_STATUS = [
  0, 100, 200, 201, 204, 301, 302, 303, 304, 307, 308, 400, 401, 403, 404, 405, 410, 500, 501, 502,
] as const
const ODD_STATUS: readonly unknown[] = [
  -1,
  -405,
  99,
  999,
  1000,
  405.5,
  2 ** 31,
  2 ** 53,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  '405',
  ' 405 ',
  '0x195',
  '4e2',
  '',
  'NaN',
  null,
  true,
]
export const status: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(...COMMON_STATUS) },
  { weight: 2, arbitrary: fc.constantFrom(...ODD_STATUS) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
)

export const HEADER_NAMES = [
  'Allow',
  'allow',
  'ALLOW',
  'aLLoW',
  'Location',
  'location',
  'Server',
  'Via',
  'cf-ray',
  'x-amz-cf-id',
  'x-amzn-errortype',
  'x-powered-by',
  'x-served-by',
  'Content-Type',
  'Access-Control-Allow-Methods',
  'Access-Control-Allow-Origin',
  'Origin',
  'Referer',
  'Authorization',
  'Cookie',
  'X-Api-Key',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  '',
  ' ',
  'Allow ',
  'Allow\u0000',
] as const

const ALLOW_TOKENS = [
  'GET',
  'POST',
  'put',
  ' DELETE ',
  'PATCH',
  'HEAD',
  'OPTIONS',
  '*',
  '',
  'G E T',
  '<script>',
  'GET;q=1',
  '\u001b[2J',
  '`x`',
  'A'.repeat(30),
  '__proto__',
  'constructor',
  'ÉTÉ',
  '"POST"',
  'GET\u202e',
]

/** `Allow` / `Access-Control-Allow-Methods` lists with junk tokens and odd separators. */
export const allowValue: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.constantFrom(...ALLOW_TOKENS), { maxLength: 8 }),
    fc.constantFrom(',', ', ', ' ,', ';', ' ', ',,'),
  )
  .map(([tokens, sep]) => tokens.join(sep))

const SERVERS = [
  'cloudflare',
  'AmazonS3',
  'nginx/1.25.3',
  'Werkzeug/3.0.1 Python/3.12',
  'Kestrel',
  'Microsoft-IIS/10.0',
  'uvicorn',
  'GitHub.com',
  'Netlify',
  'Vercel',
  'AkamaiGHost',
  'awselb/2.0',
  'Apache/2.4',
]

export const headerValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: allowValue },
  { weight: 2, arbitrary: anyUrl },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      ...SERVERS,
      'Bearer abcdefghijkl',
      'application/json',
      'text/plain',
      '1.1 varnish',
      'PUT',
      'null',
    ),
  },
  { weight: 2, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constant(null), fc.constant(undefined)) },
)

const header: fc.Arbitrary<unknown> = field(
  fc.record({
    name: field(
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...HEADER_NAMES) },
        { weight: 1, arbitrary: nastyString },
      ),
    ),
    value: headerValue,
  }),
)
export const headers: fc.Arbitrary<unknown> = field(fc.array(header, { maxLength: 8 }))

const REQUEST_HEADER_NAMES = [
  'Origin',
  'Referer',
  'Content-Type',
  'Authorization',
  'Cookie',
  'X-Api-Key',
  'Access-Control-Request-Method',
  'Accept',
  '__proto__',
  'constructor',
] as const
const requestHeaders: fc.Arbitrary<unknown> = field(
  fc.array(
    field(
      fc.record({
        name: fc.constantFrom(...REQUEST_HEADER_NAMES),
        value: fc.oneof(
          fc.constantFrom(
            ...ORIGINS,
            'null',
            'application/json',
            'text/plain',
            'PUT',
            'DELETE',
            'Bearer abcdefghijkl',
          ),
          method,
          headerValue,
        ),
      }),
    ),
    { maxLength: 4 },
  ),
)

const FRAMEWORK_BODIES = [
  'Cannot POST /api/orders',
  '<pre>Cannot PUT /x</pre>',
  '404 page not found',
  '405 method not allowed',
  'Method Not Allowed',
  '{"detail":"Method Not Allowed"}',
  '{"detail":"Method \\"POST\\" not allowed."}',
  'Route POST:/x not found',
  '{"message":"Missing Authentication Token"}',
  '<center>nginx</center>',
  'The POST method is not supported for route x',
  'No route matches [POST] "/x"',
]

const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64')
export const content: fc.Arbitrary<unknown> = field(
  fc.record(
    {
      text: field(
        fc.oneof(
          fc.constantFrom(...FRAMEWORK_BODIES),
          fc.constantFrom(...FRAMEWORK_BODIES).map(b64),
          fc.uint8Array({ maxLength: 64 }).map(b64),
          fc.constantFrom('!!!not base64', '====', 'QQ', 'Q', '////', '\u0000\u0001\u0002'),
          nastyString,
        ),
      ),
      encoding: field(fc.constantFrom('base64', 'BASE64', 'utf-8', 'gzip', '', undefined)),
      mimeType: fc.constantFrom('text/plain', 'application/json', 'application/octet-stream'),
      size: fc.integer(),
    },
    { requiredKeys: [] },
  ),
)

export const startedDateTime: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.integer({ min: 0, max: 3000 }).map((ms) => new Date(BASE_TIME + ms).toISOString()),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'garbage',
      '',
      'NaN',
      '2026-13-45T99:99:99Z',
      '+275760-09-13T00:00:00.000Z',
      '-271821-04-20T00:00:00.000Z',
      '0',
      'Invalid Date',
    ),
  },
  { weight: 1, arbitrary: junk },
)

export const request: fc.Arbitrary<unknown> = field(
  fc.record({ method: field(method), url: field(anyUrl), headers: requestHeaders }, { requiredKeys: [] }),
)

export const response: fc.Arbitrary<unknown> = field(
  fc.record(
    {
      status: status,
      statusText: field(nastyString),
      headers,
      redirectURL: field(fc.oneof(fc.constant(''), fc.constantFrom(...PATHS), anyUrl)),
      content,
      bodySize: field(fc.integer()),
      _error: field(nastyString),
    },
    { requiredKeys: [] },
  ),
)

/** One HAR entry, malformed in any field, or not an entry at all. */
export const hostileEntry: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 20,
    arbitrary: fc.record(
      {
        startedDateTime,
        time: field(fc.oneof(fc.double(), fc.constant(-1))),
        request,
        response,
        _resourceType: field(fc.constantFrom('fetch', 'xhr', 'document', 'preflight', 'other')),
        _error: field(
          fc.oneof(
            fc.constantFrom('net::ERR_FAILED', 'net::ERR_BLOCKED_BY_CLIENT', 'NS_ERROR_DOM_BAD_URI'),
            nastyString,
          ),
        ),
      },
      { requiredKeys: ['request', 'response'] },
    ),
  },
  { weight: 1, arbitrary: junk },
)

/** A well-formed HAR entry (the shape browsers write), for building chains on purpose. */
export function harEntry(s: {
  method: string
  url: string
  status: number
  start: number
  headers?: { name: string; value: string }[]
  redirectURL?: string
  body?: string
}): Record<string, unknown> {
  return {
    startedDateTime: new Date(s.start).toISOString(),
    time: 5,
    request: { method: s.method, url: s.url, headers: [] },
    response: {
      status: s.status,
      statusText: '',
      headers: s.headers ?? [],
      redirectURL: s.redirectURL ?? '',
      content: { text: s.body ?? '' },
    },
  }
}

/** A redirect and its follow-up, so chains really form; sometimes delivered follow-up first. */
export const redirectPair: fc.Arbitrary<unknown[]> = fc
  .record({
    origin: fc.constantFrom(...ORIGINS),
    path: fc.constantFrom('/api/orders', '/x', '/x/', '/login'),
    method: fc.constantFrom(...STD_METHODS),
    status: fc.constantFrom(301, 302, 303, 307, 308),
    to: fc.oneof(
      {
        weight: 4,
        arbitrary: fc.constantFrom(
          '/api/orders/',
          '/x/',
          '/x',
          '/done',
          'https://api.example.test/api/orders/',
        ),
      },
      { weight: 1, arbitrary: anyUrl },
    ),
    locationHeader: fc.boolean(),
    follow: fc.option(method, { nil: undefined }),
    final: fc.constantFrom(200, 201, 204, 400, 403, 404, 405, 500, 501, 0),
    allow: fc.option(allowValue, { nil: undefined }),
    t: fc.integer({ min: 0, max: 2000 }),
    gap: fc.integer({ min: -60, max: 60 }),
    reversed: fc.boolean(),
  })
  .map((r) => {
    const from = r.origin + r.path
    let target = r.to
    try {
      target = new URL(r.to, from).href
    } catch {}
    const first = harEntry({
      method: r.method,
      url: from,
      status: r.status,
      start: BASE_TIME + r.t,
      ...(r.locationHeader ? { headers: [{ name: 'Location', value: r.to }] } : { redirectURL: r.to }),
    })
    const rewritten =
      (r.status === 303 && r.method !== 'GET' && r.method !== 'HEAD') ||
      ((r.status === 301 || r.status === 302) && r.method === 'POST')
    const second = harEntry({
      method: r.follow ?? (rewritten ? 'GET' : r.method),
      url: target,
      status: r.final,
      start: BASE_TIME + r.t + 5 + r.gap,
      headers: r.allow === undefined ? [] : [{ name: 'Allow', value: r.allow }],
    })
    return r.reversed ? [second, first] : [first, second]
  })

/** A capture: single hostile entries mixed with real redirect chains. */
export const hostileBatch: fc.Arbitrary<unknown[]> = fc
  .array(
    fc.oneof({ weight: 3, arbitrary: hostileEntry.map((e) => [e]) }, { weight: 1, arbitrary: redirectPair }),
    { maxLength: 8 },
  )
  .map((groups) => groups.flat())

const STEP_OUTCOMES = ['answered', 'timeout', 'network-error', 'refused', 'no-permission', 'skipped'] as const
const probeStep: fc.Arbitrary<ProbeStep> = fc.record(
  {
    method: fc.constantFrom('OPTIONS', 'HEAD', 'GET'),
    url: anyUrl,
    outcome: fc.constantFrom(...STEP_OUTCOMES),
    status: fc.oneof(fc.constantFrom(...COMMON_STATUS), fc.integer()),
    headers: fc.dictionary(
      fc.constantFrom(
        'allow',
        'access-control-allow-methods',
        'server',
        'via',
        'location',
        '__proto__',
        'constructor',
      ),
      fc.oneof(allowValue, nastyString),
      {
        maxKeys: 4,
      },
    ),
    durationMs: fc.double(),
    reason: nastyString,
    location: anyUrl,
  },
  { requiredKeys: ['method', 'url', 'outcome', 'status', 'headers', 'durationMs'] },
)

/** A discovery-ladder result with hostile values, aimed at an endpoint the capture may contain. */
export const probeResult: fc.Arbitrary<ProbeResult> = fc
  .record({
    method: fc.constantFrom(...STD_METHODS),
    url: fc.oneof({ weight: 4, arbitrary: httpUrl }, { weight: 1, arbitrary: anyUrl }),
    steps: fc.array(probeStep, { maxLength: 3 }),
    at: fc.double(),
  })
  .map(({ method: m, url, steps, at }) => ({ endpoint: probeKey(m, url), url, at, steps }))
