// Issue 7 in firefox-esr: a 2,000-request burst loses and doubles nothing, and a probe survives
// the event page being suspended mid-flight.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { probeEndpoints } from '../demo-api/scenarios'
import { type DemoApi, startDemoApi } from '../demo-api/server'
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
  /** getHAR() entries, and the devtools page's entry count read right after them. */
  har: number
  entries: number
  /** GET /api/items 200 entries in getHAR(). */
  items: number
  /** POST entries per storm path in getHAR(). */
  storm: Record<string, number>
  marker: boolean
  /** Entries that differ in method, URL, startedDateTime (ms), status, time or bodySize. */
  distinct: number
  harMs: number
}

/** Requested once the burst is over; a unique URL, which Firefox never left out of its log. */
const MARKER = '/api/items?after=burst'

const countsExpr = (origin: string): string => `(() => {
  const t0 = performance.now()
  return browser.devtools.network.getHAR().then((har) => {
    const storm = {}
    for (const p of ${JSON.stringify(probeEndpoints.storm)})
      storm[p] = har.entries.filter((e) => e.request.method === 'POST' && e.request.url === ${JSON.stringify(origin)} + p).length
    return {
      har: har.entries.length,
      entries: globalThis.__methodDoctor.stats().entries,
      items: har.entries.filter((e) => e.request.method === 'GET' && e.request.url === ${JSON.stringify(`${origin}/api/items`)} && e.response.status === 200).length,
      storm,
      marker: har.entries.some((e) => e.request.url === ${JSON.stringify(origin)} + ${JSON.stringify(MARKER)}),
      distinct: new Set(har.entries.map((e) => [e.request.method, e.request.url, e.startedDateTime, e.response.status, e.time, e.response.bodySize].join(' '))).size,
      harMs: Math.round(performance.now() - t0),
    }
  })
})()`

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

  // Firefox logs requests in about the order they finish: once a request sent after the burst is
  // in getHAR(), the burst is too, and the count settles when two reads in a row agree.
  await ff.page.evaluate((url: string) => fetch(url).then((r) => r.text()), MARKER)
  let prev: Counts | undefined
  const counts = await poll(
    async () => {
      const now = await devtools<Counts>(countsExpr(demo.origin))
      const settled = now.marker && prev?.har === now.har && prev.entries === now.entries
      prev = now
      return settled ? now : null
    },
    { what: 'getHAR() to hold the burst and the count to settle', timeout: 30_000, interval: 500 },
  )
  t.diagnostic(`settled ${Date.now() - started} ms after the burst began: ${JSON.stringify(counts)}`)
  // Firefox 153's own log sometimes lacks a few of a burst's requests (0-5 % measured, repeated
  // identical requests only; unique URLs never went missing). The add-on sees only what DevTools
  // logged, so it is held to getHAR(), and a shortfall on DevTools' side is reported, not failed.
  const sent = { items: BURST - 10, storm: 10 }
  const logged = { items: counts.items, storm: Object.values(counts.storm).reduce((a, b) => a + b, 0) }
  if (logged.items < sent.items || logged.storm < sent.storm)
    t.diagnostic(
      `Firefox's own log holds ${JSON.stringify(logged)} of the ${JSON.stringify(sent)} the page sent`,
    )
  // One probe per storm endpoint even under the burst, and nothing else probed.
  const failing = probeEndpoints.storm.filter((p) => counts.storm[p])
  await poll(async () => (await probes()).filter((p) => p.state === 'done').length === failing.length, {
    what: `${failing.length} storm probes done`,
    timeout: 15_000,
  })
  assert.deepEqual(
    demo
      .log()
      .filter((r) => r.method === 'OPTIONS')
      .map((r) => r.path)
      .sort(),
    failing,
  )

  const findings = await devtools<FindingView[]>('globalThis.__methodDoctor.findings()')
  assert.deepEqual(
    findings
      .map((f) => `${f.kind} ${f.request.method} ${f.request.url.slice(demo.origin.length)} ×${f.count}`)
      .sort(),
    failing.map((p) => `wrong-method POST ${p} ×${counts.storm[p]}`),
  )
  // Nothing lost, nothing doubled.
  assert.equal(
    counts.entries,
    counts.har,
    `the devtools page should count every getHAR() entry exactly once (${counts.har - counts.distinct} entries repeat another's method, URL, start ms, status, time and size)`,
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
