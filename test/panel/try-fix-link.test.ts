import { describe, expect, it } from 'vitest'
import type { Scheduler } from '../../src/panel/batcher'
import { PREPARE_TIMEOUT_MS, TryFixLink } from '../../src/panel/try-fix-link'
import { memoryPair } from '../../src/shared/channel'
import type { DevtoolsToPanel, PanelToDevtools } from '../../src/shared/messages'

const view = {
  method: 'PUT',
  url: 'http://127.0.0.1:8405/api/items',
  headers: [['Authorization', 'REDACTED']] as [string, string][],
  credentials: 'include' as const,
  unsafe: true,
  bodyAllowed: true,
  body: '',
  bodyFrom: 'none' as const,
  leftOut: [],
  otherPage: null,
}

function setup() {
  const [devtools, heard] = memoryPair<never, DevtoolsToPanel>()
  const sent: PanelToDevtools[] = []
  const timers: { cb: () => void; ms: number }[] = []
  const scheduler: Scheduler = {
    frame: () => () => undefined,
    timeout: (cb, ms) => {
      timers.push({ cb, ms })
      return () => undefined
    },
  }
  const link = new TryFixLink((m) => sent.push(m), heard, scheduler)
  const reply = async (m: DevtoolsToPanel) => {
    devtools.send(m)
    await new Promise((r) => setTimeout(r, 0))
  }
  const asked = (): number => {
    const p = sent.find((m) => m.type === 'panel/try-fix-prepare')
    if (p?.type !== 'panel/try-fix-prepare') throw new Error('not asked')
    return p.request
  }
  return { link, sent, timers, reply, asked }
}

describe("the panel's Try the fix link", () => {
  it('shows the dialog only for the answer to its own question; cancel sends the cancel and nothing else', async () => {
    const s = setup()
    s.link.prepare('f1')
    expect(s.link.get('f1').phase).toBe('preparing')
    const request = s.asked()
    // Another panel's question for the same finding.
    await s.reply({
      type: 'devtools/try-fix-prepared',
      request: request + 1,
      findingId: 'f1',
      token: 'x1',
      view,
    })
    expect(s.link.get('f1').phase).toBe('preparing')
    await s.reply({ type: 'devtools/try-fix-prepared', request, findingId: 'f1', token: 't1', view })
    expect(s.link.get('f1')).toEqual({ phase: 'confirm', token: 't1', view })
    s.link.cancel('f1')
    s.link.confirm('f1', '')
    expect(s.sent.map((m) => m.type)).toEqual(['panel/try-fix-prepare', 'panel/try-fix-cancel'])
    expect(s.link.get('f1').phase).toBe('idle')
  })

  it('confirm sends the token once with the body; the verdict for that token marks the finding', async () => {
    const s = setup()
    s.link.prepare('f1')
    await s.reply({
      type: 'devtools/try-fix-prepared',
      request: s.asked(),
      findingId: 'f1',
      token: 't1',
      view,
    })
    s.link.confirm('f1', '{"a":1}')
    s.link.confirm('f1', '{"a":1}')
    expect(s.sent.filter((m) => m.type === 'panel/try-fix-send')).toEqual([
      { type: 'panel/try-fix-send', token: 't1', body: '{"a":1}' },
    ])
    const verdict = { outcome: 'failing', method: 'PUT', status: 403, reason: 'answered' } as const
    await s.reply({
      type: 'devtools/try-fix-state',
      token: 'other',
      findingId: 'f1',
      state: { phase: 'done', verdict: { ...verdict, outcome: 'verified', status: 200 }, answer: null },
    })
    expect(s.link.get('f1').phase).toBe('sending')
    await s.reply({
      type: 'devtools/try-fix-state',
      token: 't1',
      findingId: 'f1',
      state: { phase: 'done', verdict, answer: null },
    })
    expect(s.link.get('f1')).toEqual({ phase: 'done', view, verdict, answer: null })
  })

  it('says so when the devtools page never answers', () => {
    const s = setup()
    s.link.prepare('f1')
    const t = s.timers.find((x) => x.ms === PREPARE_TIMEOUT_MS)!
    t.cb()
    expect(s.link.get('f1')).toEqual({ phase: 'refused', reason: 'no-reply' })
  })
})
