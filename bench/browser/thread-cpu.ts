import { readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { resolve } from 'node:path'
import type { CDPSession } from '@playwright/test'
import { stopTrace } from './trace-io'

/**
 * One thread's CPU time over a whole run, from Linux's scheduler statistics
 * (`/proc/<pid>/task/<tid>/schedstat`: nanoseconds on a CPU), sampled every few milliseconds
 * against the wall clock. A trace gives exact thread time but only over short windows (a whole
 * 100k-request load is far larger than a trace can hold); this covers every long task of the run,
 * to within the sampling interval at each end of the task.
 */
export interface CpuWindow {
  /** CPU ms interpolated between the samples around the window's ends. */
  cpuMs: number
  /** CPU ms between the last sample before the window and the first after it: never less than the truth. */
  atMostMs: number
}

export class ThreadCpuSampler {
  /** Wall clock (ms since the epoch) of each sample. */
  private readonly at: number[] = []
  /** The thread's cumulative CPU time (ms) at each sample. */
  private readonly cpu: number[] = []
  private timer: NodeJS.Timeout | null = null
  private readonly file: string

  constructor(pid: number, tid = pid) {
    this.file = `/proc/${pid}/task/${tid}/schedstat`
  }

  start(intervalMs = 4): void {
    this.sample()
    this.timer = setInterval(() => this.sample(), intervalMs)
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    this.sample()
  }

  get samples(): number {
    return this.at.length
  }

  /** The median gap between samples: how exactly a window's ends are placed. */
  medianGapMs(): number {
    const gaps = this.at.slice(1).map((t, i) => t - this.at[i]!)
    gaps.sort((a, b) => a - b)
    return gaps[Math.floor(gaps.length / 2)] ?? 0
  }

  /** CPU the thread used between two wall-clock instants; null outside the sampled span. */
  during(from: number, to: number): CpuWindow | null {
    const n = this.at.length
    if (n < 2 || from < this.at[0]! || to > this.at[n - 1]!) return null
    const before = this.lastAtOrBefore(from)
    const last = this.lastAtOrBefore(to)
    const after = this.at[last] === to ? last : Math.min(n - 1, last + 1)
    return {
      cpuMs: Math.max(0, this.cumulative(to) - this.cumulative(from)),
      atMostMs: this.cpu[after]! - this.cpu[before]!,
    }
  }

  private sample(): void {
    try {
      const ns = Number(readFileSync(this.file, 'utf8').split(' ')[0])
      this.at.push(performance.timeOrigin + performance.now())
      this.cpu.push(ns / 1e6)
    } catch {
      // The thread ended; the samples so far stay.
    }
  }

  /** Index of the last sample at or before `t` (binary search; samples are in time order). */
  private lastAtOrBefore(t: number): number {
    let lo = 0
    let hi = this.at.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1
      if (this.at[mid]! <= t) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  private cumulative(t: number): number {
    const i = this.lastAtOrBefore(t)
    const j = Math.min(i + 1, this.at.length - 1)
    const span = this.at[j]! - this.at[i]!
    if (span <= 0) return this.cpu[i]!
    return this.cpu[i]! + ((this.cpu[j]! - this.cpu[i]!) * (t - this.at[i]!)) / span
  }
}

/**
 * The renderer process that runs the extension's pages (the devtools page and the panel share it),
 * as Chromium names it in a trace: `Extension Renderer`. The command line cannot tell (a spare
 * renderer started without `--extension-process` may be given the extension). Its main thread has
 * the process's own id. Null unless exactly one such process exists.
 */
export async function extensionRendererPid(
  browser: CDPSession,
  work: () => Promise<unknown>,
): Promise<number | null> {
  await browser.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: { includedCategories: ['devtools.timeline'] },
  })
  await work()
  const file = resolve(tmpdir(), `md-bench-names-${process.pid}.trace.json.gz`)
  const { events } = await stopTrace(browser, file)
  rmSync(file, { force: true })
  const pids = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'process_name' && e.args?.name === 'Extension Renderer')
      .map((e) => e.pid),
  )
  return pids.size === 1 ? [...pids][0]! : null
}
