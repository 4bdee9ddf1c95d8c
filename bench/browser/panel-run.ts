import { mkdirSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { CDPSession } from '@playwright/test'
import { poll, type TargetSession } from '../../e2e/support/devtools-cdp'
import { busyPct, cpuSnapshot } from '../lib/cpu'
import { log } from '../lib/log'
import { CHROME_DIST, PROFILES } from '../lib/paths'
import { cpuByGroup, procTable } from '../lib/procstat'
import type { Localize } from '../profile/cpuprofile'
import { collectGarbage, type HeapUsage, heapUsage, isolateId } from './cdp'
import { startChildServer } from './child-server'
import { HEAP, instrument, OBSERVE_LONGTASKS, READ_LONGTASKS, READ_STATE, SCROLL } from './panel-scripts'
import { openSession } from './session'
import {
  cpuByProcess,
  type LongTaskReport,
  longTasks,
  type ProcessCpu,
  type ThreadItem,
  threadBreakdown,
} from './trace-analysis'
import { startTrace, stopTrace } from './trace-io'
import { type TrafficResult, trafficScript } from './traffic'

/** Every 10th request fails, on its own endpoint: issue 6's 10,000 entries give 1,000 findings. */
export const FAIL_EVERY = 10
/** In-flight requests from the page; Chrome allows 6 connections per host over HTTP/1.1. */
export const CONCURRENCY = 6

export interface LongTask {
  at: number
  duration: number
  name: string
  attribution?: string[]
}

export interface PanelState {
  installedAt: number
  supported: boolean
  longtasks: LongTask[]
  firstRowAt: number
  firstRowPaintAt: number
  allAt: number
  maxListed: number
  listed: number
  mutations: number
}

export interface ScrollResult {
  error?: string
  startAt: number
  endAt: number
  steps: number
  stepsMs: number[]
  rafFrames: number
  uniqueRows: number
  clientHeight: number
  scrollHeight: number
  lastPosinset: number
}

export interface RunResult {
  browser: string
  traffic: TrafficResult
  state: PanelState
  scroll: ScrollResult
  stats: { entries: number; findings: number }
  heap: {
    before: HeapUsage
    after: HeapUsage
    afterGc: HeapUsage
    devtoolsAfter: HeapUsage
    performanceMemory: unknown
    sharedIsolate: boolean
  }
  devtoolsLongtasks: LongTask[]
  counts: Record<string, number>
  /** All cores' busy share while the page loaded and while the list scrolled. */
  machineBusyPct: { load: number | null; scroll: number | null }
  /** % of one core per process group (the machine has os.cpus().length cores). */
  corePctByGroup: { load: Record<string, number>; scroll: Record<string, number> }
  traces?: TraceWindow[]
}

export interface TraceWindow {
  phase: string
  file: string
  bytes: number
  dataLoss: boolean
  thread: string
  tasks: LongTaskReport[]
  cpu: ProcessCpu[]
  /** The extension's main thread over the whole window. */
  mainThread: ThreadItem[]
}

/** Entries processed while the load is traced. */
const TRACE_ENTRIES = 2000

function stats(dt: TargetSession): Promise<{ entries: number; findings: number }> {
  return dt.evaluate('globalThis.__methodDoctor.stats()')
}

async function closeTrace(
  browser: CDPSession,
  phase: string,
  prefix: string,
  localize: Localize,
): Promise<TraceWindow> {
  mkdirSync(PROFILES, { recursive: true })
  const file = resolve(PROFILES, `panel-${phase}.trace.json.gz`)
  const t = await stopTrace(browser, file)
  const lt = longTasks(t.events, prefix, localize)
  const mainThread = threadBreakdown(t.events, lt.thread)
  const cpu = cpuByProcess(t.events)
  const text = [
    formatTasks(lt.tasks),
    '',
    `the extension's main thread (${lt.thread}) over the window:`,
    ...mainThread.map(
      (x) =>
        `  ${x.what.padEnd(36)} ${String(x.count).padStart(6)}× ${String(x.wallMs).padStart(7)} ms wall ${String(x.cpuMs).padStart(6)} ms CPU`,
    ),
    '',
    'CPU by Chromium process (% of one core):',
    ...cpu.map((c) => `  ${c.process.padEnd(60)} ${String(c.corePct).padStart(6)} %`),
  ]
  writeFileSync(resolve(PROFILES, `panel-${phase}.longtasks.txt`), `${text.join('\n')}\n`)
  return { phase, file, bytes: t.bytes, dataLoss: t.dataLoss, ...lt, cpu, mainThread }
}

function localizer(extensionId: string): Localize {
  const prefix = `chrome-extension://${extensionId}/`
  return (url) => (url.startsWith(prefix) ? resolve(CHROME_DIST, url.slice(prefix.length)) : null)
}

export async function oneRun(headed: boolean, trace: boolean, TOTAL: number): Promise<RunResult> {
  const FINDINGS = TOTAL / FAIL_EVERY
  const server = await startChildServer('bench/browser/load-server-main.ts')
  const session = await openSession(`${server.origin}/`, headed)
  try {
    const panel: TargetSession = await session.showPanel()
    const dt = session.devtoolsPage
    const sharedIsolate = (await isolateId(panel)) === (await isolateId(dt))
    await collectGarbage(panel)
    const before = await heapUsage(panel)
    if (!(await panel.evaluate<boolean>(instrument(FINDINGS))))
      log('panel: this Chromium has no longtask entries')
    await dt.evaluate(OBSERVE_LONGTASKS)
    const browser = trace ? await session.context.browser()!.newBrowserCDPSession() : null
    const traces: TraceWindow[] = []
    const localize = localizer(session.extensionId)
    const prefix = `chrome-extension://${session.extensionId}/`
    if (browser) await startTrace(browser)
    log(`panel: ${TOTAL} requests from the page (${FINDINGS} failing), ${CONCURRENCY} in flight`)
    const cpu0 = cpuSnapshot()
    const procs0 = procTable()
    const running = session.page.evaluate<TrafficResult>(trafficScript(TOTAL, FAIL_EVERY, CONCURRENCY))
    // Read below; until then a failure must not surface as an unhandled rejection.
    running.catch(() => undefined)
    if (browser) {
      // Trace the first part of the load only: a whole 10k load is larger than a trace can be read back.
      await poll(async () => (await stats(dt)).entries >= Math.min(TRACE_ENTRIES, TOTAL / 2), {
        timeout: 180_000,
        interval: 100,
        what: 'the traced part of the load',
      })
      traces.push(await closeTrace(browser, 'load', prefix, localize))
    }
    const traffic = await running
    log(
      `panel: traffic done in ${traffic.lastDoneAt - traffic.startAt} ms; waiting for the panel to list ${FINDINGS}`,
    )
    const final = await poll(
      async () => {
        const s = await stats(dt)
        return s.entries >= TOTAL && s
      },
      { timeout: 180_000, interval: 100, what: `${TOTAL} entries in the devtools page` },
    )
    await poll(async () => (await panel.evaluate<PanelState>(READ_STATE)).allAt > 0, {
      timeout: 180_000,
      interval: 100,
      what: `${FINDINGS} rows listed in the panel`,
    })
    const cpu1 = cpuSnapshot()
    const procs1 = procTable()
    const after = await heapUsage(panel)
    const devtoolsAfter = await heapUsage(dt)
    const performanceMemory = await panel.evaluate<unknown>(HEAP)
    log('panel: scrolling the list')
    if (browser) await startTrace(browser)
    const cpu2 = cpuSnapshot()
    const procs2 = procTable()
    const scroll = await panel.evaluate<ScrollResult>(SCROLL)
    const cpu3 = cpuSnapshot()
    const procs3 = procTable()
    const roots = {
      Chromium: [...procs1.procs].find(([, p]) => p.ppid === process.pid && /chrom/i.test(p.comm))?.[0] ?? -1,
      'load server': server.pid,
      'bench process (Playwright, CDP)': process.pid,
    }
    if (browser) traces.push(await closeTrace(browser, 'scroll', prefix, localize))
    const state = await panel.evaluate<PanelState>(READ_STATE)
    const devtoolsLongtasks = await dt.evaluate<LongTask[]>(READ_LONGTASKS)
    await collectGarbage(panel)
    const afterGc = await heapUsage(panel)
    return {
      browser: session.browserVersion,
      traffic,
      state,
      scroll,
      stats: final,
      heap: { before, after, afterGc, devtoolsAfter, performanceMemory, sharedIsolate },
      devtoolsLongtasks,
      counts: (await (await fetch(`${server.origin}/__counts`)).json()) as Record<string, number>,
      machineBusyPct: { load: busyPct(cpu0, cpu1), scroll: busyPct(cpu2, cpu3) },
      corePctByGroup: { load: cpuByGroup(procs0, procs1, roots), scroll: cpuByGroup(procs2, procs3, roots) },
      ...(browser ? { traces } : {}),
    }
  } finally {
    await session.close()
    await server.close()
  }
}

export function formatTasks(tasks: readonly LongTaskReport[]): string {
  const lines = [
    `${tasks.length} tasks ≥ 50 ms on the extension's main thread (panel + devtools page share it):`,
  ]
  for (const t of [...tasks].sort((a, b) => b.wallMs - a.wallMs).slice(0, 12)) {
    lines.push(
      `  at ${t.atMs} ms: ${t.wallMs.toFixed(0)} ms wall, ${t.cpuMs === null ? '?' : t.cpuMs.toFixed(0)} ms CPU`,
    )
    for (const p of t.parts) lines.push(`      ${p.ms.toFixed(1).padStart(6)} ms  ${p.what}`)
    for (const p of t.js.slice(0, 5)) lines.push(`      js ${p.ms.toFixed(1).padStart(6)} ms  ${p.what}`)
  }
  return lines.join('\n')
}
