import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Finding } from '../../src/core/types'
import type {
  ApiDescriptionStatus,
  DevtoolsToPanel,
  FindingSummary,
  PanelToDevtools,
  ProbeStatus,
} from '../../src/shared/messages'

// The inline shell's devtools page, as the shell builds it: the real CaptureController and the
// worker's real probe service, with the shell's fake browser and fake servers. What the panel
// hears must be what the core engine finds on its own for the same traffic and probe answers.
vi.mock('webextension-polyfill', async () => ({
  default: (await import('../../dev/shell/fake-browser')).fakeBrowser,
}))

const { Engine } = await import('../../src/core/engine')
const { parseApiDescription } = await import('../../src/core/openapi-parse')
const { memoryPair } = await import('../../src/shared/channel')
const { summarize } = await import('../../src/shared/messages')
const { setChoice } = await import('../../src/panel/probe-choices')
const { fakeBrowser, resetFakeBrowser } = await import('../../dev/shell/fake-browser')
const { fakeWorker } = await import('../../dev/shell/fake-worker')
const { API, DEMO, scenarioEntries } = await import('../../dev/shell/scenarios')
const { serverFetch } = await import('../../dev/shell/servers')
const { startDevtools } = await import('../../dev/shell/shell-devtools')
const { STACKS } = await import('../../dev/shell/stacks')

/**
 * What a panel knows after the messages it heard: findings by id (their summaries), probes,
 * descriptions, and the whole findings each `panel/findings` question was answered with.
 */
function panelView(end: { listen(h: (m: DevtoolsToPanel) => void): () => void }) {
  const findings = new Map<string, FindingSummary>()
  const answers = new Map<number, Finding[]>()
  const probes = new Map<string, ProbeStatus>()
  const descriptions = new Map<string, ApiDescriptionStatus>()
  end.listen((m) => {
    if (m.type === 'devtools/snapshot') {
      findings.clear()
      for (const f of m.findings) findings.set(f.id, f)
      for (const p of m.probes) probes.set(p.endpoint, p)
    } else if (m.type === 'devtools/changes') {
      for (const f of m.upserts) findings.set(f.id, f)
      for (const id of m.removed) findings.delete(id)
    } else if (m.type === 'devtools/probe') probes.set(m.status.endpoint, m.status)
    else if (m.type === 'devtools/api-description') descriptions.set(m.status.origin, m.status)
    else if (m.type === 'devtools/findings') answers.set(m.request, m.findings)
  })
  return { findings, probes, descriptions, answers }
}

const byId = <F extends { id: string }>(fs: Iterable<F>): F[] =>
  [...fs].sort((a, b) => a.id.localeCompare(b.id))

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

/** The demo scenario through the shell's devtools page, settled: every entry in, no probe pending. */
async function shell(settings: { probing: boolean }) {
  const [devtoolsEnd, panelEnd] = memoryPair<PanelToDevtools, DevtoolsToPanel>()
  const view = panelView(panelEnd)
  const devtools = await startDevtools({
    tabId: 1,
    panel: devtoolsEnd,
    worker: fakeWorker(serverFetch()),
    inspectedUrl: `${DEMO}/`,
    parseDescription: async (text) => parseApiDescription(text),
    approved: STACKS.map((s) => s.origin),
    settings,
  })
  panelEnd.send({ type: 'panel/hello' })
  const entries = scenarioEntries()
  devtools.request(entries)
  const { controller } = devtools
  // Every entry taken in, no probe out, and the panel shown all the controller's engine holds.
  const settled = () =>
    controller.stats().entries === entries.length &&
    [...view.probes.values()].every((p) => p.state !== 'pending') &&
    JSON.stringify(byId(view.findings.values())) ===
      JSON.stringify(byId(controller.engine.findings().map(summarize)))
  await until('the capture to settle', settled)
  // Nothing more arrives once settled (the publisher batches every 100 ms).
  await new Promise((r) => setTimeout(r, 250))
  expect(settled()).toBe(true)
  return { view, entries, controller, panelEnd, settled }
}

/** The engine on its own: the same entries, then the probe answers the panel was shown. */
function wholeFindings(entries: readonly unknown[], probes: Iterable<ProbeStatus>): Finding[] {
  const engine = new Engine()
  for (const e of entries) engine.add(e)
  for (const p of probes) if (p.state === 'done' && p.result) engine.addProbe(p.result)
  return byId(engine.findings())
}

/** What the list is sent of the same: each finding's summary. */
const engineFindings = (entries: readonly unknown[], probes: Iterable<ProbeStatus>): FindingSummary[] =>
  wholeFindings(entries, probes).map(summarize)

const step = (p: ProbeStatus | undefined) =>
  p?.result?.steps.map((s) => `${s.method} ${s.status}${s.headers.allow ? ` ${s.headers.allow}` : ''}`)

beforeEach(() => resetFakeBrowser())

describe('the inline shell runs the real devtools page', () => {
  it('probing off: the panel is shown exactly the findings the engine makes of the scenarios', async () => {
    const { view, entries } = await shell({ probing: false })
    expect(view.probes.size).toBe(0)
    expect(view.findings.size).toBeGreaterThan(10)
    expect(byId(view.findings.values())).toEqual(engineFindings(entries, []))
  })

  it('probing on: the real ladder asks the fake servers, and the findings match the engine given those answers', async () => {
    const { view, entries } = await shell({ probing: true })
    const probe = (endpoint: string) => view.probes.get(endpoint)
    // A suspect whose OPTIONS names the methods stops there; one that OPTIONS leaves open climbs
    // to HEAD and GET, as src/core/probe/ladder.ts decides.
    expect(step(probe(`DELETE ${DEMO}/api/files/42`))).toEqual(['OPTIONS 204 GET, DELETE, OPTIONS'])
    expect(step(probe(`POST ${DEMO}/static/contact.html`))).toEqual(['OPTIONS 404', 'HEAD 404', 'GET 404'])
    // Earlier traffic proved the path: nothing is sent.
    expect(step(probe(`POST ${DEMO}/api/reports`))).toEqual([])
    // The worker's site rules: the stacks' origins were approved, api.example.com was not.
    for (const { origin } of STACKS) {
      const own = [...view.probes.values()].filter((p) => p.origin === origin)
      expect(own.length, origin).toBeGreaterThan(0)
      for (const p of own) expect(p.state, p.endpoint).toBe('done')
    }
    expect(probe(`PATCH ${API}/v1/orders/17`)).toMatchObject({
      state: 'no-permission',
      reason: 'not-approved',
      site: DEMO,
    })
    const done = [...view.probes.values()].filter((p) => p.state === 'done')
    expect(done.length).toBeGreaterThan(5)
    expect(byId(view.findings.values())).toEqual(engineFindings(entries, view.probes.values()))
    // The probe answers changed what the panel shows: a check that they were compared at all.
    expect(byId(view.findings.values())).not.toEqual(engineFindings(entries, []))
  })

  it('a row opened, or an export, gets the whole findings the engine made, each question its own answer', async () => {
    const { view, entries, panelEnd } = await shell({ probing: false })
    const whole = wholeFindings(entries, [])
    const row = whole.filter((f) => f.severity === 'error').slice(0, 2)
    panelEnd.send({ type: 'panel/findings', request: 41, ids: row.map((f) => f.id) })
    panelEnd.send({ type: 'panel/findings', request: 42 })
    panelEnd.send({ type: 'panel/findings', request: 43, ids: ['not-a-finding'] })
    await until('the answers', () => view.answers.size === 3)
    expect(byId(view.answers.get(41)!)).toEqual(byId(row))
    expect(byId(view.answers.get(42)!)).toEqual(whole)
    expect(view.answers.get(43)).toEqual([])
    // The list was sent less than the whole: no texts, evidence or corrected calls.
    const listed = view.findings.get(row[0]!.id)!
    expect(Object.keys(listed)).not.toContain('snippets')
    expect(JSON.stringify(listed).length).toBeLessThan(JSON.stringify(row[0]).length / 2)
  })

  it('the user’s "Allow probing" click (host access, then the pair) gets api.example.com probed', async () => {
    const { view, panelEnd } = await shell({ probing: true })
    const endpoint = `PATCH ${API}/v1/orders/17`
    expect(view.probes.get(endpoint)?.state).toBe('no-permission')
    // What the panel's Permission button does where permissions.request exists (Chrome).
    expect(await fakeBrowser.permissions.request({ origins: [`${API}/*`] })).toBe(true)
    expect(await setChoice('approval', DEMO, API, true)).toBe(true)
    panelEnd.send({ type: 'panel/permissions-changed' })
    await until('the api probe', () => view.probes.get(endpoint)?.state === 'done')
    expect(view.probes.get(endpoint)).toMatchObject({ origin: API, site: DEMO })
    expect(step(view.probes.get(endpoint))).toEqual(['OPTIONS 404', 'HEAD 404', 'GET 404'])
  })

  it('reads the demo origin’s API description through the worker and parses it', async () => {
    const { view, panelEnd } = await shell({ probing: false })
    panelEnd.send({ type: 'panel/read-api-description', origin: DEMO })
    await until('the description', () => view.descriptions.get(DEMO)?.state === 'loaded')
    expect(view.descriptions.get(DEMO)).toMatchObject({
      source: `${DEMO}/openapi.json`,
      title: 'Demo API',
      paths: 5,
      tried: [{ url: `${DEMO}/openapi.json`, status: 200 }],
    })
    // An origin without one: every usual location was tried.
    panelEnd.send({ type: 'panel/read-api-description', origin: 'http://127.0.0.1:8101' })
    await until('the miss', () => view.descriptions.get('http://127.0.0.1:8101')?.state === 'not-found')
    expect(view.descriptions.get('http://127.0.0.1:8101')?.tried?.length).toBeGreaterThan(1)
  })
})
