import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Finding } from '../../src/core/types'
import { compareFindings, parseFilter, reorder, sortedIds } from '../../src/panel/order'
import { demoFindings, variant } from './helpers'

const seed = demoFindings()[0]!
const make = (id: number, sev: number, seen: number): Finding =>
  variant(seed, { id: `f${id}`, severity: (['error', 'warning', 'info'] as const)[sev]!, lastSeen: seen })

describe('incremental order', () => {
  it('equals a full sort after any batch of upserts and removals', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(60), fc.nat(2), fc.nat(20)), { maxLength: 80 }),
        fc.array(fc.tuple(fc.nat(80), fc.nat(2), fc.nat(20), fc.boolean()), { maxLength: 30 }),
        (initial, batch) => {
          const byId = new Map<string, Finding>()
          for (const [id, sev, seen] of initial) byId.set(`f${id}`, make(id, sev, seen))
          const order = sortedIds(byId)
          const next = new Map(byId)
          const changed = new Set<string>()
          for (const [id, sev, seen, remove] of batch) {
            changed.add(`f${id}`)
            if (remove) next.delete(`f${id}`)
            else next.set(`f${id}`, make(id, sev, seen))
          }
          expect(reorder(order, next, changed)).toEqual(sortedIds(next))
        },
      ),
    )
  })

  it('errors first, then newest, then id', () => {
    const a = make(1, 0, 5)
    const b = make(2, 0, 9)
    const c = make(3, 1, 99)
    expect([c, a, b].sort(compareFindings).map((f) => f.id)).toEqual(['f2', 'f1', 'f3'])
  })
})

describe('filter terms', () => {
  it('splits on spaces, lower-cases, treats -x as exclusion', () => {
    expect(parseFilter('  POST -Static  405 - ')).toEqual({ include: ['post', '405'], exclude: ['static'] })
  })
})
