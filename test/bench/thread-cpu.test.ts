import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ThreadCpuSampler } from '../../bench/browser/thread-cpu'

const now = (): number => performance.timeOrigin + performance.now()
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

const schedstat = `/proc/${process.pid}/task/${process.pid}/schedstat`
/** This thread's CPU time so far (ms), as the kernel counts it. */
const cpuMs = (): number => Number(readFileSync(schedstat, 'utf8').split(' ')[0]) / 1e6

/**
 * Busy until this thread has had `ms` of CPU (not of wall clock: on a loaded machine 80 ms of wall
 * can hold 20 ms of CPU), at most 10 s.
 */
function burn(ms: number): { from: number; to: number } {
  const from = now()
  const start = cpuMs()
  let spins = 0
  while (now() - from < 10_000) {
    // Busy on purpose: this thread's CPU time is what the sampler must see.
    if (++spins % 10_000 === 0 && cpuMs() - start >= ms) break
  }
  return { from, to: now() }
}

describe.runIf(existsSync(schedstat))('ThreadCpuSampler', () => {
  it('tells a busy window from an idle one on this very thread', async () => {
    const s = new ThreadCpuSampler(process.pid)
    s.start(2)
    await sleep(30)
    const idleFrom = now()
    await sleep(80)
    const idle = { from: idleFrom, to: now() }
    await sleep(10)
    // Timers cannot sample while this thread is busy: the window's ends come from the samples
    // taken just before and just after it.
    const busy = burn(80)
    await sleep(30)
    s.stop()
    const b = s.during(busy.from, busy.to)!
    const i = s.during(idle.from, idle.to)!
    expect(b.atMostMs).toBeGreaterThanOrEqual(b.cpuMs)
    expect(b.atMostMs).toBeGreaterThanOrEqual(60)
    expect(i.cpuMs).toBeLessThan(40)
    expect(s.during(idle.from - 60_000, idle.to)).toBeNull()
  })
})
