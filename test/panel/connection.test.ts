import { describe, expect, it } from 'vitest'
import { createBatcher, type Scheduler } from '../../src/panel/batcher'
import { deferredLink, discoverTab, openLink } from '../../src/panel/connection'
import { inRowOrder } from '../../src/panel/full-findings'
import { memoryPair } from '../../src/shared/channel'
import type { DevtoolsToPanel, Discovery, PanelToDevtools } from '../../src/shared/messages'
import { demoFindings } from './helpers'

/** Timers and frames that run only when the test says so. */
function manual() {
  let frames: (() => void)[] = []
  let timers: { cb: () => void; ms: number }[] = []
  const scheduler: Scheduler = {
    frame(cb) {
      frames.push(cb)
      return () => {
        frames = frames.filter((f) => f !== cb)
      }
    },
    timeout(cb, ms) {
      const t = { cb, ms }
      timers.push(t)
      return () => {
        timers = timers.filter((x) => x !== t)
      }
    },
  }
  return {
    scheduler,
    frame() {
      const f = frames
      frames = []
      for (const cb of f) cb()
    },
    tick() {
      const t = timers
      timers = []
      for (const x of t) x.cb()
    },
    pending: () => timers.length,
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0))
const stats = { entries: 0, findings: 0 }
const snapshot: DevtoolsToPanel = {
  type: 'devtools/snapshot',
  findings: [],
  probes: [],
  stats,
  settings: { preserveLog: false, probeMode: 'options', probing: true },
  inspectedUrl: '',
}

describe('batcher', () => {
  it('delivers everything pushed before a frame in one batch', () => {
    const m = manual()
    const got: number[][] = []
    const b = createBatcher<number>((x) => got.push(x), m.scheduler)
    b.push(1)
    b.push(2)
    b.push(3)
    expect(got).toEqual([])
    m.frame()
    expect(got).toEqual([[1, 2, 3]])
    b.push(4)
    m.tick() // no frames (hidden panel): the timer flushes
    expect(got).toEqual([[1, 2, 3], [4]])
  })
})

describe('openLink', () => {
  it('says hello, repeats it until a snapshot arrives, then stops', async () => {
    const m = manual()
    const [panel, devtools] = memoryPair<DevtoolsToPanel, PanelToDevtools>()
    const seen: PanelToDevtools[] = []
    devtools.listen((x) => seen.push(x))
    const batches: DevtoolsToPanel[][] = []
    openLink(panel, (b) => batches.push(b), m.scheduler)
    await tick()
    expect(seen).toEqual([{ type: 'panel/hello' }])
    m.tick()
    await tick()
    expect(seen.length).toBe(2)
    devtools.send(snapshot)
    devtools.send({ type: 'devtools/cleared', stats })
    await tick()
    m.frame()
    expect(batches).toEqual([[snapshot, { type: 'devtools/cleared', stats }]])
    m.tick()
    await tick()
    expect(seen.length).toBe(2)
  })

  it('forwards controls and stops everything on close', async () => {
    const m = manual()
    const [panel, devtools] = memoryPair<DevtoolsToPanel, PanelToDevtools>()
    const seen: PanelToDevtools[] = []
    devtools.listen((x) => seen.push(x))
    const link = openLink(panel, () => undefined, m.scheduler)
    link.send({ type: 'panel/probe-again', endpoint: 'POST http://a/b' })
    await tick()
    expect(seen.at(-1)).toEqual({ type: 'panel/probe-again', endpoint: 'POST http://a/b' })
    link.close()
    expect(m.pending()).toBe(0)
  })
})

describe('openLink: whole findings', () => {
  const whole = (id: string) => ({ ...demoFindings()[0]!, id })

  it('asks with a number, takes only the answer to it, and keeps it out of the batches', async () => {
    const m = manual()
    const [panel, devtools] = memoryPair<DevtoolsToPanel, PanelToDevtools>()
    const asked: Extract<PanelToDevtools, { type: 'panel/findings' }>[] = []
    devtools.listen((x) => {
      if (x.type === 'panel/findings') asked.push(x)
    })
    const batches: DevtoolsToPanel[][] = []
    const link = openLink(panel, (b) => batches.push(b), m.scheduler)
    const row = link.findings(['a', 'b'])
    const all = link.findings()
    await tick()
    expect(asked.map((q) => q.ids)).toEqual([['a', 'b'], undefined])
    const [forRow, forAll] = asked.map((q) => q.request)
    // Another panel's question, and an answer for this number holding what was not asked: ignored.
    devtools.send({ type: 'devtools/findings', request: forRow! + 1000, findings: [whole('a')] })
    devtools.send({ type: 'devtools/findings', request: forRow!, findings: [whole('z')] })
    devtools.send({ type: 'devtools/findings', request: forAll!, findings: [whole('a'), whole('z')] })
    devtools.send({ type: 'devtools/findings', request: forRow!, findings: [whole('b'), whole('a')] })
    expect((await row).map((f) => f.id)).toEqual(['b', 'a'])
    expect((await all).map((f) => f.id)).toEqual(['a', 'z'])
    m.frame()
    expect(batches).toEqual([])
    expect(m.pending()).toBeGreaterThan(0) // the hello retry, not the answered questions
    link.close()
  })

  it('gives up on a question nobody answers, and on every open one when the link closes', async () => {
    const m = manual()
    const [panel] = memoryPair<DevtoolsToPanel, PanelToDevtools>()
    const link = openLink(panel, () => undefined, m.scheduler)
    const late = link.findings(['a'])
    m.tick()
    await expect(late).rejects.toThrow(/did not send/)
    const open = link.findings()
    link.close()
    await expect(open).rejects.toThrow(/closed/)
    expect(m.pending()).toBe(0)
  })
})

describe('inRowOrder', () => {
  it("puts a row's whole findings in the row's order, or says they are not all there", () => {
    const [a, b] = demoFindings()
    const row = { id: 'r', key: 'k', findings: [b!, a!], kinds: [b!.kind, a!.kind] }
    expect(inRowOrder(row, [a!, b!])).toEqual([b, a])
    expect(inRowOrder(row, [a!])).toBeNull()
  })
})

describe('discovery', () => {
  it('asks until a devtools page announces itself, then resolves its tab', async () => {
    const m = manual()
    const [panel, page] = memoryPair<Discovery, Discovery>()
    const asked: Discovery[] = []
    page.listen((x) => asked.push(x))
    const found = discoverTab(panel, m.scheduler)
    await tick()
    m.tick()
    await tick()
    expect(asked).toEqual([{ type: 'panel/discover' }, { type: 'panel/discover' }])
    page.send({ type: 'devtools/announce', tabId: 42, url: 'http://x/' })
    expect(await found).toBe(42)
    expect(m.pending()).toBe(0)
  })

  it('a deferred link queues controls until the tab is known', async () => {
    let resolve: (n: number) => void = () => undefined
    const sent: PanelToDevtools[] = []
    const tab = new Promise<number>((r) => {
      resolve = r
    })
    const link = deferredLink(tab, (id) => {
      expect(id).toBe(7)
      return { send: (x) => sent.push(x), findings: async () => [], close: () => undefined }
    })
    link.send({ type: 'panel/clear' })
    expect(sent).toEqual([])
    resolve(7)
    await tick()
    expect(sent).toEqual([{ type: 'panel/clear' }])
  })
})
