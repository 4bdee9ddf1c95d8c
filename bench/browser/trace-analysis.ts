import { type Localize, place } from '../profile/cpuprofile'
import type { TraceEvent } from './trace-io'

/** Reading a Chromium trace: long tasks and what they are made of, CPU by process and by thread. */

export interface TaskPart {
  what: string
  ms: number
}

export interface LongTaskReport {
  /** ms since the thread's first traced event. */
  atMs: number
  /** Within the thread's first 200 ms of the trace: turning the V8 sampler on costs one long native task. */
  traceStartup: boolean
  wallMs: number
  /** Thread CPU time: far below wall time means the thread waited for a core. */
  cpuMs: number | null
  /** Outermost events inside the task: script entry points, style, layout, paint, GC. */
  parts: TaskPart[]
  /** JS self time inside the task, by function (mapped to src/). */
  js: TaskPart[]
}

interface Sample {
  ts: number
  frame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
}

/** JS samples of one thread from the trace's ProfileChunk events, on the trace clock. */
function samplesOf(events: readonly TraceEvent[], pid: number, tid: number): Sample[] {
  const starts = new Map<string, number>()
  const nodes = new Map<string, Map<number, Sample['frame']>>()
  const out: Sample[] = []
  const clock = new Map<string, number>()
  for (const e of events) {
    if (e.pid !== pid || e.ph !== 'P' || !e.id) continue
    const data = e.args?.data as
      | {
          startTime?: number
          cpuProfile?: { nodes?: { id: number; callFrame: Sample['frame'] }[]; samples?: number[] }
          timeDeltas?: number[]
        }
      | undefined
    if (!data) continue
    if (e.name === 'Profile' && e.tid === tid) starts.set(e.id, data.startTime ?? e.ts)
    if (e.name !== 'ProfileChunk' || !starts.has(e.id)) continue
    const map = nodes.get(e.id) ?? new Map<number, Sample['frame']>()
    nodes.set(e.id, map)
    for (const n of data.cpuProfile?.nodes ?? []) {
      const f: Partial<Sample['frame']> = n.callFrame ?? {}
      map.set(n.id, {
        functionName: f.functionName ?? '',
        url: f.url ?? '',
        lineNumber: f.lineNumber ?? 0,
        columnNumber: f.columnNumber ?? 0,
      })
    }
    let t = clock.get(e.id) ?? starts.get(e.id)!
    const samples = data.cpuProfile?.samples ?? []
    samples.forEach((id, i) => {
      t += data.timeDeltas?.[i] ?? 0
      const frame = map.get(id)
      if (frame) out.push({ ts: t, frame })
    })
    clock.set(e.id, t)
  }
  return out.sort((a, b) => a.ts - b.ts)
}

function eventLabel(e: TraceEvent, localize: Localize): string {
  const d = e.args?.data ?? {}
  if (e.name === 'FunctionCall' || e.name === 'EvaluateScript') {
    const url = String(d.url ?? '')
    const line = Number(d.lineNumber ?? 1) - 1
    const col = Number(d.columnNumber ?? 1) - 1
    const p = place(url, line, col, localize)
    return `${e.name} ${String(d.functionName ?? '') || '(anonymous)'} ${p.file}:${p.line}`
  }
  if (e.name === 'EventDispatch') return `EventDispatch ${String(d.type ?? '')}`
  if (e.name === 'TimerFire') return 'TimerFire'
  return e.name
}

export interface ThreadItem {
  what: string
  count: number
  wallMs: number
  cpuMs: number
}

const BREAKDOWN = new Set([
  'Paint',
  'PrePaint',
  'Layerize',
  'Layout',
  'UpdateLayoutTree',
  'FireAnimationFrame',
  'TimerFire',
  'MinorGC',
  'MajorGC',
])

/**
 * Where one thread's time went over the whole trace: all its tasks, then rendering steps,
 * timers, GC and script entry points by bundle file (events nest, so rows overlap).
 */
export function threadBreakdown(events: readonly TraceEvent[], thread: string): ThreadItem[] {
  const m = /^pid (\d+) tid (\d+)$/.exec(thread)
  if (!m) return []
  const pid = Number(m[1])
  const tid = Number(m[2])
  const by = new Map<string, ThreadItem>()
  for (const e of events) {
    if (e.pid !== pid || e.tid !== tid || e.ph !== 'X') continue
    let what: string | null = null
    if (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask') what = 'all tasks'
    else if (BREAKDOWN.has(e.name)) what = e.name
    else if (e.name === 'FunctionCall') {
      const file = String(e.args?.data?.url ?? '').replace(/^.*\//, '')
      what = `FunctionCall ${file.replace(/-[A-Za-z0-9_-]{8}\.js$/, '.js') || '(no script)'}`
    }
    if (!what) continue
    const item = by.get(what) ?? { what, count: 0, wallMs: 0, cpuMs: 0 }
    item.count++
    item.wallMs += (e.dur ?? 0) / 1000
    item.cpuMs += (e.tdur ?? 0) / 1000
    by.set(what, item)
  }
  return [...by.values()]
    .map((x) => ({ ...x, wallMs: Math.round(x.wallMs), cpuMs: Math.round(x.cpuMs) }))
    .sort((a, b) => b.wallMs - a.wallMs)
}

/** Tasks of at least `minMs` on the main thread that runs `urlPrefix`'s scripts, broken down. */
export function longTasks(
  events: readonly TraceEvent[],
  urlPrefix: string,
  localize: Localize,
  minMs = 50,
): { thread: string; tasks: LongTaskReport[] } {
  const votes = new Map<string, number>()
  for (const e of events) {
    const url = e.args?.data?.url
    if (e.name === 'FunctionCall' && typeof url === 'string' && url.startsWith(urlPrefix)) {
      const k = `${e.pid}:${e.tid}`
      votes.set(k, (votes.get(k) ?? 0) + 1)
    }
  }
  const best = [...votes.entries()].sort((a, b) => b[1] - a[1])[0]
  if (!best) return { thread: 'not found', tasks: [] }
  const [pid, tid] = best[0].split(':').map(Number) as [number, number]
  const mine = events
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts)
  // The thread's own first traced event: a few events elsewhere carry older times (the scroll
  // trace's earliest one came 250 s before it started), which hid the start-up task.
  const t0 = mine[0]?.ts ?? 0
  const samples = samplesOf(events, pid, tid)
  const tasks: LongTaskReport[] = []
  for (const task of mine) {
    if (
      !(task.name === 'RunTask' || task.name === 'ThreadControllerImpl::RunTask') ||
      task.dur! < minMs * 1000
    )
      continue
    const end = task.ts + task.dur!
    const parts = new Map<string, number>()
    let coveredTo = task.ts
    for (const e of mine) {
      if (e.ts < task.ts || e === task) continue
      if (e.ts >= end) break
      if (e.ts < coveredTo || e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') continue
      const what = eventLabel(e, localize)
      parts.set(what, (parts.get(what) ?? 0) + e.dur! / 1000)
      coveredTo = e.ts + e.dur!
    }
    const js = new Map<string, number>()
    let prev = task.ts
    for (const s of samples) {
      if (s.ts < task.ts) continue
      if (s.ts > end) break
      const p = place(s.frame.url, s.frame.lineNumber, s.frame.columnNumber, localize)
      const what = s.frame.url
        ? `${s.frame.functionName || '(anonymous)'} ${p.file}:${p.line}`
        : s.frame.functionName || '(program)'
      js.set(what, (js.get(what) ?? 0) + (s.ts - prev) / 1000)
      prev = s.ts
    }
    const top = (m: Map<string, number>, n: number): TaskPart[] =>
      [...m.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([what, ms]) => ({ what, ms: Math.round(ms * 10) / 10 }))
    tasks.push({
      atMs: Math.round((task.ts - t0) / 1000),
      traceStartup: task.ts - t0 < 200_000,
      wallMs: task.dur! / 1000,
      cpuMs: task.tdur === undefined ? null : task.tdur / 1000,
      parts: top(parts, 6),
      js: top(js, 8),
    })
  }
  return { thread: `pid ${pid} tid ${tid}`, tasks }
}

export interface ProcessCpu {
  process: string
  pid: number
  cpuMs: number
  /** Share of one core over the traced window. */
  corePct: number
}

const TASKS = new Set([
  'ThreadControllerImpl::RunTask',
  'RunTask',
  'ThreadPool_RunTask',
  'TaskGraphRunner::RunTask',
])

/** CPU time of every Chromium process over the trace, from its tasks' thread time. */
export function cpuByProcess(events: readonly TraceEvent[]): ProcessCpu[] {
  const names = new Map<number, string>()
  const origins = new Map<number, string>()
  const cpu = new Map<number, number>()
  let first = Number.POSITIVE_INFINITY
  let last = 0
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'process_name') names.set(e.pid, String(e.args?.name ?? ''))
    const url = e.args?.data?.url
    if (
      !origins.has(e.pid) &&
      typeof url === 'string' &&
      /^[a-z-]+:\/\//.test(url) &&
      (e.name === 'FunctionCall' || e.name === 'EvaluateScript')
    ) {
      origins.set(e.pid, url.replace(/^([a-z-]+:\/\/[^/]+).*$/, '$1'))
    }
    if (e.ts > 0) {
      if (e.ts < first) first = e.ts
      if (e.ts + (e.dur ?? 0) > last) last = e.ts + (e.dur ?? 0)
    }
    if (e.ph === 'X' && TASKS.has(e.name) && e.tdur !== undefined)
      cpu.set(e.pid, (cpu.get(e.pid) ?? 0) + e.tdur / 1000)
  }
  const windowMs = Math.max(1, (last - first) / 1000)
  return [...cpu.entries()]
    .map(([pid, ms]) => ({
      process: [names.get(pid) ?? `pid ${pid}`, origins.get(pid)].filter(Boolean).join(' '),
      pid,
      cpuMs: Math.round(ms),
      corePct: Math.round((ms / windowMs) * 1000) / 10,
    }))
    .sort((a, b) => b.cpuMs - a.cpuMs)
}
