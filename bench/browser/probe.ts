import { execFile } from 'node:child_process'
import { probeEndpoints } from '../../e2e/demo-api/scenarios'
import type { LoggedRequest } from '../../e2e/demo-api/server'
import { poll, type TargetSession } from '../../e2e/support/devtools-cdp'
import { evaluateInWorker } from '../../e2e/support/service-worker'
import { log } from '../lib/log'
import { type Metric, metric } from '../lib/report'
import { median, summarize } from '../lib/stats'
import { freePort, startChildServer } from './child-server'
import { openSession } from './session'

interface ProbeState {
  endpoint: string
  state: string
  result?: { at: number; steps: { method: string; status: number; durationMs: number }[] }
}

/** Where a probe's time went: before the request reached the server, and after. */
interface Split {
  path: string
  durationMs: number
  toServerMs: number
  backMs: number
  /** Page requests the server saw before and after this OPTIONS: where it queued. */
  pageRequestsBefore: number
  pageRequestsAfter: number
}

/**
 * Demo endpoints whose 405 is answered by an OPTIONS with Allow, so each probe is one request:
 * the storm's 5 plus these 4 stay inside the worker's 10 requests per origin per minute.
 */
const QUIET: readonly [method: string, path: string][] = [
  ['POST', '/api/items'],
  ['GET', '/api/orders/'],
  ['GET', '/api/carts/'],
  ['GET', '/api/profile/'],
]

const STORM = 500
const PROBES = 'globalThis.__methodDoctor.probes()'

/** 500 POSTs spread over the demo's five storm endpoints, bodies read, all at once (as e2e/probe.spec.ts). */
function stormScript(paths: readonly string[], n: number): string {
  return `Promise.all(Array.from({ length: ${n} }, (_, i) => {
    const paths = ${JSON.stringify(paths)}
    return fetch(paths[i % paths.length], { method: 'POST', body: '{}' }).then((r) => r.text(), () => undefined)
  })).then(() => true)`
}

/** curl's own timing of one OPTIONS. Asynchronous: the demo server answers from this very process. */
function curlMs(url: string): Promise<number> {
  return new Promise((done, fail) => {
    execFile(
      'curl',
      ['-s', '-o', '/dev/null', '-w', '%{time_total}', '-X', 'OPTIONS', '--max-time', '10', url],
      (err, stdout) => {
        if (err) fail(new Error(`curl ${url} failed: ${err.message}`))
        else done(Number(stdout) * 1000)
      },
    )
  })
}

function splits(probes: readonly ProbeState[], log: readonly LoggedRequest[]): Split[] {
  const out: Split[] = []
  for (const p of probes) {
    const step = p.result?.steps[0]
    const path = new URL(p.endpoint.slice(p.endpoint.indexOf(' ') + 1)).pathname
    const arrived = log.find((r) => r.method === 'OPTIONS' && r.path === path)
    if (!p.result || !step || !arrived) continue
    const start = p.result.at - step.durationMs
    const page = log.filter((r) => r.method !== 'OPTIONS')
    const before = page.filter((r) => r.seq < arrived.seq).length
    out.push({
      path,
      durationMs: step.durationMs,
      toServerMs: arrived.at - start,
      backMs: p.result.at - arrived.at,
      pageRequestsBefore: before,
      pageRequestsAfter: page.length - before,
    })
  }
  return out
}

/** The probe's fetch (run.ts's init) repeated from the worker, timed with performance.now(). */
function swFetchScript(urls: readonly string[], n: number): string {
  return `(async () => {
    const urls = ${JSON.stringify(urls)}
    const out = []
    for (let i = 0; i < ${n}; i++) {
      const t = performance.now()
      const r = await fetch(urls[i % urls.length], { method: 'OPTIONS', credentials: 'omit', redirect: 'manual', cache: 'no-store', referrerPolicy: 'no-referrer' })
      await r.body?.cancel()
      out.push(performance.now() - t)
    }
    return out
  })()`
}

async function entries(dt: TargetSession): Promise<number> {
  return (await dt.evaluate<{ entries: number }>('globalThis.__methodDoctor.stats()')).entries
}

/** No probe pending: every endpoint the engine asked about has its answer. */
async function settled(dt: TargetSession, want: number): Promise<ProbeState[] | false> {
  const probes = await dt.evaluate<ProbeState[]>(PROBES)
  return probes.length >= want && probes.every((p) => p.state !== 'pending') && probes
}

/** Section 6: OPTIONS sent for a storm of failures, and what a probe costs next to curl. */
export async function runProbe(o: {
  headed: boolean
  curlRuns: number
}): Promise<{ metrics: Metric[]; details: unknown }> {
  // The demo API in its own process (npm run demo's entry), its request log read over HTTP.
  const server = await startChildServer('e2e/demo-api/main.ts', {
    PORT: String(await freePort()),
    CORS_PORT: String(await freePort()),
  })
  const demo = {
    origin: server.origin,
    log: async (): Promise<LoggedRequest[]> =>
      (await (await fetch(`${server.origin}/__log`)).json()) as LoggedRequest[],
    clearLog: async (): Promise<void> => {
      await fetch(`${server.origin}/__log/clear`, { method: 'POST' })
    },
  }
  try {
    const session = await openSession(`${demo.origin}/`, o.headed)
    try {
      await session.showPanel()
      const dt = session.devtoolsPage
      const paths = probeEndpoints.storm
      const base = await entries(dt)
      await demo.clearLog()
      log(`probe: storm of ${STORM} failing POSTs over ${paths.length} endpoints`)
      await session.page.evaluate(stormScript(paths, STORM))
      await poll(async () => (await entries(dt)) >= base + STORM, {
        timeout: 60_000,
        what: `${STORM} storm entries`,
      })
      const probes = await poll(() => settled(dt, paths.length), {
        timeout: 60_000,
        what: 'every storm probe answered',
      })
      const firstWave = (await demo.log()).filter((r) => r.method === 'OPTIONS')
      log('probe: a second storm inside the cache window')
      await session.page.evaluate(stormScript(paths, STORM))
      await poll(async () => (await entries(dt)) >= base + 2 * STORM, {
        timeout: 60_000,
        what: `${2 * STORM} storm entries`,
      })
      await poll(() => settled(dt, paths.length), {
        timeout: 60_000,
        what: 'probes settled after the second storm',
      })
      const options = (await demo.log()).filter((r) => r.method === 'OPTIONS')
      const durations = probes.filter((p) => p.result).map((p) => p.result!.steps[0]!.durationMs)
      const stormSplits = splits(
        probes,
        (await demo.log()).filter((r) => r.seq <= Math.max(...firstWave.map((o) => o.seq)) + 2 * STORM),
      )
      // The same probe with nothing else in flight: one failing POST at a time, each probe awaited.
      log('probe: quiet probes, one at a time')
      const quiet: ProbeState[] = []
      for (const [method, path] of QUIET) {
        const init = method === 'GET' ? '{}' : `{ method: ${JSON.stringify(method)}, body: '{}' }`
        await session.page.evaluate(`fetch(${JSON.stringify(path)}, ${init}).then((r) => r.text())`)
        const p = await poll(
          async () =>
            (await dt.evaluate<ProbeState[]>(PROBES)).find(
              (x) => x.endpoint === `${method} ${demo.origin}${path}` && x.state === 'done',
            ),
          { timeout: 30_000, what: `the probe of ${path}` },
        ).catch(async (err: unknown) => {
          const states = (await dt.evaluate<ProbeState[]>(PROBES)).map((x) => `${x.endpoint} ${x.state}`)
          throw new Error(
            `${String(err)}; probes: ${states.join(', ')}; entries ${await entries(dt)}; server saw: ${(
              await demo.log()
            )
              .slice(-6)
              .map((r) => `${r.method} ${r.path}`)
              .join(', ')}`,
          )
        })
        quiet.push(p)
      }
      const quietMs = quiet.map((p) => p.result!.steps[0]!.durationMs)
      const quietSplits = splits(quiet, await demo.log())
      log(`probe: curl -X OPTIONS × ${o.curlRuns}`)
      const urls = [...paths, ...QUIET.map(([, p]) => p)].map((p) => `${demo.origin}${p}`)
      const curl: number[] = []
      for (let i = 0; i < o.curlRuns; i++) curl.push(await curlMs(urls[i % urls.length]!))
      // The browser's own floor for the probe's request: the same fetch from the worker, timed in µs.
      log(`probe: the same OPTIONS fetched from the worker × ${o.curlRuns}`)
      const swFetch = await evaluateInWorker<number[]>(
        session.context,
        session.extensionId,
        swFetchScript(urls, o.curlRuns),
      )
      const probeMs = median(durations)
      const curlMedian = median(curl)
      const metrics = [
        metric(
          'probe.options',
          `OPTIONS sent for ${2 * STORM} failures on ${paths.length} endpoints`,
          options.length,
          'requests',
          { op: '==', limit: paths.length },
        ),
        metric('probe.options_first_wave', '  … after the first storm', firstWave.length, 'requests'),
        metric('probe.worker_ms', 'worker probe (OPTIONS) during the storm, median', probeMs, 'ms'),
        metric('probe.curl_ms', `curl -X OPTIONS, median of ${o.curlRuns}`, curlMedian, 'ms'),
        metric(
          'probe.vs_curl',
          'probe / curl',
          probeMs / curlMedian,
          '×',
          { op: '<=', limit: 1.5 },
          'worker durations are whole ms (Date.now)',
        ),
        metric(
          'probe.storm_to_server',
          '  storm probe: fetch() → request at the server, median',
          median(stormSplits.map((x) => x.toServerMs)),
          'ms',
        ),
        metric('probe.quiet_ms', 'worker probe with nothing else in flight, median', median(quietMs), 'ms'),
        metric('probe.quiet_vs_curl', '  quiet probe / curl', median(quietMs) / curlMedian, '×'),
        metric(
          'probe.sw_fetch_ms',
          'plain fetch(OPTIONS) from the worker, median (browser floor)',
          median(swFetch),
          'ms',
        ),
        metric('probe.sw_fetch_vs_curl', '  worker fetch / curl', median(swFetch) / curlMedian, '×'),
      ]
      return {
        metrics,
        details: {
          storm: STORM,
          endpoints: paths,
          options: options.map((r) => ({ path: r.path, origin: r.headers.origin ?? '' })),
          probeDurationsMs: durations,
          stormSplits,
          quietDurationsMs: quietMs,
          quietSplits,
          probe: summarize(durations),
          curl: summarize(curl),
          curlMs: curl,
          swFetch: summarize(swFetch),
          browser: session.browserVersion,
        },
      }
    } finally {
      await session.close()
    }
  } finally {
    await server.close()
  }
}
