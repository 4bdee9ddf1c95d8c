import { describe, expect, it } from 'vitest'
import { compactProbe, compactSummary, interned } from '../../src/panel/compact'
import { summarize } from '../../src/shared/messages'
import { demoFindings } from './helpers'

describe('what the panel keeps of a message', () => {
  it('keeps every field of a summary, and shares what repeats between two clones of it', () => {
    const f = summarize(demoFindings().find((x) => x.allowed.methods !== null && x.framework !== null)!)
    const a = compactSummary(structuredClone(f))
    const b = compactSummary(structuredClone(f))
    expect(a).toEqual(f)
    expect(b).toEqual(f)
    // Arriving as separate clones, the two now hold one list and one source list.
    expect(a.allowed.methods).toBe(b.allowed.methods)
    expect(a.allowed.sources).toBe(b.allowed.sources)
    expect(Object.isFrozen(a.allowed.methods)).toBe(true)
    // Nothing a newer engine might add rides along.
    expect(compactSummary({ ...structuredClone(f), extra: 'x' } as typeof f)).toEqual(f)
  })

  it('keeps a probe state whole, its result untouched', () => {
    const p = {
      endpoint: 'POST http://a/x',
      origin: 'http://a',
      site: 'http://a',
      state: 'refused' as const,
      reason: 'rate-limit',
    }
    expect(compactProbe(structuredClone(p))).toEqual(p)
    const done = {
      ...p,
      state: 'done' as const,
      result: { endpoint: p.endpoint, url: 'http://a/x', at: 1, steps: [] },
    }
    const c = compactProbe(done)
    expect(c).toEqual(done)
    expect(c.result).toBe(done.result)
  })

  // Last: it fills the module's tables.
  it('stops sharing once its tables are full: a hostile page can send endless distinct lists', () => {
    const f = summarize(demoFindings().find((x) => x.allowed.methods !== null)!)
    const withMethods = (methods: string[]) => compactSummary({ ...f, allowed: { ...f.allowed, methods } })
    for (let i = 0; i < 5000; i++) withMethods([`M${i}`])
    const a = withMethods(['LATE'])
    const b = withMethods(['LATE'])
    expect(a.allowed.methods).toEqual(['LATE'])
    expect(a.allowed.methods).not.toBe(b.allowed.methods)
    expect(interned('x'.repeat(80))).toBe('x'.repeat(80))
  })
})
