import { describe, expect, it } from 'vitest'
import { Engine } from '../../src/core/engine'
import { Publisher } from '../../src/devtools/publisher'
import type { DevtoolsToPanel } from '../../src/shared/messages'
import { entry } from '../helpers/har'

const O = 'http://127.0.0.1:8405'
const failing = (n: number) =>
  entry({ method: 'POST', url: `${O}/api/fail/${n}`, status: 405, headers: { Allow: 'GET' } })

function setup() {
  let clock = 1_000
  const timers: { at: number; fn: () => void }[] = []
  const sent: DevtoolsToPanel[] = []
  const engine = new Engine()
  const publisher = new Publisher(
    {
      panel: { send: (m) => sent.push(m), listen: () => () => undefined, close: () => undefined },
      later: (fn, ms) => timers.push({ at: clock + ms, fn }),
      now: () => clock,
    },
    {
      engine,
      stats: () => ({ entries: engine.entries, findings: engine.findingCount }),
      busy: () => false,
      idle: () => {},
    },
  )
  const advance = (ms: number) => {
    clock += ms
    for (const t of timers.filter((x) => x.at <= clock)) {
      timers.splice(timers.indexOf(t), 1)
      t.fn()
    }
  }
  const upserts = () => sent.flatMap((m) => (m.type === 'devtools/changes' ? [m.upserts.length] : []))
  return { engine, publisher, advance, upserts, timers }
}

describe('publisher', () => {
  it('sends the first change after a quiet spell at once, and the rest of a burst once per interval', () => {
    const { engine, publisher, advance, upserts, timers } = setup()
    engine.add(failing(1))
    publisher.schedule()
    expect(upserts()).toEqual([1])
    // A burst right after: held until 100 ms after the first send, then sent together.
    advance(30)
    engine.add(failing(2))
    publisher.schedule()
    engine.add(failing(3))
    publisher.schedule()
    expect(upserts()).toEqual([1])
    expect(timers.map((t) => t.at)).toEqual([1_100])
    advance(69)
    expect(upserts()).toEqual([1])
    advance(1)
    expect(upserts()).toEqual([1, 2])
    // Quiet for a while: the next one goes at once again.
    advance(500)
    engine.add(failing(4))
    publisher.schedule()
    expect(upserts()).toEqual([1, 2, 1])
  })
})
