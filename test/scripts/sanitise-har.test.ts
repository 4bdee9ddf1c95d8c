import { describe, expect, it } from 'vitest'
import { HarSanitiser, interestingIndexes, parseIndexes, sanitiseHar } from '../../scripts/sanitise-har'

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqYW5lIn0.c2lnbmF0dXJlc2lnbmF0dXJl'
const SESSION = 's3ss10nV4lu3QwErTy'
const CSRF = 'Zx81kQpL0aB7cD9eF2gH4iJ6kL8mN0pQ'
const PASSWORD = 'hunter2-correct-horse'
const EMAIL = 'jane.doe@example.com'
const BEARER = 'abcDEF123ghiJKL456mno'
// Contains the `vis` cookie's value inside a longer run: not that secret, so it stays.
const FAVICON = 'https://a.test/static/images/favicon-32x32-large.ico?v=ab12cd34ef'

type E = Record<string, unknown>

function entry(method: string, url: string, status: number, extra: E = {}, response: E = {}): E {
  return {
    startedDateTime: '2024-01-01T00:00:00.000Z',
    time: 12.5,
    serverIPAddress: '203.0.113.7',
    connection: '4711',
    _initiator: {
      type: 'script',
      stack: { callFrames: [{ functionName: 'f', url: 'https://a.test/app.js' }] },
    },
    _resourceType: 'fetch',
    _webSocketMessages: [{ data: 'private chat' }],
    request: {
      method,
      url,
      httpVersion: 'HTTP/1.1',
      cookies: [{ name: 'sid', value: SESSION }],
      headers: [
        { name: 'Cookie', value: `sid=${SESSION}; theme=dark; vis=ab12cd34` },
        { name: 'Authorization', value: `Bearer ${BEARER}` },
        { name: 'X-CSRF-Token', value: CSRF },
        { name: 'Referer', value: `https://a.test/page?token=${JWT}` },
      ],
      queryString: [],
      headersSize: 300,
      bodySize: 80,
    },
    response: {
      status,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      cookies: [{ name: 'sid', value: SESSION }],
      headers: [
        { name: 'Set-Cookie', value: `sid=${SESSION}; Path=/; HttpOnly` },
        { name: 'Server', value: 'nginx' },
      ],
      content: { size: 10, mimeType: 'text/html' },
      redirectURL: '',
      headersSize: 100,
      bodySize: 10,
      _transferSize: 110,
      ...response,
    },
    cache: { afterRequest: { eTag: 'x' } },
    timings: { blocked: 1, dns: -1, connect: -1, send: 0.1, wait: 10, receive: 1.4, _blocked_queueing: 0.5 },
    ...extra,
  }
}

const login = entry(
  'POST',
  'https://a.test/login?next=%2Faccount',
  302,
  {
    request: {
      ...(entry('POST', 'https://a.test/login?next=%2Faccount', 302).request as E),
      postData: {
        mimeType: 'application/x-www-form-urlencoded',
        text: `csrfmiddlewaretoken=${CSRF}&username=jane&email=${encodeURIComponent(EMAIL)}&password=${PASSWORD}&profile.FirstName=Janet&remember=on`,
        params: [
          { name: 'password', value: PASSWORD },
          { name: 'remember', value: 'on' },
          { name: 'billing%5Bstreet%5D%5B%5D', value: '12+Rue+de+la+Paix' },
        ],
      },
    },
  },
  {
    headers: [
      { name: 'Location', value: `/account?session=${SESSION}` },
      { name: 'Set-Cookie', value: `sessionid=${SESSION}; Path=/` },
    ],
    redirectURL: `/account?session=${SESSION}`,
  },
)
const account = entry(
  'GET',
  `https://a.test/account?session=${SESSION}`,
  200,
  {},
  {
    content: { size: 5000, mimeType: 'text/html', text: `<p>Welcome ${EMAIL}</p>` },
  },
)
const apiCall = entry(
  'PUT',
  `https://user:${PASSWORD}@a.test/api/users/${JWT}?api_key=${BEARER}&page=2&hint=${btoa(EMAIL)}&state=af0ifjsldkj&ap=6c:8d:77:90:c8:c0`,
  405,
  {
    request: {
      ...(entry('PUT', 'https://a.test/api', 405).request as E),
      url: `https://user:${PASSWORD}@a.test/api/users/${JWT}?api_key=${BEARER}&page=2&hint=${btoa(EMAIL)}&state=af0ifjsldkj&ap=6c:8d:77:90:c8:c0`,
      postData: {
        mimeType: 'application/json',
        text: JSON.stringify({ email: EMAIL, role: 'admin', tags: ['x'], page: FAVICON }),
      },
    },
  },
  {
    headers: [
      { name: 'Allow', value: 'GET, HEAD' },
      { name: 'Access-Control-Allow-Origin', value: '*' },
    ],
    content: {
      size: 4000,
      mimeType: 'text/html',
      text: `<form><input type="hidden" name="authenticity_token" value="${CSRF}"></form>${'x'.repeat(5000)}`,
    },
  },
)
const aborted = entry(
  'POST',
  'https://a.test/api/save',
  0,
  { _error: 'net::ERR_ABORTED' },
  { _fetchedViaServiceWorker: false },
)
const favicon = entry('GET', FAVICON, 200)
// The session cookie's value recurs in a path where nothing marks it as a secret.
const cart = entry(
  'DELETE',
  `https://a.test/carts/${SESSION}/items`,
  404,
  {},
  {
    content: {
      size: 80,
      mimeType: 'application/json',
      text: JSON.stringify({
        detail: 'Not found.',
        owner: { name: 'x', display: 'Alex Smith' },
        code: 'not_found',
      }),
    },
  },
)
const har = {
  log: {
    version: '1.2',
    creator: { name: 'WebInspector', version: '537.36' },
    pages: [
      { id: 'page_1', title: `https://a.test/login?token=${JWT}`, startedDateTime: '', pageTimings: {} },
    ],
    entries: [login, account, apiCall, aborted, favicon, cart].map((e) => ({ ...e, pageref: 'page_1' })),
  },
}

describe('sanitiseHar', () => {
  const { har: out, report } = sanitiseHar(structuredClone(har), { comment: 'from a test' })
  const text = JSON.stringify(out)
  const entries = (out.log as { entries: E[] }).entries
  const res = (i: number) => entries[i]!.response as E
  const req = (i: number) => entries[i]!.request as E

  it('leaves no secret, cookie value, password, token or email anywhere', () => {
    for (const secret of [
      JWT,
      SESSION,
      CSRF,
      PASSWORD,
      EMAIL,
      encodeURIComponent(EMAIL),
      BEARER,
      btoa(EMAIL),
    ]) {
      expect(text).not.toContain(secret)
    }
    expect(text).not.toContain('private chat')
    expect(report.placeholders).toBeGreaterThan(0)
  })

  it('keeps what the analysis reads: methods, statuses, header names, Location, Allow, errors, timings', () => {
    expect(entries.map((e) => (e.request as E).method)).toEqual([
      'POST',
      'GET',
      'PUT',
      'POST',
      'GET',
      'DELETE',
    ])
    expect(entries.map((e) => (e.response as E).status)).toEqual([302, 200, 405, 0, 200, 404])
    expect((res(2).headers as E[]).map((h) => h.name)).toEqual(['Allow', 'Access-Control-Allow-Origin'])
    expect((res(2).headers as E[])[0]!.value).toBe('GET, HEAD')
    expect(entries[3]!._error).toBe('net::ERR_ABORTED')
    expect(res(3)._fetchedViaServiceWorker).toBe(false)
    expect(entries[0]!.serverIPAddress).toBe('203.0.113.7')
    expect(entries[0]!._resourceType).toBe('fetch')
    expect((entries[0]!._initiator as E).type).toBe('script')
    expect((entries[0]!.timings as E).wait).toBe(10)
    expect((req(0).headers as E[]).map((h) => h.name)).toEqual([
      'Cookie',
      'Authorization',
      'X-CSRF-Token',
      'Referer',
    ])
    expect((req(0).headers as E[])[1]!.value).toBe('Bearer redacted')
    expect(out.log).toMatchObject({ comment: 'from a test', creator: { name: 'WebInspector' } })
  })

  it('replaces the same secret by the same placeholder, so a redirect still names the next request', () => {
    const location = (res(0).headers as E[]).find((h) => h.name === 'Location')!.value as string
    expect(location).toMatch(/^\/account\?session=redacted-\d+$/)
    expect(req(1).url).toBe(`https://a.test${location}`)
    expect(res(0).redirectURL).toBe(location)
    expect(req(0).url).toBe('https://a.test/login?next=%2Faccount')
  })

  it('drops userinfo, token path segments and secret query values but keeps plain ones', () => {
    expect(req(2).url).toMatch(
      /^https:\/\/a\.test\/api\/users\/redacted-\d+\?api_key=redacted-\d+&page=2&hint=redacted-\d+&state=redacted-\d+&ap=redacted-\d+$/,
    )
    expect(req(2).queryString).toEqual([
      { name: 'api_key', value: expect.stringMatching(/^redacted-\d+$/) },
      { name: 'page', value: '2' },
      { name: 'hint', value: expect.stringMatching(/^redacted-\d+$/) },
      { name: 'state', value: expect.stringMatching(/^redacted-\d+$/) },
      { name: 'ap', value: expect.stringMatching(/^redacted-\d+$/) },
    ])
  })

  it('keeps harmless form and JSON fields, redacts secret and personal ones', () => {
    const form = (req(0).postData as E).text as string
    expect(form).toContain('remember=on')
    expect(form).not.toContain('username=jane')
    expect(form).not.toContain('Janet')
    expect((req(0).postData as E).params).toEqual([
      { name: 'password', value: expect.stringMatching(/^redacted-\d+$/) },
      { name: 'remember', value: 'on' },
      { name: 'billing%5Bstreet%5D%5B%5D', value: expect.stringMatching(/^redacted-\d+$/) },
    ])
    expect(JSON.parse((req(2).postData as E).text as string)).toMatchObject({ role: 'admin', tags: ['x'] })
  })

  it('drops 2xx bodies but keeps sizes, keeps error bodies cut to 2 KB with hidden tokens redacted', () => {
    expect(res(1).content).toEqual({ size: 5000, mimeType: 'text/html' })
    const body = (res(2).content as E).text as string
    expect(body.length).toBeLessThanOrEqual(2048)
    expect(body).toMatch(/name="authenticity_token" value="redacted-\d+"/)
    expect(report).toMatchObject({ entriesIn: 6, entriesOut: 6, bodiesKept: 2, bodiesDropped: 1 })
  })

  it('drops a long free-text value where it stands, without touching the same text elsewhere', () => {
    expect(JSON.parse((req(2).postData as E).text as string).page).toMatch(/^redacted-\d+$/)
    expect(req(4).url).toBe(FAVICON)
  })

  it('keeps the texts an error body is recognised by, and no free text under other keys', () => {
    expect(JSON.parse((res(5).content as E).text as string)).toEqual({
      detail: 'Not found.',
      owner: {
        name: expect.stringMatching(/^redacted-\d+$/),
        display: expect.stringMatching(/^redacted-\d+$/),
      },
      code: 'not_found',
    })
  })

  it('replaces a cookie value wherever else it recurs', () => {
    expect(req(5).url).toMatch(/^https:\/\/a\.test\/carts\/redacted-\d+\/items$/)
  })

  it('keeps no cookies arrays, cache contents or unknown fields', () => {
    expect(req(0).cookies).toEqual([])
    expect(res(0).cookies).toEqual([])
    expect(entries[0]!.cache).toEqual({})
    expect(entries[0]!._webSocketMessages).toBeUndefined()
    expect((out.log as { pages: E[] }).pages[0]!.title).toMatch(
      /^https:\/\/a\.test\/login\?token=redacted-\d+$/,
    )
  })
})

describe('HarSanitiser.url', () => {
  it('redacts an id after a secret-named segment but keeps route words and file names', () => {
    const s = new HarSanitiser()
    expect(s.url('https://a.test/oauth2/authorize?response_type=code')).toBe(
      'https://a.test/oauth2/authorize?response_type=code',
    )
    expect(s.url('https://a.test/auth/OAuthProxy.jsp')).toBe('https://a.test/auth/OAuthProxy.jsp')
    expect(s.url('https://a.test/session/4f3a9c1e77/items')).toMatch(
      /^https:\/\/a\.test\/session\/redacted-\d+\/items$/,
    )
  })
})

describe('slices', () => {
  it('--interesting keeps writes, failures, non-2xx answers and where a kept redirect led', () => {
    const kept = interestingIndexes(har.log.entries as unknown as Parameters<typeof interestingIndexes>[0])
    expect([...kept].sort()).toEqual([0, 1, 2, 3, 5])
    const { report } = sanitiseHar(structuredClone(har), { interesting: true })
    expect(report.entriesOut).toBe(5)
  })

  it('--keep takes index ranges', () => {
    expect([...parseIndexes('0-2,7')]).toEqual([0, 1, 2, 7])
    const { report } = sanitiseHar(structuredClone(har), { keep: parseIndexes('2-3') })
    expect(report.entriesOut).toBe(2)
  })

  it('refuses a document that is not a HAR', () => {
    expect(() => sanitiseHar({ entries: [] })).toThrow(/not a HAR/)
  })
})
