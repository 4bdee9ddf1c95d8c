import { describe, expect, it } from 'vitest'
import { ObservedUrls } from '../../src/background/observed'

describe('the worker only probes what the inspected page requested', () => {
  it('knows URLs per tab, query included, and forgets closed tabs', () => {
    const o = new ObservedUrls()
    o.add(1, 'http://127.0.0.1:8405', [
      'http://127.0.0.1:8405/api/items?x=1',
      'http://127.0.0.1:8405/api/items',
    ])
    expect(o.has(1, 'http://127.0.0.1:8405/api/items')).toBe(true)
    expect(o.has(1, 'http://127.0.0.1:8405/api/items?x=1#frag')).toBe(true)
    // Same path, a query the page never sent: not probed.
    expect(o.has(1, 'http://127.0.0.1:8405/api/items?other=2')).toBe(false)
    expect(o.has(2, 'http://127.0.0.1:8405/api/items')).toBe(false)
    expect(o.has(1, 'http://127.0.0.1:8405/admin')).toBe(false)
    expect(o.has(1, 'http://evil.test/api/items')).toBe(false)
    expect(o.requestedUnder(1, 'http://127.0.0.1:8405', 'http://127.0.0.1:8405')).toBe(true)
    expect(o.requestedUnder(1, 'http://127.0.0.1:8406', 'http://127.0.0.1:8405')).toBe(false)
    o.forget(1)
    expect(o.has(1, 'http://127.0.0.1:8405/api/items')).toBe(false)
    expect(o.requestedUnder(1, 'http://127.0.0.1:8405', 'http://127.0.0.1:8405')).toBe(false)
  })

  it('stays bounded per tab', () => {
    const o = new ObservedUrls()
    for (let i = 0; i < 6000; i++) o.add(1, 'http://a.test', [`http://a.test/${i}`])
    expect(o.has(1, 'http://a.test/0')).toBe(false)
    expect(o.has(1, 'http://a.test/5999')).toBe(true)
  })

  it('keeps the sites each URL was requested under, latest last, bounded', () => {
    const o = new ObservedUrls()
    const u = 'http://127.0.0.1:9000/admin'
    o.add(1, 'https://evil.example', [u])
    expect(o.sitesOf(1, u)).toEqual(['https://evil.example'])
    expect(o.requestedUnder(1, 'http://127.0.0.1:9000', 'http://127.0.0.1:9000')).toBe(false)
    o.add(1, 'http://127.0.0.1:9000', [`${u}#x`])
    o.add(1, 'https://evil.example', [u])
    expect(o.sitesOf(1, u)).toEqual(['http://127.0.0.1:9000', 'https://evil.example'])
    expect(o.requestedUnder(1, 'http://127.0.0.1:9000', 'http://127.0.0.1:9000')).toBe(true)
    // Not an exact http(s) origin: recorded as no site.
    o.add(1, 'http://127.0.0.1:9000/', [u])
    expect(o.sitesOf(1, u).at(-1)).toBe('')
    for (let i = 0; i < 20; i++) o.add(1, `http://s${i}.test`, [u])
    expect(o.sitesOf(1, u)).toHaveLength(8)
    expect(o.sitesOf(1, u).at(-1)).toBe('http://s19.test')
  })
})
