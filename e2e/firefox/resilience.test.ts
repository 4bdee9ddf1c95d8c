// Issue 7 in firefox-esr: a 2,000-request burst loses and doubles nothing, and a probe survives
// the event page being suspended mid-flight.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { probeEndpoints } from '../demo-api/scenarios'
import { type DemoApi, startDemoApi } from '../demo-api/server'
import { errorText } from '../support/poll'
import { type TerminateResult, terminateBackground } from './chrome-scope'
import { type FirefoxHarness, launchFirefox, poll } from './support'

const BURST = 2000
const CONCURRENCY = 50
const SLOW_OPTIONS_MS = 3000

let demo: DemoApi
let ff: FirefoxHarness

interface ProbeState {
  endpoint: string
  state: string
  reason?: string
  result?: { steps: { method: string; status: number; headers: Record<string, string> }[] }
}

interface FindingView {
  kind: string
  request: { method: string; url: string }
  count: number
}

/** What DevTools logged and what the devtools page counted, read in one evaluation. */
interface Counts {
  har: number
  entries: number
  items: number
  storm: number
}

const devtools = <T>(expression: string): Promise<T> => ff.toolbox().evaluateInDevtoolsPage<T>(expression)
const probes = () => devtools<ProbeState[]>('globalThis.__methodDoctor.probes()')
const optionsTo = (path: string) => demo.log().filter((r) => r.method === 'OPTIONS' && r.path === path)

before(async () => {
  demo = await startDemoApi({ slowOptionsMs: SLOW_OPTIONS_MS })
  ff = await launchFirefox()
  await ff.page.goto(`${demo.origin}/`)
  // Firefox gives no "listener ready" signal: wait until the devtools page has seen the page itself.
  await poll(
    () => devtools<boolean>('!!globalThis.__methodDoctor && globalThis.__methodDoctor.stats().entries > 0'),
    {
      what: 'devtools page capturing',
      timeout: 15_000,
    },
  )
})

after(async () => {
  await ff?.close()
  await demo?.close()
})

test(`a burst of ${BURST} requests: every DevTools entry counted once, failures grouped per endpoint`, async (t) => {
  demo.clearLog()
  const started = Date.now()
  const statuses = await ff.page.evaluate(
    async (storm: readonly string[], total: number, concurrency: number) => {
      // Two POSTs per storm endpoint, spread through the GETs so they interleave.
      const spacing = total / (storm.length * 2)
      const jobs = Array.from({ length: total }, (_, i) =>
        i % spacing === spacing / 2
          ? { method: 'POST', path: storm[Math.floor(i / spacing) % storm.length] ?? '' }
          : { method: 'GET', path: '/api/items' },
      )
      const seen: Record<string, number> = {}
      let next = 0
      // Inline workers: tsx would wrap a named function in a helper the page does not have.
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          for (let job = jobs[next++]; job; job = jobs[next++]) {
            let key: string
            try {
              const res = await fetch(job.path, {
                method: job.method,
                body: job.method === 'POST' ? '{}' : null,
              })
              // Firefox reports a request only once it has finished, body included.
              await res.text()
              key = `${job.method} ${res.status}`
            } catch {
              key = `${job.method} error`
            }
            seen[key] = (seen[key] ?? 0) + 1
          }
        }),
      )
      return seen
    },
    probeEndpoints.storm,
    BURST,
    CONCURRENCY,
  )
  assert.deepEqual(statuses, { 'GET 200': BURST - 10, 'POST 405': 10 })
  t.diagnostic(`page finished the burst in ${Date.now() - started} ms`)

  // getHAR() and stats() in one evaluation, so both describe the same moment.
  const countsExpr = `browser.devtools.network.getHAR().then((har) => {
    const storm = ${JSON.stringify(probeEndpoints.storm)}.map((p) => ${JSON.stringify(demo.origin)} + p)
    return {
      har: har.entries.length,
      entries: globalThis.__methodDoctor.stats().entries,
      items: har.entries.filter((e) => e.request.method === 'GET' && e.request.url === ${JSON.stringify(`${demo.origin}/api/items`)} && e.response.status === 200).length,
      storm: har.entries.filter((e) => e.request.method === 'POST' && storm.includes(e.request.url)).length,
    }
  })`
  let last: Counts | undefined
  try {
    await poll(
      async () => {
        last = await devtools<Counts>(countsExpr)
        return last.items === BURST - 10 && last.storm === 10 && last.entries === last.har
      },
      { what: 'the devtools page to count what getHAR() holds', timeout: 30_000, interval: 250 },
    )
  } catch (err) {
    assert.fail(`${errorText(err)}; last seen ${JSON.stringify(last)}`)
  }
  t.diagnostic(`counted ${JSON.stringify(last)} ${Date.now() - started} ms after the burst started`)

  // One probe per storm endpoint even under the burst, and nothing else probed.
  await poll(async () => (await probes()).filter((p) => p.state === 'done').length === 5, {
    what: 'five storm probes done',
    timeout: 15_000,
  })
  assert.deepEqual(
    demo
      .log()
      .filter((r) => r.method === 'OPTIONS')
      .map((r) => r.path)
      .sort(),
    [...probeEndpoints.storm],
  )

  const findings = await devtools<FindingView[]>('globalThis.__methodDoctor.findings()')
  assert.deepEqual(
    findings
      .map((f) => `${f.kind} ${f.request.method} ${f.request.url.slice(demo.origin.length)} ×${f.count}`)
      .sort(),
    probeEndpoints.storm.map((p) => `wrong-method POST ${p} ×2`),
  )
})

test('the event page is suspended mid-probe and the probe still completes', async (t) => {
  const slow = probeEndpoints.slow
  // Each evaluation runs in a fresh sandbox: the marker must live on the page's own window.
  await ff.evaluateInBackground('(window.__mdE2eMarker = "before-suspend")')
  demo.clearLog()
  await ff.page.evaluate(
    (path: string) => fetch(path, { method: 'POST', body: '{}' }).then((r) => r.text()),
    slow,
  )
  await poll(() => optionsTo(slow).length === 1, {
    what: `the OPTIONS probe of ${slow} to arrive`,
    timeout: 15_000,
  })
  const probe = (await probes()).find((p) => p.endpoint.endsWith(slow))
  assert.equal(probe?.state, 'pending', 'the probe must still be in flight when the page is suspended')

  const suspendedAt = Date.now()
  const terminated = await ff.chromeEvaluate<TerminateResult>(terminateBackground(ff.addonId))
  assert.deepEqual(terminated, { before: 'running', after: 'stopped' })
  // A new background page, not the old one answering: the marker is gone.
  await poll(() => ff.evaluateInBackground<boolean>('window.__mdE2eMarker === undefined'), {
    what: 'a fresh background page',
    timeout: 10_000,
  })
  t.diagnostic(`background restarted ${Date.now() - suspendedAt} ms after the suspend`)

  const done = await poll(
    async () => {
      const p = (await probes()).find((x) => x.endpoint.endsWith(slow))
      if (p && p.state !== 'pending' && p.state !== 'done')
        throw new Error(`probe ended ${p.state} (${p.reason})`)
      return p?.state === 'done' ? p : null
    },
    { what: `the probe of ${slow} to finish after the restart`, timeout: 20_000, interval: 100 },
  )
  t.diagnostic(`probe done ${Date.now() - suspendedAt} ms after the suspend`)
  assert.deepEqual(
    done.result?.steps.map((s) => `${s.method} ${s.status} ${s.headers.allow}`),
    ['OPTIONS 204 GET, OPTIONS'],
  )
  // The lost OPTIONS and exactly one retry from the restarted page.
  assert.equal(optionsTo(slow).length, 2)
})
