import { mkdirSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { CDPSession } from '@playwright/test'
import { poll, type TargetSession } from '../../e2e/support/devtools-cdp'
import { tabChannel } from '../../src/shared/messages'
import { busyPct, cpuSnapshot } from '../lib/cpu'
import { log } from '../lib/log'
import { CHROME_DIST, PROFILES } from '../lib/paths'
import { cpuByGroup, procTable } from '../lib/procstat'
import type { Localize } from '../profile/cpuprofile'
import { collectGarbage, type HeapUsage, heapUsage, isolateId } from './cdp'
import { startChildServer } from './child-server'
import {
  HEAP,
  instrument,
  OBSERVE_LONGTASKS,
  PRESERVE_LOG,
  READ_LONGTASKS,
  READ_SCROLL,
  READ_STATE,
  REQUESTS_SHOWN,
  START_SCROLL,
} from './panel-scripts'
import { openSession, type Session } from './session'
import { profileOf, startProfile } from './task-profile'
import { extensionRendererPid, ThreadCpuSampler } from './thread-cpu'
import {
  cpuByProcess,
  type LongTaskReport,
  longTasks,
  type ProcessCpu,
  type TaskPart,
  type ThreadItem,
  threadBreakdown,
} from './trace-analysis'
import { startTrace, stopTrace } from './trace-io'
import { joinTraffic, type TrafficResult, trafficScript } from './traffic'

/** Every 10th request fails, on its own endpoint: issue 6's 10,000 entries give 1,000 findings. */
export const FAIL_EVERY = 10
/** In-flight requests from the page; Chrome allows 6 connections per host over HTTP/1.1. */
export const CONCURRENCY = 6

export interface LongTask {
  at: number
  duration: number
  name: string
  attribution?: string[]
  /** The extension's main thread's CPU time during the task (sampled, see thread-cpu.ts). */
  cpuMs?: number
  /** An upper bound of the same. */
  cpuAtMostMs?: number
  /** Overlaps the benchmark's own forced GC (the heap checkpoint): not the panel's doing. */
  forcedGc?: boolean
  /** In a traced run, for a task that used a core 30 ms or more: JS self time inside it, by function. */
  js?: TaskPart[]
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
  /** Requests the server saw from the page during the run: what the panel must count. */
  expectedRequests: number
  /** The request count in the panel's status bar at the end. */
  requestsShown: number
  /** The panel's Preserve log checkbox was on for the run. */
  preserveLog: boolean
  heap: {
    before: HeapUsage
    /** After a GC, a tenth of the way in. */
    checkpoint: { entries: number; heap: HeapUsage }
    after: HeapUsage
    afterGc: HeapUsage
    /** What of `afterGc` the panel and the capture hold (heapShares). */
    shares: HeapShares
    devtoolsAfter: HeapUsage
    performanceMemory: unknown
    sharedIsolate: boolean
  }
  /** Long tasks of the extension's main thread (both observers, each task once), with CPU time. */
  longtasks: LongTask[]
  cpuSampling: { samples: number; medianGapMs: number } | null
  /** When the benchmark forced a GC during the load. */
  gcWindow: { from: number; to: number }
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

/** Entries processed in each traced window of the load (at its start and near its end). */
const TRACE_ENTRIES = 2000
/** Where the heap is read the first time, as a share of the run: the baseline for growth per request. */
const CHECKPOINT_SHARE = 0.1

function stats(dt: TargetSession): Promise<{ entries: number; findings: number }> {
  return dt.evaluate('globalThis.__methodDoctor.stats()')
}

/** The devtools page saved the Preserve log setting (settings.ts): it applies it from then on. */
const PRESERVE_LOG_SAVED =
  "chrome.storage.local.get('md.capture').then((r) => r['md.capture'] ? r['md.capture'].preserveLog === true : false)"

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

/** Requests the server saw from the page between two readings of its counts. */
function pageRequests(a: Record<string, number>, b: Record<string, number>): number {
  // The page's fetches and its document; not the worker's probes, DevTools' own calls or the icon.
  const page = ['GET /api/ok/*', 'POST /api/fail/*', 'GET /']
  return page.reduce((n, k) => n + (b[k] ?? 0) - (a[k] ?? 0), 0)
}

/** The long tasks both observers saw (panel and devtools page share one thread), each once. */
function mergeTasks(a: readonly LongTask[], b: readonly LongTask[]): LongTask[] {
  const out: LongTask[] = []
  for (const t of [...a, ...b].sort((x, y) => x.at - y.at)) {
    const last = out[out.length - 1]
    if (last && Math.abs(last.at - t.at) < 1 && Math.abs(last.duration - t.duration) < 1) continue
    out.push(t)
  }
  return out
}

export interface RunOptions {
  headed: boolean
  trace: boolean
  total: number
  /** PNGs of the panel at the end, light and dark. */
  screenshots?: { light: string; dark: string }
}

export async function oneRun(o: RunOptions): Promise<RunResult> {
  const TOTAL = o.total
  const FINDINGS = TOTAL / FAIL_EVERY
  const server = await startChildServer('bench/browser/load-server-main.ts')
  const session = await openSession(`${server.origin}/`, o.headed)
  let sampler: ThreadCpuSampler | null = null
  try {
    const panel: TargetSession = await session.showPanel()
    const dt = session.devtoolsPage
    const sharedIsolate = (await isolateId(panel)) === (await isolateId(dt))
    // The product's Preserve log, as a user turns it on: the navigation half-way must keep everything.
    const preserveLog = await panel.evaluate<boolean>(PRESERVE_LOG)
    await poll(() => dt.evaluate<boolean>(PRESERVE_LOG_SAVED), {
      timeout: 10_000,
      what: 'Preserve log saved',
    })
    await collectGarbage(panel)
    const before = await heapUsage(panel)
    if (!(await panel.evaluate<boolean>(instrument(FINDINGS))))
      log('panel: this Chromium has no longtask entries')
    await dt.evaluate(OBSERVE_LONGTASKS)
    // The traced run also samples JS over the whole run: a long task anywhere can then be explained.
    const stopProfile = o.trace ? await startProfile(panel) : null
    const cdp = await session.context.browser()!.newBrowserCDPSession()
    const renderer = await extensionRendererPid(cdp, () =>
      panel.evaluate('new Promise((r) => setTimeout(r, 50))'),
    )
    if (renderer === null) log('panel: no single extension renderer in a trace: no CPU time per long task')
    else {
      sampler = new ThreadCpuSampler(renderer)
      sampler.start()
    }
    const browser = o.trace ? cdp : null
    const traces: TraceWindow[] = []
    const localize = localizer(session.extensionId)
    const prefix = `chrome-extension://${session.extensionId}/`
    if (browser) await startTrace(browser)
    const half = Math.round(TOTAL / 2 / FAIL_EVERY) * FAIL_EVERY
    log(
      `panel: ${TOTAL} requests from the page (${FINDINGS} failing), ${CONCURRENCY} in flight, a reload after ${half}`,
    )
    const counts0 = await serverCounts(server.origin)
    const cpu0 = cpuSnapshot()
    const procs0 = procTable()
    const part = (from: number, to: number): Promise<TrafficResult> => {
      const p = session.page.evaluate<TrafficResult>(
        trafficScript({ from, to, failEvery: FAIL_EVERY, concurrency: CONCURRENCY }),
      )
      // Read below; until then a failure must not surface as an unhandled rejection.
      p.catch(() => undefined)
      return p
    }
    const entriesReach = (n: number, what: string) =>
      poll(async () => (await stats(dt)).entries >= n, { timeout: 900_000, interval: 100, what })
    // Each traced window takes in this many entries; a small run gets windows that fit in it.
    const traced = Math.min(TRACE_ENTRIES, Math.floor(TOTAL / 4))
    const first = part(0, half)
    if (browser) {
      await entriesReach(traced, 'the traced start of the load')
      traces.push(await closeTrace(browser, 'load', prefix, localize))
    }
    // The heap a tenth of the way in: the same run's baseline for what each further request adds.
    await entriesReach(Math.round(TOTAL * CHECKPOINT_SHARE), 'the heap checkpoint')
    const gcFrom = Date.now()
    await collectGarbage(panel)
    const checkpoint = { entries: (await stats(dt)).entries, heap: await heapUsage(panel) }
    const gcWindow = { from: gcFrom, to: Date.now() }
    const traffic1 = await first
    // A navigation with Preserve log on: nothing may be cleared.
    await session.page.reload()
    const second = part(half, TOTAL)
    if (browser) {
      const late = Math.max(half, Math.round(TOTAL * 0.9) - traced)
      await entriesReach(late, 'the traced end of the load')
      await startTrace(browser)
      await entriesReach(late + traced, 'the traced end of the load')
      traces.push(await closeTrace(browser, 'late-load', prefix, localize))
    }
    const traffic = joinTraffic(traffic1, await second)
    log(
      `panel: traffic done in ${traffic.lastDoneAt - traffic.startAt} ms; waiting for the panel to list ${FINDINGS}`,
    )
    const expected = pageRequests(counts0, await serverCounts(server.origin))
    const final = await poll(
      async () => {
        const s = await stats(dt)
        return s.entries >= expected && s
      },
      { timeout: 300_000, interval: 100, what: `${expected} entries in the devtools page` },
    )
    await poll(async () => (await panel.evaluate<PanelState>(READ_STATE)).allAt > 0, {
      timeout: 300_000,
      interval: 100,
      what: `${FINDINGS} rows listed in the panel`,
    })
    // The status bar catches up within a frame or two of the last change.
    const shown = await poll(
      async () => {
        const n = await panel.evaluate<number>(REQUESTS_SHOWN)
        return n >= expected ? n : false
      },
      { timeout: 10_000, what: 'the panel to show the request count' },
    ).catch(() => panel.evaluate<number>(REQUESTS_SHOWN))
    const cpu1 = cpuSnapshot()
    const procs1 = procTable()
    const after = await heapUsage(panel)
    const devtoolsAfter = await heapUsage(dt)
    const performanceMemory = await panel.evaluate<unknown>(HEAP)
    log('panel: scrolling the list')
    if (browser) await startTrace(browser)
    const cpu2 = cpuSnapshot()
    const procs2 = procTable()
    await panel.evaluate(START_SCROLL)
    const scroll = await poll(() => panel.evaluate<ScrollResult | null>(READ_SCROLL), {
      timeout: 600_000,
      interval: 250,
      what: 'the scroll through the whole list',
    })
    const cpu3 = cpuSnapshot()
    const procs3 = procTable()
    sampler?.stop()
    const roots = {
      Chromium: [...procs1.procs].find(([, p]) => p.ppid === process.pid && /chrom/i.test(p.comm))?.[0] ?? -1,
      'load server': server.pid,
      'bench process (Playwright, CDP)': process.pid,
    }
    if (browser) traces.push(await closeTrace(browser, 'scroll', prefix, localize))
    // After the trace: handing a whole run's profile over is itself a long task in the renderer.
    const profile = stopProfile ? await stopProfile() : null
    const state = await panel.evaluate<PanelState>(READ_STATE)
    const devtoolsLongtasks = await dt.evaluate<LongTask[]>(READ_LONGTASKS)
    const longtasks = mergeTasks(state.longtasks, devtoolsLongtasks).map((t) => {
      const cpu = sampler?.during(t.at, t.at + t.duration) ?? null
      const forcedGc = t.at < gcWindow.to && t.at + t.duration > gcWindow.from
      // Only the tasks that used a core for long are worth the lookup.
      const js =
        profile && (cpu?.cpuMs ?? t.duration) >= 30
          ? profileOf(profile, t.at, t.at + t.duration, localize)
          : null
      return {
        ...t,
        ...(cpu ? { cpuMs: cpu.cpuMs, cpuAtMostMs: cpu.atMostMs } : {}),
        ...(forcedGc ? { forcedGc } : {}),
        ...(js ? { js } : {}),
      }
    })
    await collectGarbage(panel)
    const afterGc = await heapUsage(panel)
    if (o.screenshots) await screenshots(session, panel, o.screenshots)
    const shares = await heapShares(panel, dt, afterGc.usedMb)
    return {
      browser: session.browserVersion,
      traffic,
      state,
      scroll,
      stats: final,
      expectedRequests: expected,
      requestsShown: shown,
      preserveLog,
      heap: { before, checkpoint, after, afterGc, devtoolsAfter, performanceMemory, sharedIsolate, shares },
      longtasks,
      cpuSampling: sampler ? { samples: sampler.samples, medianGapMs: sampler.medianGapMs() } : null,
      gcWindow,
      counts: await serverCounts(server.origin),
      machineBusyPct: { load: busyPct(cpu0, cpu1), scroll: busyPct(cpu2, cpu3) },
      corePctByGroup: { load: cpuByGroup(procs0, procs1, roots), scroll: cpuByGroup(procs2, procs3, roots) },
      ...(browser ? { traces } : {}),
    }
  } finally {
    sampler?.stop()
    await session.close()
    await server.close()
  }
}

export interface HeapShares {
  /** Freed when the panel's page goes away (its store, rows, DOM wrappers). */
  panelMb: number
  /** Then freed by Clear: the engine and everything the devtools page keeps per capture. */
  captureMb: number
  /** Left: the pages' code and state, and whatever a Clear does not empty. */
  restMb: number
}

/**
 * Whose is the heap: the panel and the devtools page share one isolate, so one reading cannot
 * tell. At the very end of a run: the panel's frame is emptied (about:blank), then the capture
 * cleared as the panel's Clear button does, each followed by a GC and a reading.
 */
async function heapShares(panel: TargetSession, dt: TargetSession, totalMb: number): Promise<HeapShares> {
  const tabId = await dt.evaluate<number>('chrome.devtools.inspectedWindow.tabId')
  await panel.evaluate("location.replace('about:blank')").catch(() => undefined)
  await poll(async () => (await dt.evaluate<number>('globalThis.__methodDoctor.stats().findings')) >= 0, {
    what: 'the devtools page after the panel left',
  })
  await new Promise((r) => setTimeout(r, 500))
  await collectGarbage(dt)
  const withoutPanel = (await heapUsage(dt)).usedMb
  await dt.evaluate(
    `(new BroadcastChannel(${JSON.stringify(tabChannel(tabId))}).postMessage({ type: 'panel/clear' }), true)`,
  )
  await poll(async () => (await dt.evaluate<number>('globalThis.__methodDoctor.stats().entries')) === 0, {
    what: 'the capture cleared',
  })
  await collectGarbage(dt)
  const cleared = (await heapUsage(dt)).usedMb
  return { panelMb: totalMb - withoutPanel, captureMb: withoutPanel - cleared, restMb: cleared }
}

async function serverCounts(origin: string): Promise<Record<string, number>> {
  return (await (await fetch(`${origin}/__counts`)).json()) as Record<string, number>
}

/** The panel as it looks at the end of the run, in DevTools' light theme and in its dark one (set as a user does). */
async function screenshots(
  session: Session,
  panel: TargetSession,
  files: { light: string; dark: string },
): Promise<void> {
  const shown = await session.devtools.showPanel()
  const theme = async (t: 'light' | 'dark') => {
    await session.devtools.frontend.evaluate(
      `import('./core/common/common.js').then((C) => { C.Settings.Settings.instance().moduleSetting('ui-theme').set('${t}'); return true })`,
    )
    await poll(() => panel.evaluate<boolean>(`document.documentElement.dataset.theme === '${t}'`), {
      timeout: 5000,
      what: `the panel in the ${t} theme`,
    })
  }
  await panel.evaluate('document.querySelector(\'[role="listbox"]\').scrollTop = 0')
  await theme('light')
  await shown.screenshot(files.light)
  await theme('dark')
  await shown.screenshot(files.dark)
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
