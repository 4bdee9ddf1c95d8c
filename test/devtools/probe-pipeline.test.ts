import { describe, expect, it, vi } from 'vitest'
import type {
  DevtoolsToPanel,
  PanelToDevtools,
  ProbeStatus,
  WorkerToDevtools,
} from '../../src/shared/messages'
import { entry } from '../helpers/har'

// The devtools page's controller wired to the worker's real router, observed list and probe
// service, with an injected fetch: what would go out is recorded, nothing is sent anywhere.
// Host access is granted (the manifest grants loopback), so only the site rules decide.
vi.mock('webextension-polyfill', () => ({
  default: { permissions: { contains: async () => true } },
}))

const { CaptureController } = await import('../../src/devtools/capture')
const { CHROME_BACKFILL } = await import('../../src/devtools/backfill-policy')
const { ObservedUrls } = await import('../../src/background/observed')
const { ProbeService } = await import('../../src/background/probe-service')
const { route } = await import('../../src/background/route')
const { memoryPair } = await import('../../src/shared/channel')
const { isDevtoolsToWorker } = await import('../../src/shared/messages')
const { pairKey } = await import('../../src/shared/origin-pairs')

const EVIL = 'https://evil.example'
const LOOP = 'http://127.0.0.1:9000'
const ADMIN = `${LOOP}/admin/reset?all=1`
const T0 = Date.parse('2026-12-01T10:00:00.000Z')

function world(getHAR: () => Promise<unknown[]> = async () => []) {
  const sent: string[] = []
  const approvals = new Set<string>()
  const fakeFetch = async (url: string, init: { method: string }) => {
    sent.push(`${init.method} ${url}`)
    return { status: 404, headers: new Headers() }
  }
  const observed = new ObservedUrls()
  const service = new ProbeService(
    observed,
    null,
    async () => ({ approvals, credentials: new Set() }),
    fakeFetch,
  )
  const handlers = new Set<(m: WorkerToDevtools) => void>()
  const [devtoolsSide, panelSide] = memoryPair<PanelToDevtools, DevtoolsToPanel>()
  const timers: (() => void)[] = []
  const c = new CaptureController({
    tabId: 1,
    panel: devtoolsSide,
    worker: {
      send: (m) => {
        // The worker's own guard and router: the devtools page's messages must pass them as sent.
        if (!isDevtoolsToWorker(m)) throw new Error(`dropped: ${JSON.stringify(m)}`)
        void route(m, observed, service)?.then((a) => {
          for (const h of handlers) h(a)
        })
      },
      listen: (h) => {
        handlers.add(h)
        return () => handlers.delete(h)
      },
    },
    settings: { preserveLog: true, probeMode: 'full', probing: true },
    saveSettings: () => undefined,
    getHAR,
    backfill: CHROME_BACKFILL,
    later: (fn) => timers.push(fn),
    now: () => 0,
    inspectedUrl: () => '',
    parseDescription: async () => {
      throw new Error('not used')
    },
  })
  const settle = async () => {
    for (let i = 0; i < 30; i++) {
      while (timers.length > 0) timers.shift()!()
      await new Promise((r) => setTimeout(r, 0))
    }
  }
  const state = (url: string): ProbeStatus | undefined =>
    c.probeStates().find((p) => p.endpoint === `POST ${url.split('?')[0]}`)
  return { c, sent, approvals, settle, state, panelSide }
}

// A 405 without Allow: a suspect, so the full ladder (OPTIONS, HEAD, GET) would go out.
const admin = (start: number, url = ADMIN) => entry({ method: 'POST', url, status: 405, start })

describe('a page cannot get a probe sent by navigating the tab to the target origin (Preserve log on)', () => {
  it('evil.example requests a loopback URL, gets a 405, then navigates there: nothing is sent', async () => {
    const w = world()
    w.c.inspected(`${EVIL}/`, Number.NEGATIVE_INFINITY)
    w.c.add(admin(T0))
    await w.settle()
    expect(w.state(ADMIN)).toMatchObject({ state: 'no-permission', reason: 'not-approved', site: EVIL })
    // evil.example sets location to the loopback origin.
    w.c.navigated(`${LOOP}/`)
    w.c.inspected(`${LOOP}/`, T0 + 500)
    await w.settle()
    expect(w.sent).toEqual([])
    // Even "Probe again" is judged under evil.example: the click it needs is for that pair.
    w.panelSide.send({ type: 'panel/probe-again', endpoint: `POST ${LOOP}/admin/reset` })
    await w.settle()
    expect(w.state(ADMIN)).toMatchObject({ reason: 'not-approved', site: EVIL })
    expect(w.sent).toEqual([])
  })

  it('the same, with the request first seen in DevTools’ log after the navigation: nothing is sent', async () => {
    // Chrome reports a request whose body was never read only in getHAR(), read on panel open.
    const w = world(async () => [admin(T0)])
    w.c.inspected(`${EVIL}/`, Number.NEGATIVE_INFINITY)
    w.c.navigated(`${LOOP}/`)
    w.c.inspected(`${LOOP}/`, T0 + 500)
    w.panelSide.send({ type: 'panel/hello' })
    await w.settle()
    expect(w.state(ADMIN)).toMatchObject({ reason: 'not-approved', site: EVIL })
    expect(w.sent).toEqual([])
  })

  it('the new page requesting the URL itself gets it probed; the user’s click for (evil.example, target) too', async () => {
    const w = world()
    w.c.inspected(`${EVIL}/`, Number.NEGATIVE_INFINITY)
    w.c.add(admin(T0))
    w.c.add(admin(T0 + 10, `${LOOP}/admin/drop`))
    await w.settle()
    w.c.navigated(`${LOOP}/`)
    w.c.inspected(`${LOOP}/`, T0 + 500)
    await w.settle()
    expect(w.sent).toEqual([])
    // The loopback page's own request of the same URL: its own origin, probed without a click.
    w.c.add(admin(T0 + 1000))
    await w.settle()
    expect(w.state(ADMIN)).toMatchObject({ state: 'done', site: LOOP })
    expect(w.sent).toEqual([`OPTIONS ${ADMIN}`, `HEAD ${ADMIN}`, `GET ${ADMIN}`])
    // The other URL only evil.example requested waits for the click for that pair.
    expect(w.state(`${LOOP}/admin/drop`)).toMatchObject({ reason: 'not-approved', site: EVIL })
    w.approvals.add(pairKey(EVIL, LOOP))
    w.panelSide.send({ type: 'panel/permissions-changed' })
    await w.settle()
    expect(w.state(`${LOOP}/admin/drop`)).toMatchObject({ state: 'done', site: EVIL })
    expect(w.sent.slice(3)).toEqual([
      `OPTIONS ${LOOP}/admin/drop`,
      `HEAD ${LOOP}/admin/drop`,
      `GET ${LOOP}/admin/drop`,
    ])
  })

  it('a site learned late at start-up owns what its page requested before; one reached by a navigation does not', async () => {
    const late = world()
    late.c.add(admin(T0))
    await late.settle()
    expect(late.state(ADMIN)).toMatchObject({ reason: 'not-approved', site: '' })
    late.c.inspected(`${LOOP}/`, Number.NEGATIVE_INFINITY)
    await late.settle()
    expect(late.state(ADMIN)).toMatchObject({ state: 'done', site: LOOP })
    expect(late.sent).toEqual([`OPTIONS ${ADMIN}`, `HEAD ${ADMIN}`, `GET ${ADMIN}`])

    const navigated = world()
    navigated.c.add(admin(T0))
    await navigated.settle()
    navigated.c.inspected(`${LOOP}/`, T0 + 500)
    await navigated.settle()
    expect(navigated.state(ADMIN)).toMatchObject({ reason: 'not-approved', site: '' })
    expect(navigated.sent).toEqual([])
  })
})
