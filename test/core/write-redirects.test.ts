// Issue 16's verdicts on a write's redirect, one case each: who sent it and where it points decide.
import { describe, expect, it } from 'vitest'
import { analyzeHar } from '../../src/core/analyze-har'
import type { Finding } from '../../src/core/types'
import { entry, har } from '../helpers/har'

const O = 'http://127.0.0.1:8405'
interface Sender {
  resourceType: string
  requestHeaders: Record<string, string>
}
const FETCH: Sender = {
  resourceType: 'fetch',
  requestHeaders: { 'Sec-Fetch-Mode': 'cors', 'Sec-Fetch-Dest': 'empty' },
}
const FORM: Sender = {
  resourceType: 'document',
  requestHeaders: { 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Dest': 'document' },
}
const BEACON: Sender = { resourceType: 'ping', requestHeaders: {} }

/** A write answered `status` → `to`, and the follow-up with `finalStatus`. */
function chain(
  sender: typeof FETCH,
  method: string,
  from: string,
  status: number,
  to: string,
  finalStatus: number,
) {
  const next = status === 307 || status === 308 || (status !== 303 && method !== 'POST') ? method : 'GET'
  return [
    entry({ ...sender, method, url: `${O}${from}`, status, headers: { Location: to }, redirectURL: to }),
    entry({ ...sender, method: next, url: `${O}${to}`, status: finalStatus }),
  ]
}
const verdicts = (entries: unknown[]): string[] =>
  analyzeHar(har(entries))
    .map((f: Finding) => `${f.severity} ${f.kind}`)
    .sort()

describe('a write answered with a redirect', () => {
  it.each([302, 301, 303])(
    'a form sign-in answered %i that lands on a page is Post/Redirect/Get (info)',
    (status) => {
      expect(verdicts(chain(FORM, 'POST', '/accounts/login/', status, '/dashboard', 200))).toEqual([
        'info post-redirect-get',
      ])
    },
  )

  it('a beacon answered 302 with a pixel is Post/Redirect/Get (info)', () => {
    expect(verdicts(chain(BEACON, 'POST', '/g/collect', 302, '/pixel.gif', 200))).toEqual([
      'info post-redirect-get',
    ])
  })

  it('signing out through a form or a script lands on the sign-in page: nothing loud', () => {
    expect(verdicts(chain(FORM, 'POST', '/logout', 302, '/login', 200))).toEqual(['info post-redirect-get'])
    expect(verdicts(chain(FETCH, 'POST', '/api/auth/signout', 302, '/login', 200))).toEqual([
      'info post-redirect-get',
    ])
  })

  it('a script’s write redirected to a sign-in page is an auth redirect (error), with its own causes', () => {
    const [f, ...rest] = analyzeHar(
      har(chain(FETCH, 'POST', '/api/notes', 302, '/accounts/login/?next=/api/notes', 200)),
    )
    expect(rest).toEqual([])
    expect([f!.severity, f!.kind]).toEqual(['error', 'auth-redirect'])
    expect(f!.causes.map((c) => c.id)).toEqual([
      'cause_session_expired',
      'cause_credentials_not_sent',
      'cause_csrf_missing',
    ])
  })

  it('a respelled URL (a slash) is a lost write: an error whoever sent it', () => {
    for (const sender of [FETCH, FORM])
      expect(verdicts(chain(sender, 'POST', '/api/things', 301, '/api/things/', 200))).toContain(
        'error redirect-method-change',
      )
  })

  it('a script’s write landing on another resource: info when it ended well, an error when it failed', () => {
    expect(verdicts(chain(FETCH, 'POST', '/api/v1/things', 302, '/things/7', 200))).toEqual([
      'info redirect-method-change',
    ])
    expect(verdicts(chain(FETCH, 'POST', '/api/v1/things', 302, '/things/7', 404))).toEqual([
      'error redirect-method-change',
    ])
  })

  it('a 307 that re-POSTs a form into a page that refuses it names the redirect, and 303 as the fix', () => {
    const [f, ...rest] = analyzeHar(har(chain(FORM, 'POST', '/login', 307, '/done', 405)))
    expect(rest).toEqual([])
    expect([f!.severity, f!.kind]).toEqual(['error', 'redirect-keeps-method'])
    expect(f!.fixes.map((x) => x.id)).toContain('fix_answer_303')
  })
})

describe('what a review found (each was a false alarm)', () => {
  it('a 307/308 that moves a PUT or DELETE to a new API address is not a re-POST into a page', () => {
    const del = [
      entry({
        ...FETCH,
        method: 'DELETE',
        url: `${O}/v1/items/9`,
        status: 308,
        headers: { Location: '/v2/items/9' },
        redirectURL: '/v2/items/9',
      }),
      entry({ ...FETCH, method: 'DELETE', url: `${O}/v2/items/9`, status: 404 }),
    ]
    expect(verdicts(del)).not.toContain('error redirect-keeps-method')
    const s3 = [
      entry({
        ...FETCH,
        method: 'POST',
        url: `${O}/api/files`,
        status: 307,
        headers: { Location: 'https://bucket.s3.test/f?sig=x' },
        redirectURL: 'https://bucket.s3.test/f?sig=x',
      }),
      entry({ ...FETCH, method: 'POST', url: 'https://bucket.s3.test/f?sig=x', status: 403 }),
    ]
    expect(verdicts(s3)).not.toContain('error redirect-keeps-method')
  })

  it('a cursor or a settings page is not a sign-in page', () => {
    expect(verdicts(chain(FETCH, 'POST', '/v1/items', 302, '/v1/items/42?next=abc', 200))).toEqual([
      'info redirect-method-change',
    ])
    expect(verdicts(chain(FETCH, 'POST', '/settings/apps', 302, '/settings/authorized-apps', 200))).toEqual([
      'info redirect-method-change',
    ])
  })

  it('a form over plain http (no fetch metadata) sent to a sign-in page is not loud', () => {
    const plain = { resourceType: '', requestHeaders: {} }
    expect(verdicts(chain(plain, 'POST', '/settings/save', 302, '/login?next=/settings', 200))).toEqual([
      'info auth-redirect',
    ])
  })

  it('an aborted or blocked call is not borrowed by a refused preflight of the same endpoint', () => {
    const pre = entry({
      method: 'OPTIONS',
      url: 'http://api.test/x',
      status: 403,
      requestHeaders: { Origin: O, 'Access-Control-Request-Method': 'PUT' },
    })
    const aborted = entry({ method: 'PUT', url: 'http://api.test/x', status: 0, error: 'net::ERR_ABORTED' })
    const found = analyzeHar(har([pre, aborted]))
    expect(found.map((f) => [f.kind, f.severity, f.count])).toEqual([
      ['cors-preflight-rejected', 'error', 1],
      ['request-failed', 'info', 1],
    ])
  })
})

describe('failures are not verdicts', () => {
  it.each([
    ['net::ERR_ABORTED', 'cause_failure_aborted'],
    ['net::ERR_CONNECTION_CLOSED', 'cause_failure_connection'],
    ['net::ERR_NAME_NOT_RESOLVED', 'cause_failure_dns'],
    ['net::ERR_BLOCKED_BY_CLIENT', 'cause_failure_blocked'],
    ['net::ERR_FAILED', 'cause_failure_failed'],
  ])('a write that ended %s is information, saying what the error means', (error, cause) => {
    const cross = { Origin: O, 'Content-Type': 'application/json' }
    const [f, ...rest] = analyzeHar(
      har([entry({ method: 'PUT', url: 'http://api.test/x', status: 0, error, requestHeaders: cross })]),
    )
    expect(rest).toEqual([])
    expect([f!.severity, f!.kind, f!.causes[0]!.id]).toEqual(['info', 'request-failed', cause])
  })

  it('a preflight that ended with no answer is not a CORS rejection', () => {
    const pre = entry({
      method: 'OPTIONS',
      url: 'http://api.test/x',
      status: 0,
      error: 'net::ERR_CONNECTION_CLOSED',
      requestHeaders: { Origin: O, 'Access-Control-Request-Method': 'PUT' },
    })
    expect(verdicts([pre])).toEqual(['info request-failed'])
  })

  it('a redirected preflight is named as such, with the slash as the cause, and joins the call it stopped', () => {
    const pre = entry({
      method: 'OPTIONS',
      url: 'http://api.test/things',
      status: 301,
      headers: { Location: 'http://api.test/things/' },
      redirectURL: 'http://api.test/things/',
      requestHeaders: { Origin: O, 'Access-Control-Request-Method': 'PUT' },
    })
    const put = entry({ method: 'PUT', url: 'http://api.test/things', status: 0, error: 'net::ERR_FAILED' })
    for (const order of [
      [pre, put],
      [put, pre],
    ]) {
      const [f, ...rest] = analyzeHar(har(order))
      expect(rest).toEqual([])
      expect([f!.kind, f!.request.method, f!.count]).toEqual(['preflight-redirected', 'PUT', 2])
      expect(f!.causes.map((c) => c.id)).toContain('cause_preflight_slash')
    }
  })
})

describe('what answered', () => {
  it('a stale Next.js Server Action is never a wrong method', () => {
    const action = entry({
      method: 'POST',
      url: `${O}/items`,
      status: 404,
      requestHeaders: { 'Next-Action': 'abc123' },
      headers: { 'x-nextjs-action-not-found': '1', 'X-Powered-By': 'Next.js' },
      body: 'Server action not found.',
    })
    const page = entry({ method: 'GET', url: `${O}/items`, status: 200 })
    expect(verdicts([action, page])).toEqual(['error stale-server-action'])
    // What the page allows has no bearing: no "POST is not allowed, GET is" line contradicts it.
    expect(analyzeHar(har([action, page]))[0]!.allowed).toEqual({ methods: null, sources: [], notes: [] })
  })

  it('a 501 is not a wrong method for GET, nor for a method the origin answered elsewhere', () => {
    expect(verdicts([entry({ method: 'GET', url: `${O}/a`, status: 501 })])).toEqual([])
    const post501 = entry({ method: 'POST', url: `${O}/b`, status: 501 })
    const post201 = entry({ method: 'POST', url: `${O}/c`, status: 201 })
    expect(verdicts([post501, post201])).toEqual([])
    expect(verdicts([post201, post501])).toEqual([])
    expect(verdicts([post501])).toContain('error wrong-method')
  })
})

describe('who answered', () => {
  it('nginx refusing a DELETE the app behind it lists is blocked-by-proxy, never a static host', async () => {
    const { Engine } = await import('../../src/core/engine')
    const engine = new Engine()
    engine.add(
      entry({
        method: 'DELETE',
        url: `${O}/api/items/3`,
        status: 405,
        statusText: 'Not Allowed',
        headers: { Server: 'nginx/1.22.1', 'Content-Type': 'text/html' },
        body: '<html><head><title>405 Not Allowed</title></head><body><center><h1>405 Not Allowed</h1></center><hr><center>nginx/1.22.1</center></body></html>',
      }),
    )
    expect(engine.findings().map((f) => f.kind)).toEqual(['static-host'])
    engine.addProbe({
      endpoint: `DELETE ${O}/api/items/3`,
      url: `${O}/api/items/3`,
      at: 0,
      steps: [
        {
          method: 'OPTIONS',
          url: `${O}/api/items/3`,
          outcome: 'answered',
          status: 204,
          headers: { allow: 'GET, PUT, DELETE, OPTIONS' },
          durationMs: 1,
        },
      ],
    })
    expect(engine.findings().map((f) => f.kind)).toEqual(['blocked-by-proxy'])
  })
})
