import { runInNewContext } from 'node:vm'
import { beforeEach, describe, expect, it } from 'vitest'
import { analyzeHar } from '../../src/core/analyze-har'
import { readExpression, sendExpression, slotKey, slotOf } from '../../src/core/try-fix/page-call'
import { draftBody, tryRequestOf, viewOf, withBody } from '../../src/core/try-fix/request'
import { verdictOf } from '../../src/core/try-fix/verdict'
import type { Finding } from '../../src/core/types'
import { entry, har, resetClock } from '../helpers/har'

const O = 'http://127.0.0.1:8405'
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ'
beforeEach(resetClock)

function findingOf(entries: unknown[]): Finding {
  const [f] = analyzeHar(har(entries))
  if (!f) throw new Error('no finding')
  return f
}

/** POST to a GET-only endpoint, with a bearer token and the page's cookie. */
/** The inspected page, on the API's own origin. */
const PAGE = `${O}/`

const wrongMethod = (url = `${O}/api/items`) =>
  entry({
    method: 'POST',
    url,
    status: 405,
    headers: { Allow: 'GET, HEAD, OPTIONS', 'Content-Type': 'application/json' },
    requestHeaders: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${TOKEN}`,
      Cookie: 'session=abc',
      'User-Agent': 'test',
    },
    resourceType: 'fetch',
  })

describe('the request Try the fix sends', () => {
  it('is the corrected method and final URL with the recorded headers, the cookie asked for', () => {
    const f = findingOf([wrongMethod()])
    const got = tryRequestOf(f, PAGE)
    expect(got).toEqual({
      request: {
        method: 'GET',
        url: `${O}/api/items`,
        headers: [
          ['Content-Type', 'application/json'],
          ['Authorization', `Bearer ${TOKEN}`],
        ],
        body: null,
        credentials: 'include',
      },
      leftOut: [],
      otherPage: null,
    })
  })

  it('goes to where a redirect pointed, with the method the page meant', () => {
    const f = findingOf([
      entry({
        method: 'POST',
        url: `${O}/api/orders`,
        status: 301,
        redirectURL: '/api/orders/',
        resourceType: 'fetch',
      }),
      entry({
        method: 'GET',
        url: `${O}/api/orders/`,
        status: 405,
        headers: { Allow: 'POST, OPTIONS' },
        resourceType: 'fetch',
      }),
    ])
    const r = tryRequestOf(f, PAGE)?.request
    expect(r?.method).toBe('POST')
    expect(r?.url).toBe(`${O}/api/orders/`)
    expect(r?.credentials).toBe('same-origin')
  })

  it('shows secrets masked, says an unsafe method is one, and sends the real values', () => {
    const got = tryRequestOf(findingOf([wrongMethod()]), PAGE)!
    const unsafe = viewOf({ ...got.request, method: 'DELETE' })
    expect(unsafe.unsafe).toBe(true)
    const view = viewOf(got.request)
    expect(view.unsafe).toBe(false)
    expect(view.bodyAllowed).toBe(false)
    expect(JSON.stringify(view)).not.toContain(TOKEN)
    expect(view.headers).toContainEqual(['Authorization', 'REDACTED'])
    expect(JSON.stringify(got.request)).toContain(TOKEN)
  })

  it('leaves credential headers out when the call goes to another origin', () => {
    const f = findingOf([wrongMethod()])
    const moved: Finding = { ...f, call: { ...f.call!, url: 'http://localhost:9999/api/items' } }
    const got = tryRequestOf(moved, PAGE)!
    expect(got.leftOut).toEqual(['Authorization'])
    expect(got.request.headers.map(([n]) => n)).toEqual(['Content-Type'])
  })

  it('offers another page than the one that sent the request neither its credentials nor its body', () => {
    const f = findingOf([wrongMethod()])
    // The tab has navigated to another site since (Preserve log kept the finding).
    const got = tryRequestOf(f, 'https://evil.example/page')!
    expect(got.otherPage).toBe('https://evil.example')
    expect(got.leftOut).toEqual(['Authorization'])
    expect(JSON.stringify(got.request)).not.toContain(TOKEN)
    const view = viewOf(got.request, got.leftOut, '{"name":"Ada"}', got.otherPage)
    expect(view.otherPage).toBe('https://evil.example')
    expect(view.body).toBe('')
    // The page the request came from (its Origin) may send it, even to another origin's API.
    const fromPage: Finding = { ...f, call: { ...f.call!, from: 'http://127.0.0.1:3000' } }
    expect(tryRequestOf(fromPage, 'http://127.0.0.1:3000/app')!.otherPage).toBeNull()
    expect(tryRequestOf(fromPage, `${O}/`)!.otherPage).toBe(O)
  })

  it('offers nothing without a corrected call or for a non-http URL', () => {
    const f = findingOf([wrongMethod()])
    expect(tryRequestOf({ ...f, call: undefined }, PAGE)).toBeNull()
    expect(tryRequestOf({ ...f, call: { ...f.call!, url: 'javascript:alert(1)' } }, PAGE)).toBeNull()
  })

  it("offers the page's own body as the draft only when it holds nothing to mask", () => {
    expect(draftBody('PUT', '{"name":"Ada"}')).toEqual({ body: '{"name":"Ada"}', bodyFrom: 'capture' })
    expect(draftBody('PUT', '{"name":"Ada","token":"abc"}')).toEqual({ body: '', bodyFrom: 'secret' })
    expect(draftBody('PUT', `grant=x&access_token=${TOKEN}`)).toEqual({ body: '', bodyFrom: 'secret' })
    expect(draftBody('GET', '{"name":"Ada"}')).toEqual({ body: '', bodyFrom: 'none' })
    expect(draftBody('PUT', null)).toEqual({ body: '', bodyFrom: 'none' })
  })

  it('carries a body only for methods that take one, bounded', () => {
    const r = tryRequestOf(findingOf([wrongMethod()]), PAGE)!.request
    expect(withBody(r, '{"a":1}').body).toBeNull()
    const put = { ...r, method: 'PUT' }
    expect(withBody(put, '{"a":1}').body).toBe('{"a":1}')
    expect(withBody(put, '').body).toBeNull()
    expect(withBody(put, 'x'.repeat(70_000)).body).toHaveLength(65_536)
  })
})

/** Runs an expression as inspectedWindow.eval would, in a fresh global with a recording fetch. */
function page(answer: (url: string, init: Record<string, unknown>) => Promise<unknown>) {
  const calls: [string, Record<string, unknown>][] = []
  const g: Record<string, unknown> = {
    fetch: (url: string, init: Record<string, unknown>) => {
      calls.push([url, init])
      return answer(url, init)
    },
    alert: () => {
      throw new Error('page code ran')
    },
  }
  g.globalThis = g
  return { calls, run: (code: string) => runInNewContext(code, g) as unknown, g }
}

const response = (status: number, type = 'basic') => ({
  status,
  type,
  arrayBuffer: () => Promise.resolve(new ArrayBuffer(0)),
})

describe('the page functions', () => {
  const hostile = `${O}/x");alert(1);("\u2028</script>`
  const args = {
    slot: slotKey('a1B2-c3'),
    method: 'PUT',
    url: hostile,
    headers: [['X-Csrf-Token', '"),alert(2),("']] as [string, string][],
    body: "'); alert(3); //",
    credentials: 'include' as const,
  }

  it('send exactly one request with the arguments as data, whatever they hold', async () => {
    const p = page(() => Promise.resolve(response(200)))
    expect(p.run(sendExpression(args))).toBe('sent')
    expect(p.calls).toHaveLength(1)
    const [url, init] = p.calls[0]!
    expect(url).toBe(hostile)
    expect(init).toEqual({
      method: 'PUT',
      headers: [['X-Csrf-Token', '"),alert(2),("']],
      credentials: 'include',
      redirect: 'manual',
      cache: 'no-store',
      body: "'); alert(3); //",
    })
    expect(p.run(readExpression(args.slot))).toMatchObject({ state: 'pending' })
    await new Promise((r) => setTimeout(r, 0))
    expect(p.run(readExpression(args.slot))).toEqual({ state: 'answered', status: 200, type: 'basic' })
    // Read once settled, the slot is gone.
    expect(p.run(readExpression(args.slot))).toBeNull()
  })

  it('note a rejected fetch, and send no body when there is none', async () => {
    const p = page(() => Promise.reject(new TypeError('Failed to fetch')))
    p.run(sendExpression({ ...args, body: null }))
    expect('body' in p.calls[0]![1]).toBe(false)
    await new Promise((r) => setTimeout(r, 0))
    expect(slotOf(p.run(readExpression(args.slot)))).toEqual({ state: 'failed', status: 0, type: '' })
  })

  it('slot keys are the extension id only', () => {
    expect(slotKey('ab"];x=1;//')).toBe('__methodDoctorTry_abx1')
  })

  it('trust only the shape of what the page hands back', () => {
    expect(slotOf(null)).toBeNull()
    expect(slotOf({ state: 'verified', status: 200 })).toBeNull()
    expect(slotOf({ state: 'answered', status: 1e9, type: 'x'.repeat(100) })).toEqual({
      state: 'answered',
      status: 0,
      type: 'x'.repeat(16),
    })
  })
})

describe('the verdict', () => {
  const answered = { state: 'answered', status: 200, type: 'basic' } as const
  const failed = { state: 'failed', status: 0, type: '' } as const
  it.each([
    ['PUT', 200, null, 'verified', 'answered'],
    ['GET', 304, answered, 'verified', 'answered'],
    ['PUT', 403, answered, 'failing', 'answered'],
    ['POST', 500, null, 'failing', 'answered'],
    ['POST', 302, null, 'failing', 'redirect-changes-method'],
    ['GET', 302, null, 'unknown', 'redirect-not-followed'],
    // Fetch rewrites only POST on 301/302: a PUT keeps its method there, and loses it on 303.
    ['PUT', 301, null, 'unknown', 'redirect-not-followed'],
    ['DELETE', 302, null, 'unknown', 'redirect-not-followed'],
    ['PUT', 303, null, 'failing', 'redirect-changes-method'],
    ['POST', 307, null, 'unknown', 'redirect-not-followed'],
    ['PUT', 200, failed, 'unknown', 'unreadable-in-page'],
    ['PUT', 0, failed, 'unknown', 'no-answer'],
  ] as const)('%s → %s (page: %o) is %s', (method, status, slot, outcome, reason) => {
    expect(verdictOf(method, status, slot)).toEqual({ outcome, method, status, reason })
  })

  it('is unknown when the network log never shows the answer, whatever the page claims', () => {
    expect(verdictOf('PUT', null, answered)).toEqual({
      outcome: 'unknown',
      method: 'PUT',
      status: 0,
      reason: 'not-seen',
    })
  })

  it('a page claiming success never turns a failure into verified', () => {
    expect(verdictOf('PUT', 405, answered).outcome).toBe('failing')
  })
})
