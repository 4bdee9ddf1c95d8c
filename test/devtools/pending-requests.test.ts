import { describe, expect, it } from 'vitest'
import { idSource, PendingRequests, WORKER_RESTARTED } from '../../src/devtools/pending-requests'

function table(ids = idSource()) {
  const sent: { id: number; request: string; again: boolean }[] = []
  const givenUp: { request: string; reason: string }[] = []
  const t = new PendingRequests<string>(
    {
      send: (id, request, again) => sent.push({ id, request, again }),
      giveUp: (request, reason) => givenUp.push({ request, reason }),
    },
    ids,
  )
  return { t, sent, givenUp }
}

describe('pending requests to the worker', () => {
  it('sends each request under a new id and hands it back once when answered', () => {
    const { t, sent } = table()
    const a = t.send('a')
    const b = t.send('b')
    expect(a).not.toBe(b)
    expect(sent).toEqual([
      { id: a, request: 'a', again: false },
      { id: b, request: 'b', again: false },
    ])
    expect(t.answer(b)).toBe('b')
    expect(t.answer(a)).toBe('a')
  })

  it('ignores a duplicate answer, an answer to an unknown id and one after clear', () => {
    const { t, sent } = table()
    const a = t.send('a')
    expect(t.answer(a)).toBe('a')
    expect(t.answer(a)).toBeUndefined()
    expect(t.answer(a + 100)).toBeUndefined()
    const b = t.send('b')
    t.clear()
    expect(t.answer(b)).toBeUndefined()
    // Nothing answered or cleared is re-sent to a new worker.
    sent.length = 0
    t.reconnected()
    expect(sent).toEqual([])
  })

  it('re-sends an unanswered request once, under the same id, when the worker restarted', () => {
    const { t, sent, givenUp } = table()
    const a = t.send('a')
    const b = t.send('b')
    expect(t.answer(a)).toBe('a')
    sent.length = 0
    t.reconnected()
    expect(sent).toEqual([{ id: b, request: 'b', again: true }])
    expect(givenUp).toEqual([])
    // The new worker answers: the request is done, a later restart does not touch it.
    expect(t.answer(b)).toBe('b')
    sent.length = 0
    t.reconnected()
    expect(sent).toEqual([])
    expect(givenUp).toEqual([])
  })

  it('gives a request up when it is lost a second time, and ignores a late answer to it', () => {
    const { t, sent, givenUp } = table()
    const a = t.send('a')
    t.reconnected()
    // Sent after the first restart: it has its own first retry left.
    const b = t.send('b')
    sent.length = 0
    t.reconnected()
    expect(givenUp).toEqual([{ request: 'a', reason: WORKER_RESTARTED }])
    expect(sent).toEqual([{ id: b, request: 'b', again: true }])
    expect(t.answer(a)).toBeUndefined()
    sent.length = 0
    t.reconnected()
    expect(givenUp).toEqual([
      { request: 'a', reason: WORKER_RESTARTED },
      { request: 'b', reason: WORKER_RESTARTED },
    ])
    expect(sent).toEqual([])
    expect(t.answer(b)).toBeUndefined()
  })

  it('a request supersedes the pending one with its key: the late answer is ignored, the rest stay', () => {
    const sent: number[] = []
    const t = new PendingRequests<string>(
      { send: (id) => sent.push(id), giveUp: () => undefined },
      idSource(),
      (r) => r.split(' ')[1]!,
    )
    const old = t.send('GET /x')
    const other = t.send('GET /y')
    const fresh = t.send('POST /x')
    expect(t.answer(old)).toBeUndefined()
    expect(t.answer(fresh)).toBe('POST /x')
    expect(t.answer(other)).toBe('GET /y')
    // Answered, the key is free: the next request for it is pending on its own.
    const again = t.send('GET /x')
    expect(t.answer(again)).toBe('GET /x')
    expect(sent).toEqual([old, other, fresh, again])
  })

  it('10,000 endpoints each asked twice: only the second round is answered', () => {
    const t = new PendingRequests<string>(
      { send: () => undefined, giveUp: () => undefined },
      idSource(),
      (r) => r,
    )
    const first = Array.from({ length: 10_000 }, (_, i) => t.send(`e${i}`))
    const second = Array.from({ length: 10_000 }, (_, i) => t.send(`e${i}`))
    expect(first.filter((id) => t.answer(id) !== undefined)).toEqual([])
    expect(second.filter((id) => t.answer(id) !== undefined)).toHaveLength(10_000)
  })

  it('tables sharing an id source never hand out the same id', () => {
    const ids = idSource()
    const one = table(ids)
    const two = table(ids)
    const a = one.t.send('a')
    const b = two.t.send('b')
    expect(a).not.toBe(b)
    expect(one.t.answer(b)).toBeUndefined()
    expect(two.t.answer(b)).toBe('b')
  })
})
