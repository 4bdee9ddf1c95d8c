import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseApiDescription } from '../../src/core/openapi-parse'
import { type BackfillPolicy, CHROME_BACKFILL, FIREFOX_BACKFILL } from '../../src/devtools/backfill-policy'
import { CaptureController, type WorkerLink } from '../../src/devtools/capture'
import { memoryPair } from '../../src/shared/channel'
import type {
  DevtoolsToPanel,
  DevtoolsToWorker,
  PanelToDevtools,
  WorkerToDevtools,
} from '../../src/shared/messages'
import { entry } from '../helpers/har'

const O = 'http://127.0.0.1:8405'

function setup(
  getHAR: () => Promise<unknown[]> = async () => [],
  backfill: BackfillPolicy = CHROME_BACKFILL,
  now: () => number = () => 0,
) {
  const [devtoolsSide, panelSide] = memoryPair<PanelToDevtools, DevtoolsToPanel>()
  const toWorker: DevtoolsToWorker[] = []
  const workerHandlers = new Set<(m: WorkerToDevtools) => void>()
  const worker: WorkerLink = {
    send: (m) => toWorker.push(m),
    listen: (h) => {
      workerHandlers.add(h)
      return () => workerHandlers.delete(h)
    },
  }
  const timers: (() => void)[] = []
  const panelGot: DevtoolsToPanel[] = []
  panelSide.listen((m) => panelGot.push(m))
  const c = new CaptureController({
    tabId: 7,
    panel: devtoolsSide,
    worker,
    settings: { preserveLog: false, probeMode: 'full', probing: true },
    saveSettings: () => undefined,
    getHAR,
    backfill,
    later: (fn) => timers.push(fn),
    now,
    inspectedUrl: () => `${O}/`,
    // The browser parses in a Web Worker (description-parser.ts); the test parses on its own thread.
    parseDescription: async (text) => parseApiDescription(text),
  })
  const tick = async () => {
    for (let i = 0; i < 100 && timers.length > 0; i++) timers.shift()!()
    await new Promise((r) => setTimeout(r, 0))
  }
  const reply = (m: WorkerToDevtools) => {
    for (const h of workerHandlers) h(m)
  }
  return { c, panelSide, panelGot, toWorker, tick, reply }
}

const wrong = () => entry({ method: 'POST', url: `${O}/api/items`, status: 405, headers: { Allow: 'GET' } })

describe('capture controller', () => {
  it('backfills with getHAR, dedupes the live copy, and publishes to the panel in batches', async () => {
    const e = wrong()
    const { c, panelGot, tick } = setup(async () => [e])
    await c.backfill()
    c.add(structuredClone(e))
    await tick()
    expect(c.stats()).toEqual({ entries: 1, findings: 1 })
    const changes = panelGot.filter((m) => m.type === 'devtools/changes')
    expect(changes).toHaveLength(1)
  })

  it('answers panel/hello with a snapshot (the panel may open long after capture started)', async () => {
    const { c, panelSide, panelGot, tick } = setup()
    for (let i = 0; i < 30; i++) c.add(entry({ method: 'GET', url: `${O}/ok/${i}`, status: 200 }))
    c.add(wrong())
    await tick()
    panelSide.send({ type: 'panel/hello' })
    await tick()
    const snap = panelGot.find((m) => m.type === 'devtools/snapshot')
    expect(snap && snap.type === 'devtools/snapshot' && snap.findings.map((f) => f.kind)).toEqual([
      'wrong-method',
    ])
    expect(snap && snap.type === 'devtools/snapshot' && snap.stats.entries).toBe(31)
  })

  it('reports observed URLs before asking the worker to probe, and folds the answer in', async () => {
    const { c, toWorker, tick, reply, panelGot } = setup()
    c.add(wrong())
    await tick()
    expect(toWorker.map((m) => m.type)).toEqual(['devtools/observed-urls', 'devtools/probe-request'])
    const probe = toWorker[1] as Extract<DevtoolsToWorker, { type: 'devtools/probe-request' }>
    // A 405 with Allow: OPTIONS is asked, the safe HEAD/GET steps are not (Allow already said enough).
    expect(probe.request).toMatchObject({ method: 'POST', url: `${O}/api/items`, suspect: false })
    reply({
      type: 'worker/probe-result',
      id: probe.id,
      site: O,
      result: {
        endpoint: probe.request.endpoint,
        url: probe.request.url,
        at: 1,
        steps: [
          {
            method: 'OPTIONS',
            url: probe.request.url,
            outcome: 'answered',
            status: 200,
            headers: { allow: 'GET, HEAD, OPTIONS' },
            durationMs: 3,
          },
        ],
      },
    })
    await tick()
    const f = c.engine.findings()[0]!
    expect(f.allowed.sources.map((s) => s.source)).toEqual(['response-allow', 'probe-allow'])
    expect(panelGot.some((m) => m.type === 'devtools/probe' && m.status.state === 'done')).toBe(true)
  })

  it('Probe again supersedes a pending probe: a late answer to the old request is dropped', async () => {
    const { c, panelSide, toWorker, tick, reply, panelGot } = setup()
    c.add(wrong())
    await tick()
    const old = toWorker.find((m) => m.type === 'devtools/probe-request') as Extract<
      DevtoolsToWorker,
      { type: 'devtools/probe-request' }
    >
    panelSide.send({ type: 'panel/probe-again', endpoint: old.request.endpoint })
    await tick()
    const fresh = toWorker.filter((m) => m.type === 'devtools/probe-request').at(-1) as typeof old
    expect(fresh.id).not.toBe(old.id)
    const answer = (id: number, status: number) =>
      reply({
        type: 'worker/probe-result',
        id,
        site: O,
        result: {
          endpoint: old.request.endpoint,
          url: old.request.url,
          at: 1,
          steps: [
            {
              method: 'OPTIONS',
              url: old.request.url,
              outcome: 'answered',
              status,
              headers: {},
              durationMs: 1,
            },
          ],
        },
      })
    answer(fresh.id, 204)
    answer(old.id, 404)
    await tick()
    const done = panelGot.filter((m) => m.type === 'devtools/probe' && m.status.state === 'done')
    expect(done.map((m) => m.type === 'devtools/probe' && m.status.result?.steps[0]?.status)).toEqual([204])
  })

  it('a worker restart re-sends observed URLs and retries a pending probe once', async () => {
    const { c, toWorker, tick, panelGot } = setup()
    c.add(wrong())
    await tick()
    toWorker.length = 0
    c.reconnected()
    expect(toWorker.map((m) => m.type)).toEqual(['devtools/observed-urls', 'devtools/probe-request'])
    toWorker.length = 0
    c.reconnected()
    expect(toWorker.map((m) => m.type)).toEqual(['devtools/observed-urls'])
    await tick()
    expect(panelGot.some((m) => m.type === 'devtools/probe' && m.status.state === 'error')).toBe(true)
  })

  it("reads DevTools' log after a navigation and on panel open in Chrome, never in Firefox", async () => {
    for (const [policy, expected] of [
      [CHROME_BACKFILL, 4],
      [FIREFOX_BACKFILL, 0],
    ] as const) {
      let calls = 0
      const { c, panelSide, tick } = setup(async () => {
        calls++
        return []
      }, policy)
      c.navigated()
      await tick()
      await tick()
      panelSide.send({ type: 'panel/hello' })
      await tick()
      expect(calls).toBe(expected)
    }
  })

  it('a navigation reported after its document keeps that document (Firefox order)', async () => {
    const { c, tick } = setup(async () => [], FIREFOX_BACKFILL)
    c.add(entry({ method: 'GET', url: `${O}/old`, status: 200 }))
    c.add(entry({ method: 'POST', url: `${O}/form`, status: 405, headers: { Allow: 'GET' } }))
    await tick()
    c.navigated(`${O}/form`)
    await tick()
    expect(c.stats()).toEqual({ entries: 1, findings: 1 })
    c.navigated(`${O}/elsewhere`)
    await tick()
    expect(c.stats()).toEqual({ entries: 0, findings: 0 })
  })

  // Real Chromium: with the Network panel's own Preserve log on, getHAR() still lists the pages the
  // tab left, and each re-read after a navigation brought their findings back (e2e/navigation.spec.ts).
  it('a re-read after a navigation or a Clear takes in nothing that started before it', async () => {
    const T = Date.parse('2026-11-25T10:00:00.000Z')
    const at = (ms: number, method: string, path: string, status: number) =>
      entry({ method, url: `${O}${path}`, status, start: T + ms, headers: { Allow: 'GET' } })
    const log = [at(0, 'GET', '/page1', 200), at(100, 'PATCH', '/api/a/1', 405)]
    let clock = T + 200
    const { c, panelSide, tick } = setup(
      async () => [...log],
      CHROME_BACKFILL,
      () => clock,
    )
    for (const e of log) c.add(e)
    await tick()
    expect(c.stats()).toEqual({ entries: 2, findings: 1 })
    log.push(at(500, 'GET', '/page2', 200))
    clock = T + 650
    c.navigated(`${O}/page2`)
    log.push(at(700, 'GET', '/api/a/1', 200), at(800, 'PUT', '/api/b/2', 405))
    for (let i = 0; i < 4; i++) await tick()
    // The new page's document and requests, none of page 1's.
    expect(c.stats()).toEqual({ entries: 3, findings: 1 })
    expect(c.engine.findings().map((f) => f.request.method)).toEqual(['PUT'])
    clock = T + 900
    panelSide.send({ type: 'panel/clear' })
    await tick()
    panelSide.send({ type: 'panel/hello' })
    for (let i = 0; i < 4; i++) await tick()
    expect(c.stats()).toEqual({ entries: 0, findings: 0 })
  })

  // Chrome reports a pushState as a navigation too; its log still holds the whole page.
  it('a same-document navigation (no document request for the URL) keeps what the log holds', async () => {
    const T = Date.parse('2026-11-25T10:00:00.000Z')
    const log = [
      entry({ method: 'GET', url: `${O}/`, status: 200, start: T }),
      entry({
        method: 'POST',
        url: `${O}/api/items`,
        status: 405,
        start: T + 100,
        headers: { Allow: 'GET' },
      }),
    ]
    const { c, tick } = setup(
      async () => [...log],
      CHROME_BACKFILL,
      () => T + 500,
    )
    for (const e of log) c.add(e)
    await tick()
    c.navigated(`${O}/some/spa/route`)
    for (let i = 0; i < 4; i++) await tick()
    expect(c.stats()).toEqual({ entries: 2, findings: 1 })
  })

  it('a kept entry whose body arrives after a later Clear stays cleared', async () => {
    const { c, panelSide, tick } = setup(async () => [], FIREFOX_BACKFILL)
    const post = entry({ method: 'POST', url: `${O}/form`, status: 405, headers: { Allow: 'GET' } })
    const epoch = c.epoch
    c.add(post)
    c.navigated(`${O}/form`)
    await tick()
    expect(c.stats().entries).toBe(1)
    panelSide.send({ type: 'panel/clear' })
    await tick()
    c.addBody(post, { ...post, response: { ...(post.response as object), content: { text: 'nope' } } }, epoch)
    await tick()
    expect(c.stats()).toEqual({ entries: 0, findings: 0 })
  })

  it('a worker restart re-sends an API-description read once, then says so', async () => {
    const { c, panelSide, toWorker, tick, panelGot } = setup()
    c.add(wrong())
    await tick()
    panelSide.send({ type: 'panel/read-api-description', origin: O })
    await tick()
    const read = toWorker.find((m) => m.type === 'devtools/read-description')
    expect(read).toBeDefined()
    toWorker.length = 0
    c.reconnected()
    expect(toWorker.filter((m) => m.type === 'devtools/read-description')).toEqual([read])
    toWorker.length = 0
    c.reconnected()
    expect(toWorker.filter((m) => m.type === 'devtools/read-description')).toEqual([])
    await tick()
    const last = panelGot.filter((m) => m.type === 'devtools/api-description').at(-1)
    expect(last).toMatchObject({ status: { origin: O, state: 'error', reason: 'worker-restarted' } })
  })

  it('a navigation clears unless Preserve log is on; Clear always clears', async () => {
    const { c, panelSide, tick } = setup()
    c.add(wrong())
    await tick()
    c.navigated()
    await tick()
    expect(c.stats().entries).toBe(0)
    panelSide.send({ type: 'panel/settings', settings: { preserveLog: true } })
    await tick()
    c.add(wrong())
    await tick()
    c.navigated()
    await tick()
    expect(c.stats().entries).toBe(1)
    panelSide.send({ type: 'panel/clear' })
    await tick()
    expect(c.stats()).toEqual({ entries: 0, findings: 0 })
  })

  it('a no-permission refusal is shown, and a grant re-probes', async () => {
    const { c, panelSide, toWorker, tick, reply, panelGot } = setup()
    c.add(wrong())
    await tick()
    const probe = toWorker.find((m) => m.type === 'devtools/probe-request') as Extract<
      DevtoolsToWorker,
      { type: 'devtools/probe-request' }
    >
    reply({ type: 'worker/probe-refused', id: probe.id, site: O, reason: 'no-permission' })
    await tick()
    expect(
      panelGot.some(
        (m) => m.type === 'devtools/probe' && m.status.state === 'no-permission' && m.status.origin === O,
      ),
    ).toBe(true)
    toWorker.length = 0
    panelSide.send({ type: 'panel/permissions-changed' })
    await tick()
    expect(toWorker.filter((m) => m.type === 'devtools/probe-request')).toHaveLength(1)
  })

  it('tells the worker the inspected page first, again after a worker restart, with each URL under the site that requested it', async () => {
    const B = 'http://127.0.0.1:9000'
    const T = Date.parse('2026-12-01T10:00:00.000Z')
    const { c, toWorker, tick, reply, panelGot } = setup()
    c.inspected(`${B}/app`, Number.NEGATIVE_INFINITY)
    c.inspected(`${B}/app`, Number.NEGATIVE_INFINITY)
    expect(toWorker).toEqual([{ type: 'devtools/inspected-url', tabId: 7, url: `${B}/app` }])
    c.add(entry({ method: 'POST', url: `${O}/api/items`, status: 405, headers: { Allow: 'GET' }, start: T }))
    await tick()
    expect(toWorker[1]).toEqual({
      type: 'devtools/observed-urls',
      tabId: 7,
      site: B,
      urls: [`${O}/api/items`],
    })
    const probe = toWorker.find((m) => m.type === 'devtools/probe-request') as Extract<
      DevtoolsToWorker,
      { type: 'devtools/probe-request' }
    >
    // Another origin than the page's: the worker waits for the click, the panel offers it.
    reply({ type: 'worker/probe-refused', id: probe.id, site: B, reason: 'not-approved' })
    await tick()
    const shown = panelGot.filter((m) => m.type === 'devtools/probe').at(-1)
    expect(shown && shown.type === 'devtools/probe' && shown.status).toMatchObject({
      state: 'no-permission',
      reason: 'not-approved',
      origin: O,
      site: B,
    })
    // A restarted worker hears the page before anything else, then each URL with its site.
    toWorker.length = 0
    c.reconnected()
    expect(toWorker.slice(0, 2)).toEqual([
      { type: 'devtools/inspected-url', tabId: 7, url: `${B}/app` },
      { type: 'devtools/observed-urls', tabId: 7, site: B, urls: [`${O}/api/items`] },
    ])
    // The tab moves to O (a kept finding, as with Preserve log): O did not request the URL, so
    // the waiting probe is not asked again (issue 14 review, finding 9).
    toWorker.length = 0
    c.inspected(`${O}/`, T + 1000)
    expect(toWorker.map((m) => m.type)).toEqual(['devtools/inspected-url'])
    // O's page requests it itself: now it is O's own, told to the worker under O and asked again.
    c.add(
      entry({
        method: 'POST',
        url: `${O}/api/items`,
        status: 405,
        headers: { Allow: 'GET' },
        start: T + 2000,
      }),
    )
    expect(toWorker.slice(1)).toMatchObject([
      { type: 'devtools/observed-urls', site: O, urls: [`${O}/api/items`] },
      { type: 'devtools/probe-request', request: { url: `${O}/api/items` } },
    ])
    // Once asked, it no longer waits: another request of it asks nothing more.
    toWorker.length = 0
    c.add(
      entry({
        method: 'POST',
        url: `${O}/api/items`,
        status: 405,
        headers: { Allow: 'GET' },
        start: T + 3000,
      }),
    )
    expect(toWorker).toEqual([])
  })
})

describe('entries answered by the page’s service worker', () => {
  // Chromium's own shape, recorded from DevTools (e2e/service-worker.spec.ts): the flag sits on the response.
  const sw = JSON.parse(readFileSync('test/fixtures/har/sw-devtools-gethar.har', 'utf8')) as {
    log: { entries: { request: { url: string }; response: { _fetchedViaServiceWorker?: boolean } }[] }
  }
  const entries = sw.log.entries

  it('pass through the devtools page untouched and never reach the worker as a probe or an observed URL', async () => {
    const mocked = entries.find((e) => e.request.url.endsWith('/api/mocked'))!
    expect(mocked.response._fetchedViaServiceWorker).toBe(true)
    const { c, toWorker, tick } = setup()
    c.inspected(new URL(mocked.request.url).origin, Number.NEGATIVE_INFINITY)
    toWorker.length = 0
    c.add(structuredClone(mocked))
    await tick()
    expect(toWorker).toEqual([])
    // Only labelled as the worker’s answer, for information.
    expect(c.engine.findings().map((f) => [f.kind, f.severity])).toEqual([['service-worker-answer', 'info']])
  })

  it('the same URL answered by the server (the worker passed it on) is probed once, as any other', async () => {
    const passthrough = entries.filter((e) => e.request.url.endsWith('/api/passthrough'))
    expect(passthrough.map((e) => e.response._fetchedViaServiceWorker)).toEqual([true, false])
    const { c, toWorker, tick } = setup()
    for (const e of passthrough) c.add(structuredClone(e))
    await tick()
    expect(toWorker.filter((m) => m.type === 'devtools/probe-request')).toHaveLength(1)
  })
})
