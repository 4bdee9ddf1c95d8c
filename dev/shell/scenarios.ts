/**
 * HAR entries for the shell: real server answers from test/fixtures/frameworks plus
 * hand-made entries shaped like the demo API's scenarios, one or more per finding kind.
 * Findings always come from running the core Engine over these, never typed by hand.
 */
import { fixtureEntrySpec } from '../fixture-entry'
import { type EntrySpec, entryBuilder } from '../har-entry'
import { type FixtureCase, fixtureCase, STACKS } from './stacks'

/** Entries 137 ms apart, 12 ms each: a page's steady pace. */
const { entry } = entryBuilder({
  startsAt: Date.parse('2026-11-25T10:00:00.000Z'),
  stepMs: 137,
  durationMs: 12,
})

function fromFixture(c: FixtureCase, origin: string): Record<string, unknown> {
  return entry(fixtureEntrySpec(c, origin))
}

export const DEMO = 'http://127.0.0.1:8405'
export const API = 'https://api.example.com'
const JSON_REQ = { 'Content-Type': 'application/json', Accept: 'application/json' }
const JSON_RES = { 'Content-Type': 'application/json' }
const NGINX_405 =
  '<html>\r\n<head><title>405 Not Allowed</title></head>\r\n<body>\r\n<center><h1>405 Not Allowed</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n'

/** The demo API's broken scenarios, as a browser would have recorded them. */
function demoEntries(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = []
  const add = (s: EntrySpec): void => void out.push(entry(s))
  add({ method: 'GET', url: `${DEMO}/api/items`, status: 200, headers: JSON_RES, body: '[{"id":1}]' })
  for (let i = 0; i < 3; i++) {
    add({
      method: 'POST',
      url: `${DEMO}/api/items`,
      status: 405,
      statusText: 'Method Not Allowed',
      requestHeaders: { ...JSON_REQ, Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.demo.secret' },
      headers: { ...JSON_RES, Allow: 'GET, HEAD' },
      body: '{"error":"method not allowed"}',
    })
  }
  add({ method: 'GET', url: `${DEMO}/api/reports`, status: 200, headers: JSON_RES, body: '[]' })
  add({
    method: 'POST',
    url: `${DEMO}/api/reports`,
    status: 405,
    statusText: 'Method Not Allowed',
    requestHeaders: JSON_REQ,
    headers: JSON_RES,
    body: '{"error":"method not allowed"}',
  })
  add({
    method: 'POST',
    url: `${DEMO}/api/orders`,
    status: 301,
    statusText: 'Moved Permanently',
    requestHeaders: JSON_REQ,
    headers: { Location: '/api/orders/' },
    redirectURL: '/api/orders/',
  })
  add({
    method: 'GET',
    url: `${DEMO}/api/orders/`,
    status: 405,
    statusText: 'Method Not Allowed',
    headers: { ...JSON_RES, Allow: 'POST, OPTIONS' },
    body: '{"error":"method not allowed"}',
  })
  add({
    method: 'PUT',
    url: `${DEMO}/api/profile`,
    status: 303,
    statusText: 'See Other',
    requestHeaders: JSON_REQ,
    headers: { Location: '/api/profile/' },
    redirectURL: '/api/profile/',
  })
  add({
    method: 'GET',
    url: `${DEMO}/api/profile/`,
    status: 405,
    statusText: 'Method Not Allowed',
    headers: { ...JSON_RES, Allow: 'PUT, PATCH' },
  })
  add({
    method: 'DELETE',
    url: `${DEMO}/api/files/42`,
    status: 405,
    statusText: 'Method Not Allowed',
    // An AWS load balancer's own fixed 405: the edge answered, the app never saw the request.
    headers: { Server: 'awselb/2.0', 'Content-Type': 'text/html' },
    body: '<html><head><title>405 Method Not Allowed</title></head><body><center><h1>405 Method Not Allowed</h1></center></body></html>',
  })
  add({
    method: 'OPTIONS',
    url: `${API}/api/settings`,
    status: 403,
    statusText: 'Forbidden',
    requestHeaders: {
      Origin: DEMO,
      'Access-Control-Request-Method': 'PUT',
      'Access-Control-Request-Headers': 'content-type',
    },
    headers: {
      'x-amzn-ErrorType': 'MissingAuthenticationTokenException',
      'Content-Type': 'application/json',
    },
    body: '{"message":"Missing Authentication Token"}',
  })
  add({
    method: 'PUT',
    url: `${API}/api/settings`,
    status: 0,
    requestHeaders: { ...JSON_REQ, Origin: DEMO },
    error: 'net::ERR_FAILED',
  })
  add({
    method: 'POST',
    url: `${DEMO}/static/contact.html`,
    status: 405,
    statusText: 'Not Allowed',
    requestHeaders: { 'Content-Type': 'application/x-www-form-urlencoded' },
    headers: { Server: 'nginx/1.22.1', 'Content-Type': 'text/html' },
    body: NGINX_405,
  })
  add({
    method: 'POST',
    url: `${DEMO}/form/contact`,
    status: 303,
    statusText: 'See Other',
    requestHeaders: { 'Content-Type': 'application/x-www-form-urlencoded' },
    headers: { Location: '/form/thanks' },
    redirectURL: '/form/thanks',
  })
  add({ method: 'GET', url: `${DEMO}/form/thanks`, status: 200, headers: { 'Content-Type': 'text/html' } })
  add({
    method: 'PATCH',
    url: `${API}/v1/orders/17?expand=items&session=8f14e45fceea167a5a36dedd4bea2543&utm_source=newsletter`,
    status: 405,
    statusText: 'Method Not Allowed',
    requestHeaders: JSON_REQ,
    headers: { Server: 'Kestrel', 'Content-Type': 'application/problem+json' },
    body: '{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.6","title":"Method Not Allowed","status":405}',
  })
  // A script's write sent after the session ended: the app redirects it to its sign-in page.
  const FETCH = { ...JSON_REQ, 'Sec-Fetch-Mode': 'cors', 'Sec-Fetch-Dest': 'empty' }
  add({
    method: 'POST',
    url: `${DEMO}/api/notes`,
    status: 302,
    statusText: 'Found',
    requestHeaders: FETCH,
    headers: { Location: '/accounts/login/?next=/api/notes' },
    redirectURL: '/accounts/login/?next=/api/notes',
    resourceType: 'fetch',
  })
  add({
    method: 'GET',
    url: `${DEMO}/accounts/login/?next=/api/notes`,
    status: 200,
    headers: { 'Content-Type': 'text/html' },
    resourceType: 'fetch',
  })
  // A checkout form answered with 307: the browser re-POSTs to a page that only shows things.
  add({
    method: 'POST',
    url: `${DEMO}/checkout`,
    status: 307,
    statusText: 'Temporary Redirect',
    requestHeaders: { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Mode': 'navigate' },
    headers: { Location: '/orders/done' },
    redirectURL: '/orders/done',
    resourceType: 'document',
  })
  add({
    method: 'POST',
    url: `${DEMO}/orders/done`,
    status: 405,
    statusText: 'Method Not Allowed',
    requestHeaders: { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Mode': 'navigate' },
    headers: { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' },
    body: 'POST method not allowed',
    resourceType: 'document',
  })
  // A preflight answered with the API's slash redirect: the PUT is never sent.
  add({
    method: 'OPTIONS',
    url: `${API}/api/things`,
    status: 301,
    statusText: 'Moved Permanently',
    requestHeaders: { Origin: DEMO, 'Access-Control-Request-Method': 'PUT' },
    headers: { Location: `${API}/api/things/` },
    redirectURL: `${API}/api/things/`,
    error: 'net::ERR_INVALID_REDIRECT',
  })
  add({
    method: 'PUT',
    url: `${API}/api/things`,
    status: 0,
    requestHeaders: { ...JSON_REQ, Origin: DEMO },
    error: 'net::ERR_FAILED',
  })
  // A Next.js Server Action id from before the last deploy.
  add({
    method: 'POST',
    url: `${DEMO}/items`,
    status: 404,
    statusText: 'Not Found',
    requestHeaders: { 'Next-Action': '7f3a9c0de1b2', 'Content-Type': 'text/plain;charset=UTF-8' },
    headers: { 'x-nextjs-action-not-found': '1', 'Content-Type': 'text/plain' },
    body: 'Server action not found.',
  })
  // An analytics write an ad blocker stopped.
  add({
    method: 'POST',
    url: `${DEMO}/api/track`,
    status: 0,
    requestHeaders: FETCH,
    error: 'net::ERR_BLOCKED_BY_CLIENT',
  })
  // A mock in the page's service worker (as MSW serves) answering a write with 405.
  const mocked = entry({
    method: 'DELETE',
    url: `${DEMO}/api/mocked/3`,
    status: 405,
    statusText: 'Method Not Allowed',
  })
  ;(mocked.response as Record<string, unknown>)._fetchedViaServiceWorker = true
  out.push(mocked)
  return out
}

export function scenarioEntries(): Record<string, unknown>[] {
  const out = demoEntries()
  for (const { fx, origin, cases } of STACKS) {
    for (const name of cases) {
      const c = fixtureCase(fx, name)
      if (c) out.push(fromFixture(c, origin))
    }
  }
  return out
}

/**
 * `count` entries that produce many findings: a steady stream like a busy single-page app,
 * mostly successful calls with a failure family per endpoint.
 */
export function loadEntries(count: number, endpoints = 1000): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = []
  for (let i = 0; i < count; i++) {
    const e = i % endpoints
    const base = `${DEMO}/api/load/${e}`
    const failing = i < endpoints || i % 7 === 0
    if (!failing) {
      out.push(entry({ method: 'GET', url: base, status: 200, headers: JSON_RES, body: '{}' }))
      continue
    }
    switch (e % 4) {
      case 0:
        out.push(entry({ method: 'POST', url: base, status: 405, headers: { Allow: 'GET, HEAD' } }))
        break
      case 1:
        out.push(entry({ method: 'DELETE', url: base, status: 405 }))
        break
      case 2:
        out.push(
          entry({
            method: 'POST',
            url: base,
            status: 301,
            headers: { Location: `${base}/` },
            redirectURL: `${base}/`,
          }),
        )
        out.push(entry({ method: 'GET', url: `${base}/`, status: 405, headers: { Allow: 'POST' } }))
        break
      default:
        out.push(
          entry({
            method: 'PUT',
            url: `${base}?page=${i}`,
            status: 404,
            headers: { 'X-Powered-By': 'Express', 'Content-Type': 'text/html' },
            body: `<pre>Cannot PUT /api/load/${e}</pre>`,
          }),
        )
    }
  }
  return out
}
