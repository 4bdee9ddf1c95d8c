import { describe, expect, it } from 'vitest'
import { loadEntries, scenarioEntries } from '../../dev/shell/scenarios'
import { Engine } from '../../src/core/engine'
import { FINDING_KINDS } from '../../src/core/types'

describe('shell fixtures', () => {
  it('produce every finding kind through the real engine', () => {
    const e = new Engine()
    for (const x of scenarioEntries()) e.add(x)
    expect(new Set(e.findings().map((f) => f.kind))).toEqual(new Set(FINDING_KINDS))
  })

  it('the load scenario gives 10,000 requests and at least 1,000 findings', () => {
    const e = new Engine()
    for (const x of loadEntries(10_000)) e.add(x)
    expect(e.entries).toBeGreaterThanOrEqual(10_000)
    expect(e.findings().length).toBeGreaterThanOrEqual(1000)
  })
})
