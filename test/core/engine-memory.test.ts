import { describe, expect, it } from 'vitest'
import { Engine } from '../../src/core/engine'
import { ExchangePool } from '../../src/core/engine/exchange-pool'
import { headerMap } from '../../src/core/headers'
import type { HeaderMap } from '../../src/core/types'
import { entry } from '../helpers/har'

const O = 'http://127.0.0.1:8405'
const CHROME = {
  Accept: '*/*',
  'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0',
  'sec-ch-ua': '"Chromium";v="156", "Not.A/Brand";v="99"',
  'Sec-Fetch-Mode': 'cors',
  Cookie: 'sessionid=abc',
}

/** A header list as a fresh HAR delivers it: strings of its own, equal to others'. */
function fresh(h: Record<string, string | string[]>): HeaderMap {
  const raw = Object.entries(h).flatMap(([name, v]) =>
    (Array.isArray(v) ? v : [v]).map((value) => ({
      name: `${name}!`.slice(0, -1),
      value: `${value}!`.slice(0, -1),
    })),
  )
  return headerMap(raw)
}

const asObject = (h: HeaderMap): Record<string, readonly string[]> => Object.fromEntries(h)

describe('the header pool', () => {
  it('gives one copy of equal header lists, with the same contents', () => {
    const pool = new ExchangePool()
    const a = fresh(CHROME)
    const b = fresh(CHROME)
    expect(a).not.toBe(b)
    const sa = pool.share(a)
    expect(pool.share(b)).toBe(sa)
    expect(asObject(sa)).toEqual(asObject(a))
  })

  it('shares values between lists that differ, and keeps every value and repeat', () => {
    const pool = new ExchangePool()
    const one = pool.share(fresh({ ...CHROME, 'Content-Length': '12' }))
    const other = fresh({ ...CHROME, 'Content-Length': '13', Vary: ['Accept', 'Cookie'] })
    const two = pool.share(other)
    expect(two).not.toBe(one)
    expect(two.get('user-agent')).toBe(one.get('user-agent'))
    expect(asObject(two)).toEqual(asObject(other))
    expect(two.get('vary')).toEqual(['Accept', 'Cookie'])
  })

  it('stays bounded however many distinct lists and values pass through', () => {
    const pool = new ExchangePool()
    for (let i = 0; i < 20_000; i++) {
      const h = fresh({ 'X-Request-Id': `req-${i}`, Date: `t${i}` })
      expect(asObject(pool.share(h))).toEqual(asObject(h))
    }
    const sizes = pool as unknown as { lists: Map<unknown, unknown>; values: Map<unknown, unknown> }
    expect(sizes.lists.size).toBeLessThanOrEqual(512)
    expect(sizes.values.size).toBeLessThanOrEqual(4096)
  })

  it('hands out lists nothing can change', () => {
    const shared = new ExchangePool().share(fresh(CHROME))
    expect(() => (shared.get('accept') as string[]).push('x')).toThrow()
  })
})

describe('the engine keeps what findings are built from, not the findings', () => {
  function failing(engine: Engine, n: number): void {
    for (let i = 0; i < n; i++)
      engine.add(
        entry({
          method: 'POST',
          url: `${O}/api/fail/${i}`,
          status: 405,
          requestHeaders: { ...CHROME, 'Content-Type': 'application/json' },
          headers: { Allow: 'GET, HEAD', 'Content-Type': 'application/json' },
        }),
      )
  }

  it('builds the same findings on every call, and only those asked for', () => {
    const engine = new Engine()
    failing(engine, 5)
    const all = engine.findings()
    expect(all).toHaveLength(5)
    expect(engine.findings()).toEqual(all)
    const ids = [all[3]!.id, all[1]!.id, all[3]!.id]
    expect(engine.findings({ ids })).toEqual([all[1], all[3]])
    expect(engine.findings({ ids: ['nope'] })).toEqual([])
  })

  it('a listing leaves out only the corrected calls', () => {
    const engine = new Engine()
    failing(engine, 2)
    const whole = engine.findings()
    expect(whole[0]!.snippets.length).toBeGreaterThan(0)
    const listing = engine.findings({ detail: 'listing' })
    expect(listing).toEqual(whole.map((f) => ({ ...f, snippets: [], call: undefined })))
  })

  it('keeps the request headers the corrected calls use after sharing them', () => {
    const engine = new Engine()
    failing(engine, 3)
    const curl = engine.findings()[2]!.snippets.find((s) => s.lang === 'curl')!.code
    expect(curl).toContain('application/json')
  })

  it('reports a delivered finding again when traffic changes what it shows', () => {
    const engine = new Engine()
    failing(engine, 1)
    const [first] = engine.takeChanges('listing').upserts
    expect(engine.takeChanges().upserts).toEqual([])
    engine.add(entry({ method: 'PUT', url: `${O}/api/fail/0`, status: 200 }))
    const again = engine.takeChanges().upserts
    expect(again.map((f) => f.id)).toEqual([first!.id])
    expect(again[0]!.allowed.sources.map((s) => s.source)).toContain('traffic')
  })
})
