import { describe, expect, it, vi } from 'vitest'
import { EntryQueue } from '../../src/devtools/entry-queue'

function queue(take: (entry: unknown) => void, clock = () => 0) {
  const timers: (() => void)[] = []
  let slices = 0
  const q = new EntryQueue(
    { later: (fn) => timers.push(fn), now: clock },
    { take: (entry) => take(entry), sliced: () => slices++ },
  )
  const step = () => timers.shift()?.()
  return { q, timers, step, slices: () => slices }
}

describe('entry queue', () => {
  it('takes a burst in slices of at most 400 entries, yielding between them', () => {
    const taken: unknown[] = []
    const { q, timers, step, slices } = queue((e) => taken.push(e))
    for (let i = 0; i < 1000; i++) q.push(i, 'backfill', 1)
    expect(timers).toHaveLength(1)
    expect(taken).toEqual([])
    step()
    expect(taken).toHaveLength(400)
    expect(q.busy).toBe(true)
    step()
    step()
    expect(taken).toEqual(Array.from({ length: 1000 }, (_, i) => i))
    expect(slices()).toBe(3)
    expect(q.busy).toBe(false)
    expect(timers).toEqual([])
  })

  it('ends a slice after 8 ms however few entries it took', () => {
    let t = 0
    const taken: unknown[] = []
    const { q, step } = queue(
      (e) => {
        taken.push(e)
        t += 5
      },
      () => t,
    )
    for (let i = 0; i < 5; i++) q.push(i, 'event', 0)
    step()
    expect(taken).toEqual([0, 1])
  })

  it('goes on past an entry that throws', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const taken: unknown[] = []
    const { q, step } = queue((e) => {
      if (e === 'bad') throw new Error('boom')
      taken.push(e)
    })
    q.push('a', 'event', 0)
    q.push('bad', 'event', 0)
    q.push('b', 'event', 0)
    step()
    expect(taken).toEqual(['a', 'b'])
    expect(warn).toHaveBeenCalledTimes(1)
    warn.mockRestore()
  })

  it('clear drops what is waiting', () => {
    const taken: unknown[] = []
    const { q, step } = queue((e) => taken.push(e))
    q.push('a', 'event', 0)
    q.clear()
    step()
    expect(taken).toEqual([])
    q.push('b', 'event', 0)
    step()
    expect(taken).toEqual(['b'])
  })
})
