import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import { beforeEach, describe, expect, it } from 'vitest'
import { analyzeHar } from '../../src/core/analyze-har'
import type { Finding } from '../../src/core/types'
import { type EvalOutcome, TIMEOUT_MS, TryFix } from '../../src/devtools/try-fix'
import { memoryPair } from '../../src/shared/channel'
import type { DevtoolsToPanel, PanelToDevtools, TryState } from '../../src/shared/messages'
import { entry, har, resetClock } from '../helpers/har'

const O = 'http://127.0.0.1:8405'
const SECRET = 'sk_live_0123456789abcdefghijklmnop'
beforeEach(resetClock)

const finding = (): Finding =>
  analyzeHar(
    har([
      entry({
        method: 'POST',
        url: `${O}/api/items`,
        status: 405,
        headers: { Allow: 'PUT, OPTIONS' },
        requestHeaders: { 'X-Api-Key': SECRET, Cookie: 'session=1', 'Content-Type': 'application/json' },
        resourceType: 'fetch',
      }),
    ]),
  )[0]!

/**
 * The devtools side with a fake page: eval runs the expression in a fresh global whose fetch
 * records each call and answers as `answer` says; time moves only when the test says so.
 */
function setup(opts: { answer?: () => Promise<unknown>; evalFails?: string; captured?: string | null } = {}) {
  let pageUrl = `${O}/`
  const f = finding()
  const [devtoolsSide, panelSide] = memoryPair<PanelToDevtools, DevtoolsToPanel>()
  const fetches: [string, Record<string, unknown>][] = []
  const pageGlobal: Record<string, unknown> = {
    fetch: (url: string, init: Record<string, unknown>) => {
      fetches.push([url, init])
      return (
        opts.answer ?? (() => Promise.resolve({ status: 200, type: 'basic', arrayBuffer: async () => null }))
      )()
    },
  }
  pageGlobal.globalThis = pageGlobal
  let now = Date.parse('2026-11-25T10:00:00Z')
  let timers: (() => void)[] = []
  let ids = 0
  const evaluate = async (code: string): Promise<EvalOutcome> =>
    opts.evalFails
      ? { ok: false, reason: opts.evalFails }
      : { ok: true, value: runInNewContext(code, pageGlobal) }
  const tf = new TryFix({
    panel: devtoolsSide,
    finding: (id) => (id === f.id ? f : undefined),
    evaluate,
    content: async () => `{"detail":"ok","token":"${SECRET}"}`,
    requestBody: async (method, url) =>
      method === 'POST' && url === `${O}/api/items` ? (opts.captured ?? null) : null,
    later: (fn) => void timers.push(fn),
    now: () => now,
    random: () => `r${++ids}`,
    pageUrl: () => pageUrl,
  })
  const got: DevtoolsToPanel[] = []
  panelSide.listen((m) => got.push(m))
  const settle = () => new Promise((r) => setTimeout(r, 0))
  /** Moves the clock by `ms`, running what was due. */
  const advance = async (ms: number) => {
    now += ms
    const due = timers
    timers = []
    for (const fn of due) fn()
    for (let i = 0; i < 5; i++) await settle()
  }
  const states = (): TryState[] => got.flatMap((m) => (m.type === 'devtools/try-fix-state' ? [m.state] : []))
  const prepare = async (): Promise<string> => {
    panelSide.send({ type: 'panel/try-fix-prepare', request: 1, findingId: f.id })
    await settle()
    const p = got.find((m) => m.type === 'devtools/try-fix-prepared')
    if (p?.type !== 'devtools/try-fix-prepared') throw new Error('not prepared')
    return p.token
  }
  const logEntry = (status: number, method = 'PUT', start = now) =>
    entry({ method, url: `${O}/api/items`, status, start, headers: { 'Content-Type': 'application/json' } })
  const navigate = (url: string) => {
    pageUrl = url
  }
  return {
    f,
    tf,
    panelSide,
    got,
    fetches,
    advance,
    settle,
    states,
    prepare,
    logEntry,
    navigate,
    time: () => now,
  }
}

describe('Try the fix in the devtools page', () => {
  it('a navigation between the dialog and Send voids the confirmation: nothing is sent', async () => {
    const s = setup()
    const token = await s.prepare()
    s.navigate('https://evil.example/')
    s.panelSide.send({ type: 'panel/try-fix-send', token, body: '' })
    await s.advance(20_000)
    expect(s.fetches).toHaveLength(0)
    expect(s.states()).toEqual([{ phase: 'expired' }])
  })

  it('another site open now gets neither the credentials nor the body, and the dialog names it', async () => {
    const s = setup({ captured: '{"name":"Ada"}' })
    s.navigate('https://evil.example/page')
    const token = await s.prepare()
    const prepared = s.got.find((m) => m.type === 'devtools/try-fix-prepared')
    expect(prepared).toMatchObject({
      view: { otherPage: 'https://evil.example', leftOut: ['X-Api-Key'], body: '' },
    })
    s.panelSide.send({ type: 'panel/try-fix-send', token, body: '' })
    await s.settle()
    await s.settle()
    expect(s.fetches).toHaveLength(1)
    expect(JSON.stringify(s.fetches)).not.toContain(SECRET)
  })

  it('an answer the page’s service worker gave is not the server’s verdict', async () => {
    const s = setup()
    const token = await s.prepare()
    s.panelSide.send({ type: 'panel/try-fix-send', token, body: '' })
    await s.settle()
    await s.settle()
    const sw = s.logEntry(200) as { response: Record<string, unknown> }
    sw.response._fetchedViaServiceWorker = true
    s.tf.seen(sw)
    await s.advance(16_000)
    expect(s.states().at(-1)).toMatchObject({
      phase: 'done',
      verdict: { outcome: 'unknown', reason: 'not-seen' },
    })
  })

  it('prepares a masked view and sends nothing until confirmed; cancel sends nothing', async () => {
    const s = setup()
    const token = await s.prepare()
    const prepared = s.got.find((m) => m.type === 'devtools/try-fix-prepared')
    expect(JSON.stringify(prepared)).not.toContain(SECRET)
    expect(prepared).toMatchObject({ view: { method: 'PUT', unsafe: true, credentials: 'include' } })
    s.panelSide.send({ type: 'panel/try-fix-cancel', token })
    await s.settle()
    s.panelSide.send({ type: 'panel/try-fix-send', token, body: '' })
    await s.advance(20_000)
    expect(s.fetches).toHaveLength(0)
    expect(s.states()).toEqual([{ phase: 'expired' }])
  })

  it('confirmed: one request with the real values; the network log gives the verdict and the answer', async () => {
    const s = setup()
    const token = await s.prepare()
    s.panelSide.send({ type: 'panel/try-fix-send', token, body: '{"name":"Widget"}' })
    await s.settle()
    await s.settle()
    expect(s.fetches).toHaveLength(1)
    expect(s.fetches[0]![0]).toBe(`${O}/api/items`)
    expect(s.fetches[0]![1]).toMatchObject({
      method: 'PUT',
      body: '{"name":"Widget"}',
      credentials: 'include',
      redirect: 'manual',
      headers: [
        ['Content-Type', 'application/json'],
        ['X-Api-Key', SECRET],
      ],
    })
    // A request of the page's own, before ours, is not our answer.
    s.tf.seen(s.logEntry(405, 'PUT', s.time() - 5000))
    s.tf.seen(s.logEntry(200))
    await s.advance(250)
    const done = s.states().at(-1)
    expect(done).toMatchObject({
      phase: 'done',
      verdict: { outcome: 'verified', method: 'PUT', status: 200, reason: 'answered' },
      answer: { status: 200, headers: [['content-type', 'application/json']] },
    })
    expect(JSON.stringify(done)).not.toContain(SECRET)
    // Spent: the same token sends nothing again.
    s.panelSide.send({ type: 'panel/try-fix-send', token, body: '' })
    await s.advance(250)
    expect(s.fetches).toHaveLength(1)
    expect(s.states().at(-1)).toEqual({ phase: 'expired' })
    expect(s.tf.inFlight).toBe(0)
  })

  it('a page that claims success does not make a failing answer verified', async () => {
    const s = setup()
    const token = await s.prepare()
    s.panelSide.send({ type: 'panel/try-fix-send', token, body: '' })
    await s.settle()
    s.tf.seen(s.logEntry(403))
    await s.advance(250)
    expect(s.states().at(-1)).toMatchObject({ phase: 'done', verdict: { outcome: 'failing', status: 403 } })
  })

  it('unknown when the network log never shows the answer', async () => {
    const s = setup({ answer: () => new Promise(() => undefined) })
    const token = await s.prepare()
    s.panelSide.send({ type: 'panel/try-fix-send', token, body: '' })
    await s.settle()
    for (let t = 0; t <= TIMEOUT_MS; t += 250) await s.advance(250)
    expect(s.states().at(-1)).toEqual({
      phase: 'done',
      verdict: { outcome: 'unknown', method: 'PUT', status: 0, reason: 'not-seen' },
      answer: null,
    })
  })

  it('says why when the page cannot run it (Firefox: a privileged page)', async () => {
    const s = setup({ evalFails: 'Inspector protocol error: privileged page' })
    const token = await s.prepare()
    s.panelSide.send({ type: 'panel/try-fix-send', token, body: '' })
    await s.advance(250)
    expect(s.states()).toEqual([
      { phase: 'sending' },
      { phase: 'cannot-run', reason: 'Inspector protocol error: privileged page' },
    ])
    expect(s.tf.inFlight).toBe(0)
  })

  it("the dialog starts with the page's own body, unless it holds a secret", async () => {
    const plain = setup({ captured: '{"name":"Widget"}' })
    await plain.prepare()
    expect(plain.got[0]).toMatchObject({ view: { body: '{"name":"Widget"}', bodyFrom: 'capture' } })
    const secret = setup({ captured: `{"name":"Widget","password":"hunter2-${SECRET}"}` })
    await secret.prepare()
    expect(secret.got[0]).toMatchObject({ view: { body: '', bodyFrom: 'secret' } })
    expect(JSON.stringify(secret.got)).not.toContain('hunter2')
  })

  it('refuses a finding it does not have', async () => {
    const s = setup()
    s.panelSide.send({ type: 'panel/try-fix-prepare', request: 4, findingId: 'nope' })
    await s.settle()
    expect(s.got).toEqual([
      { type: 'devtools/try-fix-refused', request: 4, findingId: 'nope', reason: 'not-found' },
    ])
  })
})

describe('what the devtools page evaluates in the inspected page', () => {
  /** A source file without its comments (they may name what they describe). */
  const src = (p: string) =>
    readFileSync(join(import.meta.dirname, '../../src', p), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
  const files = (dir: string): string[] =>
    readdirSync(join(import.meta.dirname, '../../src', dir), { withFileTypes: true }).flatMap((d) =>
      d.isDirectory() ? files(`${dir}/${d.name}`) : /\.tsx?$/.test(d.name) ? [`${dir}/${d.name}`] : [],
    )

  it('inspectedWindow.eval is called in one file only: with location.href, or with an expression Try the fix built', () => {
    const callers = files('.').filter((f) => /inspectedWindow\.eval\(/.test(src(f)))
    expect(callers).toEqual(['./devtools/devtools.ts'])
    const calls = [...src('devtools/devtools.ts').matchAll(/inspectedWindow\.eval\(([^)]*)\)/g)].map(
      (m) => m[1],
    )
    expect(calls).toEqual(["'location.href'", 'expression'])
  })

  it('Try the fix evaluates only the constant functions with JSON arguments', () => {
    const calls = [...src('devtools/try-fix.ts').matchAll(/this\.deps\.evaluate\(([^(]*)\(/g)].map(
      (m) => m[1],
    )
    expect(calls.sort()).toEqual(['readExpression', 'sendExpression'])
  })
})
