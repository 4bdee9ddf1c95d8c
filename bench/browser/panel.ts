import { log } from '../lib/log'
import { type Metric, metric } from '../lib/report'
import { max, median } from '../lib/stats'
import { CONCURRENCY, FAIL_EVERY, formatTasks, type LongTask, oneRun, type TraceWindow } from './panel-run'

function longest(tasks: readonly LongTask[], from: number, to: number): number {
  return max(
    tasks
      .filter((t) => t.at >= from && t.at <= to)
      .map((t) => t.duration)
      .concat(0),
  )
}

/** Section 5: the panel in real Chromium with DevTools open, fed by real requests. */
export async function runPanel(o: {
  headed: boolean
  profile: boolean
  requests: number
}): Promise<{ metrics: Metric[]; details: unknown }> {
  const TOTAL = o.requests
  const FINDINGS = TOTAL / FAIL_EVERY
  const r = await oneRun(o.headed, false, TOTAL)
  const s = r.state
  const load = [s.installedAt, s.allAt] as const
  const scrollWindow = [r.scroll.startAt, r.scroll.endAt] as const
  const allTasks = r.state.longtasks
  const metrics = [
    metric(
      'panel.first_row',
      'first row after the first failing response',
      s.firstRowAt - r.traffic.firstFailDoneAt,
      'ms',
      { op: '<', limit: 300 },
    ),
    metric(
      'panel.first_row_paint',
      'first row painted (next frame)',
      s.firstRowPaintAt - r.traffic.firstFailDoneAt,
      'ms',
    ),
    metric(
      'panel.traffic',
      `page sends ${TOTAL / 1000}k requests`,
      r.traffic.lastDoneAt - r.traffic.startAt,
      'ms',
    ),
    metric(
      'panel.all_listed',
      `all ${FINDINGS} findings listed, from the first request`,
      s.allAt - r.traffic.startAt,
      'ms',
    ),
    metric('panel.lag', 'all listed, after the last response', s.allAt - r.traffic.lastDoneAt, 'ms'),
    metric(
      'panel.longest_task',
      'longest main-thread task in the panel (load + scroll)',
      longest(allTasks, load[0], scrollWindow[1]),
      'ms',
      { op: '<=', limit: 50 },
    ),
    metric(
      'panel.longest_task_load',
      '  … during the load',
      longest(allTasks, load[0], load[1] + 1000),
      'ms',
    ),
    metric(
      'panel.longest_task_scroll',
      '  … while scrolling',
      longest(allTasks, scrollWindow[0], scrollWindow[1]),
      'ms',
      { op: '<=', limit: 50 },
    ),
    metric('panel.heap', 'JS heap after the load (isolate, before GC)', r.heap.after.usedMb, 'MB', {
      op: '<',
      limit: 50,
    }),
    metric('panel.heap_gc', 'JS heap after the load and a GC', r.heap.afterGc.usedMb, 'MB'),
    metric('panel.scroll_rows', 'rows reached by scrolling the list', r.scroll.uniqueRows, 'rows', {
      op: '==',
      limit: FINDINGS,
    }),
    metric('panel.scroll_step', 'scroll step (one page, two frames), median', median(r.scroll.stepsMs), 'ms'),
  ]
  const loadTasks = allTasks.filter((t) => t.at >= load[0] && t.at <= load[1] + 1000)
  metrics.push(
    metric(
      'panel.longtasks',
      '  tasks over 50 ms (load + scroll)',
      allTasks.filter((t) => t.at >= load[0] && t.at <= scrollWindow[1]).length,
      'tasks',
    ),
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
  )
  const missed = metrics.some((m) => m.verdict === 'fail')
  let traces: TraceWindow[] | undefined
  if (missed || o.profile) {
    log('panel: tracing a second run (Chromium trace with JS samples) to see what the long tasks are made of')
    traces = (await oneRun(o.headed, true, TOTAL)).traces
    for (const t of traces ?? []) process.stderr.write(`${t.phase}: ${formatTasks(t.tasks)}\n`)
    const tasks = (traces ?? []).flatMap((t) => t.tasks).filter((t) => !t.traceStartup)
    const ext = (traces ?? []).flatMap((t) => t.cpu.filter((c) => c.process.startsWith('Extension')))
    metrics.push(
      metric(
        'panel.longest_task_cpu',
        'CPU time of the longest traced task (diagnostic)',
        max(tasks.map((t) => t.cpuMs ?? 0).concat(0)),
        'ms',
        { op: '<=', limit: 50 },
        'thread time of tasks ≥ 50 ms wall in the traced run (trace start-up excluded): far below wall time = waiting for a core',
      ),
      metric(
        'panel.ext_cpu_load',
        'extension renderer CPU during the traced load',
        ext[0]?.corePct ?? null,
        '% core',
      ),
    )
  }
  return {
    metrics,
    details: {
      ...r,
      loadTasks: loadTasks.length,
      state: { ...r.state, longtasks: r.state.longtasks.length },
      longtasks: r.state.longtasks,
      total: TOTAL,
      findings: FINDINGS,
      concurrency: CONCURRENCY,
      traces,
    },
  }
}
