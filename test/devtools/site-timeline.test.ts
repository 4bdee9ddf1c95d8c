import { describe, expect, it } from 'vitest'
import { SiteTimeline } from '../../src/devtools/site-timeline'

const T = Date.parse('2026-12-01T10:00:00.000Z')
const at = (ms: number) => new Date(T + ms).toISOString()
const A = 'https://a.example'
const B = 'http://127.0.0.1:9000'

describe('each request belongs to the site inspected when it started', () => {
  it('splits at the navigation: before it the old site, after it the new one', () => {
    const t = new SiteTimeline()
    t.enter(`${A}/page`, Number.NEGATIVE_INFINITY)
    t.enter(`${B}/`, T + 500)
    expect(t.requested(`${B}/x`, at(499))).toBe(true)
    expect(t.sitesOf(`${B}/x`)).toEqual([A])
    // A later arrival of the same old request (DevTools' log read after the navigation) changes nothing.
    expect(t.requested(`${B}/x`, at(100))).toBe(false)
    expect(t.requested(`${B}/x`, at(600))).toBe(true)
    expect(t.sitesOf(`${B}/x`)).toEqual([A, B])
    expect(t.requested(`${B}/x`, at(700))).toBe(false)
  })

  it('no site before the first is known, unless it is the page DevTools opened on', () => {
    const t = new SiteTimeline()
    t.requested(`${B}/early`, at(0))
    expect(t.sitesOf(`${B}/early`)).toEqual([''])
    t.enter(`${B}/`, Number.NEGATIVE_INFINITY)
    expect(t.sitesOf(`${B}/early`)).toEqual([B])
    const n = new SiteTimeline()
    n.requested(`${B}/early`, at(0))
    n.enter(`${B}/`, T + 500)
    expect(n.sitesOf(`${B}/early`)).toEqual([''])
  })

  it('an unknown start time or a non-http page is no site; never heard of is no site', () => {
    const t = new SiteTimeline()
    t.enter('file:///home/me/index.html', Number.NEGATIVE_INFINITY)
    t.requested(`${B}/a`, at(0))
    t.enter(`${B}/`, T + 10)
    t.requested(`${B}/b`, 'not a date')
    t.requested(`${B}/c`, undefined)
    for (const u of ['a', 'b', 'c', 'never']) expect(t.sitesOf(`${B}/${u}`)).toEqual([''])
  })

  it('stays bounded per URL, keeping the latest sites', () => {
    const t = new SiteTimeline()
    for (let i = 0; i < 20; i++) {
      t.enter(`http://s${i}.test/`, T + i * 100)
      t.requested(`${B}/x`, at(i * 100 + 1))
    }
    const sites = t.sitesOf(`${B}/x`)
    expect(sites).toHaveLength(8)
    expect(sites.at(-1)).toBe('http://s19.test')
  })
})
