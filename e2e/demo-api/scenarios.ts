/** One button on the demo page: a request and what Method Doctor should say about it. */
export interface Scenario {
  id: string
  title: string
  method: string
  path: string
  via: 'fetch' | 'form'
  /** Sent to the demo's second origin (corsOrigin) instead of the page's own. */
  crossOrigin?: boolean
  body?: string
  contentType?: string
  /** Finding kinds Method Doctor should report; [] for requests that work. */
  expect: string[]
  /** Only the response body identifies the stack: DevTools' getHAR() (no bodies) yields nothing. */
  bodyOnly?: boolean
  /** What a capture alone (no probes) yields, when it differs from `expect`. */
  expectWithoutProbe?: string[]
  /** Findings from a capture without the preflight (Playwright's recordHar leaves preflights out). */
  expectWithoutPreflight?: string[]
  /** Status the page ends up with after redirects; absent when the browser reports a network error. */
  finalStatus?: number
}

const JSON_TYPE = 'application/json'
const FORM_TYPE = 'application/x-www-form-urlencoded'
const SLASH = ['redirect-method-change', 'trailing-slash-redirect']

// Order is the page's order and "Run all"'s order: broken first, then the controls.
export const scenarios: Scenario[] = [
  {
    id: 'get-only',
    title: 'POST to a GET-only endpoint',
    method: 'POST',
    path: '/api/items',
    via: 'fetch',
    body: '{"name":"Widget"}',
    contentType: JSON_TYPE,
    expect: ['wrong-method'],
    finalStatus: 405,
  },
  {
    id: 'no-allow',
    title: '405 without an Allow header',
    method: 'POST',
    path: '/api/reports',
    via: 'fetch',
    body: '{"month":"2024-05"}',
    contentType: JSON_TYPE,
    expect: ['wrong-method', 'missing-allow-header'],
    finalStatus: 405,
  },
  {
    id: 'slash-301',
    title: 'POST redirected (301) to add a slash',
    method: 'POST',
    path: '/api/orders',
    via: 'fetch',
    body: '{"item":1,"qty":2}',
    contentType: JSON_TYPE,
    expect: SLASH,
    finalStatus: 405,
  },
  {
    id: 'slash-302',
    title: 'POST redirected (302) to add a slash',
    method: 'POST',
    path: '/api/carts',
    via: 'fetch',
    body: '{"item":1}',
    contentType: JSON_TYPE,
    expect: SLASH,
    finalStatus: 405,
  },
  {
    id: 'slash-303',
    title: 'PUT redirected (303) to add a slash',
    method: 'PUT',
    path: '/api/profile',
    via: 'fetch',
    body: '{"name":"Ada"}',
    contentType: JSON_TYPE,
    expect: SLASH,
    finalStatus: 405,
  },
  {
    id: 'proxy',
    title: 'DELETE blocked by a gateway',
    method: 'DELETE',
    path: '/api/files/42',
    via: 'fetch',
    expect: ['blocked-by-proxy'],
    // A Via header alone does not prove the gateway answered: the OPTIONS probe (the app allows
    // DELETE) does. Without it, what the answer itself shows.
    expectWithoutProbe: ['missing-allow-header', 'wrong-method'],
    finalStatus: 405,
  },
  {
    id: 'cors',
    title: 'Cross-origin PUT, preflight rejected',
    method: 'PUT',
    path: '/api/settings',
    via: 'fetch',
    crossOrigin: true,
    body: '{"theme":"dark"}',
    contentType: JSON_TYPE,
    expect: ['cors-preflight-rejected'],
    // Alone, a call with no answer is not evidence of CORS: only its preflight would show it.
    expectWithoutPreflight: ['request-failed'],
  },
  {
    id: 'static',
    title: 'POST to a static file on nginx',
    method: 'POST',
    path: '/static/contact.html',
    via: 'fetch',
    body: 'name=Ada&message=Hello',
    contentType: FORM_TYPE,
    expect: ['static-host'],
    finalStatus: 405,
  },
  {
    id: 'express-404',
    title: 'Express 404s an unrouted POST',
    method: 'POST',
    path: '/api/users',
    via: 'fetch',
    body: '{"name":"Ada"}',
    contentType: JSON_TYPE,
    expect: ['wrong-method'],
    finalStatus: 404,
  },
  {
    id: 'starlette-partial',
    title: "PATCH where FastAPI's Allow is incomplete",
    method: 'PATCH',
    path: '/api/inventory/7',
    via: 'fetch',
    body: '{"name":"Widget"}',
    contentType: JSON_TYPE,
    expect: ['wrong-method'],
    finalStatus: 405,
  },
  {
    id: 'fastify-404',
    title: 'Fastify 404s an unrouted POST',
    method: 'POST',
    path: '/api/accounts',
    via: 'fetch',
    body: '{"name":"Ada"}',
    contentType: JSON_TYPE,
    expect: ['wrong-method'],
    bodyOnly: true,
    finalStatus: 404,
  },
  {
    id: 'fastify-missing',
    title: 'POST to a path Fastify does not have',
    method: 'POST',
    path: '/api/accounts/archive',
    via: 'fetch',
    body: '{}',
    contentType: JSON_TYPE,
    // The 404 reads exactly like a wrong method; only the probes show the path is missing.
    expect: [],
    expectWithoutProbe: ['wrong-method'],
    bodyOnly: true,
    finalStatus: 404,
  },
  {
    id: 'hostile',
    title: 'A hostile server (script and markup everywhere)',
    method: 'POST',
    // The path itself carries markup and a right-to-left override.
    path: '/api/hostile/%3Cimg%20src=x%20onerror=alert(1)%3E%E2%80%AEfdp.exe',
    via: 'fetch',
    body: '{}',
    contentType: JSON_TYPE,
    expect: ['redirect-method-change'],
    finalStatus: 405,
  },
  {
    id: 'prg',
    title: 'Form POST, then 303 to a thanks page',
    method: 'POST',
    path: '/form/contact',
    via: 'form',
    body: 'name=Ada&message=Hello',
    contentType: FORM_TYPE,
    expect: ['post-redirect-get'],
    finalStatus: 200,
  },
  {
    id: 'form-405',
    title: 'Form POST to a GET-only search page',
    method: 'POST',
    path: '/form/search',
    via: 'form',
    body: 'q=widgets',
    contentType: FORM_TYPE,
    expect: ['wrong-method'],
    finalStatus: 405,
  },
  {
    id: 'keep-307',
    title: 'POST follows a 307 and stays a POST',
    method: 'POST',
    path: '/api/v1/upload',
    via: 'fetch',
    body: '{"file":"notes.txt"}',
    contentType: JSON_TYPE,
    expect: [],
    finalStatus: 201,
  },
  {
    id: 'keep-308',
    title: 'POST follows a 308 and stays a POST',
    method: 'POST',
    path: '/api/legacy/comments',
    via: 'fetch',
    body: '{"text":"Nice"}',
    contentType: JSON_TYPE,
    expect: [],
    finalStatus: 201,
  },
  {
    id: 'ok-get',
    title: 'GET a list',
    method: 'GET',
    path: '/api/items',
    via: 'fetch',
    expect: [],
    finalStatus: 200,
  },
  {
    id: 'ok-post',
    title: 'POST that creates',
    method: 'POST',
    path: '/api/echo',
    via: 'fetch',
    body: '{"hello":"world"}',
    contentType: JSON_TYPE,
    expect: [],
    finalStatus: 201,
  },
  {
    id: 'missing',
    title: 'GET a path that does not exist',
    method: 'GET',
    path: '/api/nothing-here',
    via: 'fetch',
    expect: [],
    finalStatus: 404,
  },
  {
    id: 'cors-ok',
    title: 'Cross-origin GET that CORS allows',
    method: 'GET',
    path: '/api/public',
    via: 'fetch',
    crossOrigin: true,
    expect: [],
    finalStatus: 200,
  },
]

/** Endpoints for probe tests (OPTIONS timing and concurrency); not buttons on the page. */
export const probeEndpoints = {
  /** POST → 405 `Allow: GET`; OPTIONS answers 204 only after slowOptionsMs. */
  slow: '/api/slow',
  /** Five distinct 405s (POST, `Allow: GET`) whose OPTIONS answer at once. */
  storm: ['/api/storm/1', '/api/storm/2', '/api/storm/3', '/api/storm/4', '/api/storm/5'],
  /** POST → 405 `Allow: GET`; OPTIONS never answers. */
  hang: '/api/hang',
} as const

/** `kind METHOD path` for every finding the scenarios yield from capture alone (no probe), sorted. */
/** What a capture alone yields; `preflights: false` for one that leaves preflights out (Playwright's). */
export function expectedWithoutProbe(o: { preflights?: boolean } = {}): string[] {
  return scenarios
    .flatMap((s) =>
      (
        (o.preflights === false ? s.expectWithoutPreflight : undefined) ??
        s.expectWithoutProbe ??
        s.expect
      ).map((kind) => `${kind} ${s.method} ${s.path}`),
    )
    .sort()
}
