import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { log } from '../lib/log'
import { OUT, PROFILES } from '../lib/paths'
import { type Metric, metric } from '../lib/report'
import { max, median } from '../lib/stats'
import {
  CONCURRENCY,
  FAIL_EVERY,
  formatTasks,
  type LongTask,
  oneRun,
  type RunResult,
  type TraceWindow,
} from './panel-run'

function longest(tasks: readonly LongTask[], from: number, to: number, of: (t: LongTask) => number): number {
  return max(
    tasks
      .filter((t) => t.at >= from && t.at <= to && !t.forcedGc)
      .map(of)
      .concat(0),
  )
}

const wall = (t: LongTask): number => t.duration
const cpu = (t: LongTask): number => t.cpuMs ?? 0

/** What the panel's issue asks of this many requests: issue 18's 60 MB at 100k, issue 6's 50 MB at 10k. */
function heapLimitMb(requests: number): number {
  return requests >= 100_000 ? 60 : 50
}

/**
 * Section 5: the panel in real Chromium with DevTools open and its Preserve log on, fed by real
 * requests, with a reload half-way.
 */
export async function runPanel(o: {
  headed: boolean
  profile: boolean
  requests: number
}): Promise<{ metrics: Metric[]; details: unknown }> {
  const TOTAL = o.requests
  const FINDINGS = TOTAL / FAIL_EVERY
  const k = `${TOTAL / 1000}k`
  const r = await oneRun({
    headed: o.headed,
    trace: false,
    total: TOTAL,
    screenshots: {
      light: resolve(OUT, `panel-${k}-light.png`),
      dark: resolve(OUT, `panel-${k}-dark.png`),
    },
  })
  const s = r.state
  const load = [s.installedAt, s.allAt] as const
  const scrollWindow = [r.scroll.startAt, r.scroll.endAt] as const
  const tasks = r.longtasks
  const sampled = r.cpuSampling !== null
  const perRequestBytes =
    r.stats.entries > r.heap.checkpoint.entries
      ? ((r.heap.afterGc.usedMb - r.heap.checkpoint.heap.usedMb) * 1048576) /
        (r.stats.entries - r.heap.checkpoint.entries)
      : null
  const metrics = [
    metric('panel.preserve_log', "the panel's Preserve log on (1 = on)", r.preserveLog ? 1 : 0, '', {
      op: '==',
      limit: 1,
    }),
    metric(
      'panel.requests',
      `requests the panel counts (the page sent ${r.expectedRequests.toLocaleString('en-US')}, the reload included)`,
      r.requestsShown,
      'requests',
      { op: '==', limit: r.expectedRequests },
    ),
    metric(
      'panel.first_row',
      'first row after the first failing response',
      s.firstRowAt - r.traffic.firstFailDoneAt,
      'ms',
      { op: '<=', limit: 300 },
    ),
    metric(
      'panel.first_row_paint',
      'first row painted (next frame)',
      s.firstRowPaintAt - r.traffic.firstFailDoneAt,
      'ms',
    ),
    metric('panel.traffic', `page sends ${k} requests`, r.traffic.lastDoneAt - r.traffic.startAt, 'ms'),
    metric(
      'panel.all_listed',
      `all ${FINDINGS} rows listed, from the first request`,
      s.allAt - r.traffic.startAt,
      'ms',
    ),
    metric('panel.lag', 'all listed, after the last response', s.allAt - r.traffic.lastDoneAt, 'ms'),
    metric(
      'panel.longest_task_cpu_all',
      'CPU time of the longest main-thread task (load + scroll, sampled)',
      sampled ? longest(tasks, load[0], scrollWindow[1], cpu) : null,
      'ms',
      { op: '<=', limit: 50 },
      'thread CPU time (/proc schedstat, every few ms) during each task the longtask observers saw',
    ),
    metric(
      'panel.longest_task_cpu_bound',
      '  … its upper bound (sampling interval at both ends)',
      sampled ? longest(tasks, load[0], scrollWindow[1], (t) => t.cpuAtMostMs ?? 0) : null,
      'ms',
    ),
    metric(
      'panel.longest_task',
      'longest main-thread task on the wall clock (load + scroll)',
      longest(tasks, load[0], scrollWindow[1], wall),
      'ms',
    ),
    metric(
      'panel.longest_task_load',
      '  … during the load',
      longest(tasks, load[0], load[1] + 1000, wall),
      'ms',
    ),
    metric(
      'panel.longest_task_scroll',
      '  … while scrolling',
      longest(tasks, scrollWindow[0], scrollWindow[1], wall),
      'ms',
    ),
    metric(
      'panel.longtasks',
      '  tasks over 50 ms wall (load + scroll)',
      tasks.filter((t) => t.at >= load[0] && t.at <= scrollWindow[1] && !t.forcedGc).length,
      'tasks',
    ),
    metric('panel.heap_before', 'JS heap before the load, after a GC (isolate)', r.heap.before.usedMb, 'MB'),
    metric(
      'panel.heap_checkpoint',
      `JS heap after ${r.heap.checkpoint.entries.toLocaleString('en-US')} requests and a GC`,
      r.heap.checkpoint.heap.usedMb,
      'MB',
    ),
    metric('panel.heap', 'JS heap after the load (isolate, before GC)', r.heap.after.usedMb, 'MB'),
    metric('panel.heap_gc', 'JS heap after the load and a GC', r.heap.afterGc.usedMb, 'MB', {
      op: '<',
      limit: heapLimitMb(TOTAL),
    }),
    metric(
      'panel.heap_per_request',
      '  heap each further request adds (checkpoint → end)',
      perRequestBytes,
      'B',
    ),
    metric('panel.heap_panel', '  … of it the panel (freed when its page goes)', r.heap.shares.panelMb, 'MB'),
    metric(
      'panel.heap_capture',
      '  … the capture in the devtools page (engine and all, freed by Clear)',
      r.heap.shares.captureMb,
      'MB',
    ),
    metric('panel.heap_rest', '  … the rest (pages, code, what Clear keeps)', r.heap.shares.restMb, 'MB'),
    metric(
      'panel.scroll_rows',
      'distinct rows rendered scrolling the whole list',
      r.scroll.uniqueRows,
      'rows',
      {
        op: '==',
        limit: s.listed,
      },
    ),
    metric('panel.listed', '  rows listed (one per failing endpoint)', s.listed, 'rows', {
      op: '==',
      limit: FINDINGS,
    }),
    metric('panel.scroll_step', 'scroll step (one page, two frames), median', median(r.scroll.stepsMs), 'ms'),
    metric('panel.busy_load', 'all cores busy during the load (/proc/stat)', r.machineBusyPct.load, '%'),
    metric('panel.busy_scroll', 'all cores busy while scrolling', r.machineBusyPct.scroll, '%'),
    metric(
      'panel.chromium_load',
      'Chromium (all processes) during the load',
      r.corePctByGroup.load.Chromium ?? null,
      '% core',
    ),
    metric(
      'panel.others_load',
      'other processes on the machine during the load',
      r.corePctByGroup.load['rest of the machine'] ?? 0,
      '% core',
    ),
    metric(
      'panel.others_scroll',
      'other processes on the machine while scrolling',
      r.corePctByGroup.scroll['rest of the machine'] ?? 0,
      '% core',
    ),
  ]
  const missed = metrics.some((m) => m.verdict === 'fail')
  let traces: TraceWindow[] | undefined
  let profiled: string | undefined
  if (missed || o.profile) {
    log('panel: tracing a second run (Chromium trace with JS samples) to see what the long tasks are made of')
    const second = await oneRun({ headed: o.headed, trace: true, total: TOTAL })
    traces = second.traces
    for (const t of traces ?? []) process.stderr.write(`${t.phase}: ${formatTasks(t.tasks)}\n`)
    profiled = byCpu(second)
    writeFileSync(resolve(PROFILES, 'panel-longtasks-by-cpu.txt'), `${profiled}\n`)
    process.stderr.write(`${profiled}\n`)
    const traced = (traces ?? []).flatMap((t) => t.tasks).filter((t) => !t.traceStartup)
    const ext = (traces ?? []).flatMap((t) => t.cpu.filter((c) => c.process.startsWith('Extension')))
    metrics.push(
      metric(
        'panel.longest_task_cpu',
        'CPU time of the longest traced task (trace thread time)',
        max(traced.map((t) => t.cpuMs ?? 0).concat(0)),
        'ms',
        { op: '<=', limit: 50 },
        'thread time of tasks ≥ 50 ms wall in the traced windows (start and end of the load, the scroll; trace start-up excluded)',
      ),
      metric(
        'panel.ext_cpu_load',
        'extension renderer CPU during the traced start of the load',
        ext[0]?.corePct ?? null,
        '% core',
      ),
    )
  }
  return {
    metrics,
    details: {
      ...r,
      state: { ...r.state, longtasks: r.state.longtasks.length },
      total: TOTAL,
      findings: FINDINGS,
      concurrency: CONCURRENCY,
      traces,
      profiled,
    },
  }
}

/** The traced run's long tasks that used a core longest, with the JS they ran (whole-run profile). */
function byCpu(r: RunResult): string {
  const t0 = r.traffic.startAt
  const top = r.longtasks
    .filter((t) => !t.forcedGc)
    .sort((a, b) => (b.cpuMs ?? 0) - (a.cpuMs ?? 0))
    .slice(0, 12)
  const lines = ["the traced run's longest tasks by CPU time (sampled), with the JS profile inside each:"]
  for (const t of top) {
    lines.push(
      `  ${((t.at - t0) / 1000).toFixed(1)} s into the load: ${t.duration.toFixed(0)} ms wall, ${(t.cpuMs ?? 0).toFixed(0)} ms CPU (at most ${(t.cpuAtMostMs ?? 0).toFixed(0)})`,
    )
    for (const p of t.js ?? []) lines.push(`      js ${p.ms.toFixed(1).padStart(6)} ms  ${p.what}`)
  }
  return lines.join('\n')
}
