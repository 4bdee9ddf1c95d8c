import { describe, expect, it } from 'vitest'
import { authPageSign, isAuthAction } from '../../src/core/auth-pages'
import { normalizeEntry } from '../../src/core/har'
import { redirectTarget } from '../../src/core/redirect-target'
import { sentBy } from '../../src/core/sent-by'
import { entry } from '../helpers/har'

describe('where a redirect of a write points', () => {
  it.each([
    ['http://a.test/api/orders', 'http://a.test/api/orders/', ['slash-added']],
    ['http://a.test/api/orders/', 'http://a.test/api/orders', ['slash-removed']],
    ['http://a.test/api/orders', 'https://a.test/api/orders', ['scheme-upgrade']],
    ['https://a.test/api/orders', 'https://www.a.test/api/orders', ['www']],
    [
      'http://a.test/api/Orders',
      'https://www.a.test/api/orders/',
      ['scheme-upgrade', 'www', 'slash-added', 'case'],
    ],
  ])(
    '%s → %s: the same resource spelled another way (%s), so the write never reached the app',
    (from, to, spellings) => {
      expect(redirectTarget(from, to)).toMatchObject({ kind: 'same-resource', spellings })
    },
  )

  it.each([
    ['https://a.test/api/orders', 'http://a.test/api/orders'],
    ['https://api.a.test/orders', 'https://login.a.test/orders'],
  ])('%s → %s: a downgrade or another host is not a respelling', (from, to) => {
    expect(redirectTarget(from, to).kind).toBe('other')
  })

  it.each([
    ['http://a.test/contact', 'http://a.test/contact'],
    ['http://a.test/items/new', 'http://a.test/items/5'],
    ['http://a.test/api/orders?x=1', 'http://a.test/api/orders/?x=2'],
    ['http://a.test/cart', 'http://a.test/checkout'],
    // Letter case alone: an app that writes its links in lower case, after handling the post.
    ['http://a.test/Home/Contact', 'http://a.test/home/contact'],
  ])('%s → %s: another resource, or the same URL a form posts back to', (from, to) => {
    expect(redirectTarget(from, to)).toEqual({ kind: 'other' })
  })

  it.each([
    ['http://a.test/accounts/login/?next=/api/orders', '/login'],
    ['http://a.test/users/sign_in', '/sign_in'],
    ['http://a.test/Account/Login?ReturnUrl=%2Fapi', '/login'],
    ['http://a.test/welcome?returnTo=%2Fapi%2Forders', '?returnTo'],
    ['https://accounts.google.com/o/oauth2/v2/auth?client_id=x', 'accounts.google.com'],
    ['https://login.microsoftonline.com/common/oauth2/v2.0/authorize', 'login.microsoftonline.com'],
    ['https://acme.okta.com/app/x/sso/saml', 'acme.okta.com'],
    ['https://idp.uni.test/idp/profile/SAML2/Redirect/SSO?SAMLRequest=x', '/sso'],
    ['https://kc.test/realms/r/protocol/openid-connect/auth?client_id=x', '/protocol/openid-connect/auth'],
  ])('%s is a sign-in page (%s)', (to, sign) => {
    expect(redirectTarget('http://a.test/api/orders', to)).toEqual({ kind: 'auth-page', sign })
    expect(authPageSign(to)).toBe(sign)
  })

  it('a return address on the API itself is not a sign (pagination, cursors)', () => {
    expect(authPageSign('http://a.test/api/items?next=abc')).toBeNull()
    expect(authPageSign('https://github.com/acme/app')).toBeNull()
    expect(authPageSign('https://github.com/login?return_to=%2F')).toBe('github.com')
    expect(authPageSign('not a url')).toBeNull()
    // A cursor under a return key, and a word that only contains an IdP path, are not signs.
    expect(authPageSign('http://a.test/v1/items/42?next=abc')).toBeNull()
    expect(authPageSign('http://a.test/settings/authorized-apps')).toBeNull()
    expect(authPageSign('http://pay.test/payments/authorize')).toBeNull()
    expect(authPageSign('http://id.test/authorize?client_id=x&response_type=code')).toBe('/authorize')
  })

  it('requests that are themselves part of signing in or out', () => {
    for (const u of [
      'http://a.test/logout',
      'http://a.test/api/auth/session',
      'http://a.test/users/sign_out',
    ])
      expect(isAuthAction(u), u).toBe(true)
    for (const u of ['http://a.test/api/orders', 'http://a.test/authors/1', 'http://a.test/blogin'])
      expect(isAuthAction(u), u).toBe(false)
  })
})

describe('how the page sent a request', () => {
  const x = (spec: { resourceType?: string; requestHeaders?: Record<string, string> }) =>
    normalizeEntry(entry({ method: 'POST', url: 'http://a.test/x', status: 302, ...spec }), 0)!

  it('the resource type Chromium and Playwright write', () => {
    expect(sentBy(x({ resourceType: 'document' }))).toBe('navigation')
    expect(sentBy(x({ resourceType: 'xhr' }))).toBe('fetch')
    expect(sentBy(x({ resourceType: 'fetch' }))).toBe('fetch')
    expect(sentBy(x({ resourceType: 'ping' }))).toBe('beacon')
  })

  it('fetch metadata when there is no resource type (Firefox, proxies)', () => {
    const meta = (mode: string, dest: string) =>
      sentBy(x({ requestHeaders: { 'Sec-Fetch-Mode': mode, 'Sec-Fetch-Dest': dest } }))
    expect(meta('navigate', 'document')).toBe('navigation')
    expect(meta('navigate', 'iframe')).toBe('navigation')
    expect(meta('cors', 'empty')).toBe('fetch')
    expect(meta('same-origin', 'empty')).toBe('fetch')
    expect(meta('no-cors', 'empty')).toBe('beacon')
    expect(meta('no-cors', 'image')).toBe('unknown')
    expect(sentBy(x({ requestHeaders: { 'X-Requested-With': 'XMLHttpRequest' } }))).toBe('fetch')
    expect(sentBy(x({ requestHeaders: { 'Ping-To': 'http://a.test/' } }))).toBe('beacon')
    expect(sentBy(x({}))).toBe('unknown')
    // Plain http: no fetch metadata, but a navigation asks to upgrade and accepts HTML first.
    expect(sentBy(x({ requestHeaders: { 'Upgrade-Insecure-Requests': '1' } }))).toBe('navigation')
    expect(sentBy(x({ requestHeaders: { Accept: 'text/html,application/xhtml+xml' } }))).toBe('navigation')
    // A hostile resource type is just unknown, never a name from Object.prototype.
    expect(sentBy(x({ resourceType: 'constructor' }))).toBe('unknown')
    expect(sentBy(x({ resourceType: '__proto__' }))).toBe('unknown')
  })

  it('the real captures: the demo page’s form is a navigation, its API calls are fetches', async () => {
    const { readFileSync } = await import('node:fs')
    const { harEntries } = await import('../../src/core/har')
    for (const f of ['demo-devtools-gethar.har', 'demo-firefox-gethar.har', 'demo-playwright.har']) {
      const xs = harEntries(JSON.parse(readFileSync(`test/fixtures/har/${f}`, 'utf8')))
        .map((e, i) => normalizeEntry(e, i)!)
        .filter((e) => e.method === 'POST')
      const by = (path: string) => sentBy(xs.find((e) => new URL(e.url).pathname === path)!)
      expect(by('/form/contact'), f).toBe('navigation')
      expect(by('/api/items'), f).toBe('fetch')
    }
  })
})
