import { describe, expect, it } from 'vitest'
import { canonicalOrigin, siteOf } from '../../src/core/url'
import { MAX_PAIRS, pairKey, parsePairs, withPair } from '../../src/shared/origin-pairs'
import { APPROVALS_KEY } from '../../src/shared/probe-approvals'
import { CREDENTIALS_KEY, LEGACY_CREDENTIALS_KEY } from '../../src/shared/probe-credentials'

const A = 'http://127.0.0.1:8405'
const B = 'http://127.0.0.1:9000'

describe('the (inspected site, target origin) lists: cookie opt-in and approvals', () => {
  it('live under their own keys; the old per-target cookie list is another key, never read as pairs', () => {
    expect(new Set([CREDENTIALS_KEY, APPROVALS_KEY, LEGACY_CREDENTIALS_KEY]).size).toBe(3)
    // What the old list held: origins alone. Read as pairs it grants nothing.
    expect(parsePairs(JSON.stringify([A, B, 'https://api.example.com'])).size).toBe(0)
  })

  it('is empty unless the stored value is a JSON array of [site, target] origin pairs', () => {
    for (const bad of [
      undefined,
      null,
      42,
      '',
      'not json',
      '{"a":1}',
      `"${A}"`,
      JSON.stringify([[A]]),
      JSON.stringify([[A, B, B]]),
      JSON.stringify({ 0: [A, B] }),
      'x'.repeat(300_000),
    ])
      expect(parsePairs(bad).size).toBe(0)
  })

  it('keeps only pairs of exact http(s) origins: no paths, other schemes or junk', () => {
    const stored = JSON.stringify([
      [A, B],
      [A, 'https://api.example.com'],
      [A, `${B}/`],
      [`${A}/x`, B],
      ['javascript:alert(1)', B],
      [A, 'file:///etc/passwd'],
      ['HTTP://127.0.0.1:8405', B],
      [A, 42],
      null,
      { site: A, target: B },
    ])
    expect([...parsePairs(stored)]).toEqual([pairKey(A, B), pairKey(A, 'https://api.example.com')])
  })

  it('caps a crafted long list, and a full list takes no more pairs', () => {
    const many = Array.from({ length: 1000 }, (_, i) => [A, `https://h${i}.test`])
    expect(parsePairs(JSON.stringify(many)).size).toBe(MAX_PAIRS)
    const full = parsePairs(JSON.stringify(many))
    const after = parsePairs(withPair(full, A, 'https://new.test', true))
    expect(after.has(pairKey(A, 'https://new.test'))).toBe(false)
    expect(after.size).toBe(MAX_PAIRS)
  })

  it('turns one pair on and off; the same target for another site stays apart', () => {
    const on = withPair(new Set(), A, B, true)
    expect(JSON.parse(on)).toEqual([[A, B]])
    const both = parsePairs(withPair(parsePairs(on), 'http://localhost:3000', B, true))
    expect(both.has(pairKey(A, B)) && both.has(pairKey('http://localhost:3000', B))).toBe(true)
    const off = parsePairs(withPair(both, A, B, false))
    expect([...off]).toEqual([pairKey('http://localhost:3000', B)])
    expect(withPair(new Set(), A, 'javascript:alert(1)', true)).toBe('[]')
    expect(withPair(new Set(), 'null', B, true)).toBe('[]')
  })

  it('a site is the origin of the top-level page: scheme, host and port; nothing for other schemes', () => {
    expect(siteOf('http://127.0.0.1:8405/app/?q=1#x')).toBe(A)
    expect(siteOf('http://127.0.0.1:9000/')).not.toBe(siteOf('http://127.0.0.1:8405/'))
    expect(siteOf('https://app.example.com/')).not.toBe(siteOf('https://api.example.com/'))
    expect(siteOf('http://example.com/')).not.toBe(siteOf('https://example.com/'))
    for (const other of ['file:///tmp/x.html', 'chrome://newtab/', 'about:blank', 'data:text/html,x', ''])
      expect(siteOf(other)).toBeNull()
    expect(canonicalOrigin('https://a.test/')).toBeNull()
    expect(canonicalOrigin('https://a.test')).toBe('https://a.test')
  })
})
