import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ThreadCpuSampler } from '../../bench/browser/thread-cpu'

const now = (): number => performance.timeOrigin + performance.now()
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

function burn(ms: number): { from: number; to: number } {
  const from = now()
  while (now() - from < ms) {
    // Busy on purpose: this thread's CPU time is what the sampler must see.
  }
  return { from, to: now() }
}

describe.runIf(existsSync(`/proc/${process.pid}/task/${process.pid}/schedstat`))('ThreadCpuSampler', () => {
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
