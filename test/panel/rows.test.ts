import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Finding, FindingKind, Severity } from '../../src/core/types'
import { parseFilter, sortedIds } from '../../src/panel/order'
import {
  groupRows,
  primaryOf,
  type RowSet,
  requestKey,
  rowCount,
  rowIdOf,
  rowLastSeen,
  updateRows,
  visibleRows,
} from '../../src/panel/rows'
import { demoFindings, variant } from './helpers'

const demo = demoFindings()
const seed = demo[0]!

function rowsOf(findings: readonly Finding[]): RowSet {
  const byId = new Map(findings.map((f) => [f.id, f]))
  return groupRows(sortedIds(byId), byId)
}

/** What a row set says, without object identity: each row's id and its findings' ids, in order. */
const shape = (r: RowSet): [string, string[]][] =>
  r.order.map((id) => [id, r.byId.get(id)!.findings.map((f) => f.id)])

const make = (
  id: string,
  kind: FindingKind,
  severity: Severity,
  method: string,
  url: string,
  lastSeen = 1,
): Finding =>
  variant(seed, {
    id,
    kind,
    severity,
    request: { method, url },
    chain: [{ method, url, status: 405 }],
    lastSeen,
  })

describe('rows: one per request', () => {
  it('the redirected POST of the demo is one row with both kinds, the error first', () => {
    const rows = rowsOf(demo)
    const orders = rows.order
      .map((id) => rows.byId.get(id)!)
      .filter((r) => primaryOf(r).request.url.endsWith('/api/orders'))
    expect(orders).toHaveLength(1)
    const row = orders[0]!
    expect(row.kinds).toEqual(['redirect-method-change', 'trailing-slash-redirect'])
    expect(row.findings.map((f) => f.severity)).toEqual(['error', 'warning'])
    expect(row.key).toBe('POST http://127.0.0.1:8405/api/orders')
    expect(row.id).toBe(rowIdOf(row.key))
    // Every finding is in exactly one row, and a row is never empty.
    const all = rows.order.flatMap((id) => rows.byId.get(id)!.findings.map((f) => f.id)).sort()
    expect(all).toEqual(demo.map((f) => f.id).sort())
    expect(rows.order.length).toBeLessThan(demo.length)
  })

  it('the request is its method and endpoint: the query does not split a row, another method does', () => {
    const rows = rowsOf([
      make('a', 'wrong-method', 'error', 'POST', 'http://h/x?page=1'),
      make('b', 'missing-allow-header', 'warning', 'POST', 'http://h/x?page=2'),
      make('c', 'wrong-method', 'error', 'PUT', 'http://h/x'),
      make('d', 'wrong-method', 'error', 'POST', 'http://h/y'),
    ])
    expect(shape(rows).map(([, ids]) => ids.sort())).toEqual(
      expect.arrayContaining([['a', 'b'], ['c'], ['d']]),
    )
    expect(rows.order).toHaveLength(3)
  })

  it("a rejected preflight's row is the method the page meant, not the OPTIONS the browser sent", () => {
    const cors = variant(make('p', 'cors-preflight-rejected', 'error', 'PUT', 'http://h/s?x=1'), {
      chain: [{ method: 'OPTIONS', url: 'http://h/s?x=1', status: 403 }],
    })
    expect(requestKey(cors)).toBe('PUT http://h/s')
  })

  it('a malformed request (a message only checked to be an object) still gets a key', () => {
    expect(requestKey({ request: {} as Finding['request'] })).toBe(' ')
  })

  it('rows sort as their most severe, newest finding does', () => {
    const rows = rowsOf([
      make('w', 'missing-allow-header', 'warning', 'POST', 'http://h/a', 9),
      make('e', 'wrong-method', 'error', 'POST', 'http://h/a', 1),
      make('e2', 'wrong-method', 'error', 'POST', 'http://h/b', 5),
      make('i', 'post-redirect-get', 'info', 'POST', 'http://h/c', 99),
    ])
    expect(shape(rows).map(([, ids]) => ids)).toEqual([['e2'], ['e', 'w'], ['i']])
  })

  it('counts the requests a row stands for once (the most any of its findings saw), and its last sighting', () => {
    const row = rowsOf([
      variant(make('a', 'redirect-method-change', 'error', 'POST', 'http://h/a', 10), { count: 3 }),
      variant(make('b', 'trailing-slash-redirect', 'warning', 'POST', 'http://h/a', 20), { count: 2 }),
    ]).byId.get(rowIdOf('POST http://h/a'))!
    expect(rowCount(row)).toBe(3)
    expect(rowLastSeen(row)).toBe(20)
  })
})

describe('rows: incremental update', () => {
  const kinds: FindingKind[] = ['wrong-method', 'missing-allow-header', 'redirect-method-change']
  const sev: Severity[] = ['error', 'warning', 'info']
  // Findings on few requests, so rows gain and lose findings, and findings move between rows.
  const gen = (id: number, k: number, s: number, req: number, seen: number): Finding =>
    make(`f${id}`, kinds[k]!, sev[s]!, req % 2 ? 'POST' : 'PUT', `http://h/r${req % 4}`, seen)
  const arb = fc.tuple(fc.nat(40), fc.nat(2), fc.nat(2), fc.nat(7), fc.nat(20))

  it('equals grouping afresh after any batch of upserts and removals', () => {
    fc.assert(
      fc.property(
        fc.array(arb, { maxLength: 60 }),
        fc.array(fc.tuple(arb, fc.boolean()), { maxLength: 20 }),
        (initial, batch) => {
          const before = new Map<string, Finding>()
          for (const t of initial) before.set(`f${t[0]}`, gen(...t))
          const rows = groupRows(sortedIds(before), before)
          const after = new Map(before)
          const changed = new Set<string>()
          for (const [t, remove] of batch) {
            changed.add(`f${t[0]}`)
            if (remove) after.delete(`f${t[0]}`)
            else after.set(`f${t[0]}`, gen(...t))
          }
          const next = updateRows(rows, before, after, changed)
          expect(shape(next)).toEqual(shape(groupRows(sortedIds(after), after)))
          for (const id of next.order) expect(next.byId.get(id)!.findings.length).toBeGreaterThan(0)
        },
      ),
    )
  })

  it('rows a batch did not touch keep their objects (their views are not redrawn)', () => {
    const a = make('a', 'wrong-method', 'error', 'POST', 'http://h/a')
    const b = make('b', 'wrong-method', 'error', 'POST', 'http://h/b')
    const before = new Map([
      ['a', a],
      ['b', b],
    ])
    const rows = groupRows(sortedIds(before), before)
    const c = make('c', 'missing-allow-header', 'warning', 'POST', 'http://h/b')
    const after = new Map(before).set('c', c)
    const next = updateRows(rows, before, after, new Set(['c']))
    const idA = rowIdOf('POST http://h/a')
    const idB = rowIdOf('POST http://h/b')
    expect(next.byId.get(idA)).toBe(rows.byId.get(idA))
    expect(next.byId.get(idB)!.kinds).toEqual(['wrong-method', 'missing-allow-header'])
    expect(updateRows(next, after, after, new Set())).toBe(next)
  })
})

describe('rows: filters', () => {
  const rows = rowsOf([
    make('rmc', 'redirect-method-change', 'error', 'POST', 'http://h/orders'),
    make('tsr', 'trailing-slash-redirect', 'warning', 'POST', 'http://h/orders'),
    make('wm', 'wrong-method', 'error', 'POST', 'http://h/items'),
  ])
  const orders = rowIdOf('POST http://h/orders')
  const items = rowIdOf('POST http://h/items')
  const show = (text: string, kind: FindingKind | null) => visibleRows(rows, parseFilter(text), kind)

  it('the kind filter shows a row when any of its kinds is picked', () => {
    expect(show('', 'redirect-method-change')).toEqual([orders])
    expect(show('', 'trailing-slash-redirect')).toEqual([orders])
    expect(show('', 'wrong-method')).toEqual([items])
    expect(show('', 'static-host')).toEqual([])
    expect(show('', null)).toBe(rows.order)
  })

  it('text terms may match different findings of the row; an excluded term in any hides it', () => {
    expect(show('redirect-method trailing-slash', null)).toEqual([orders])
    expect(show('-trailing-slash', null)).toEqual([items])
    expect(show('orders -zzz', 'trailing-slash-redirect')).toEqual([orders])
    expect(show('items', 'trailing-slash-redirect')).toEqual([])
  })
})
