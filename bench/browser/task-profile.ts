import type { TargetSession } from '../../e2e/support/devtools-cdp'
import { type Localize, place } from '../profile/cpuprofile'
import type { TaskPart } from './trace-analysis'

/**
 * A JS sampling profile of the extension's isolate over a whole run (the panel and the devtools
 * page share it), on the wall clock: what each long task the observers saw was made of, wherever
 * in the run it fell. Traces cover short windows only; the profile covers everything, at the cost
 * of seeing native work (style, layout, paint) only as "(program)". GC shows as "(garbage collector)".
 */
interface CallFrame {
  functionName: string
  url: string
  lineNumber: number
  columnNumber: number
}

interface Profile {
  nodes: { id: number; callFrame: CallFrame }[]
  startTime: number
  samples?: number[]
  timeDeltas?: number[]
}

export interface WholeRunProfile {
  /** Wall clock (ms since the epoch) of each sample. */
  at: Float64Array
  /** What each sample was in: function and src/ place. */
  what: string[]
}

export async function startProfile(t: TargetSession): Promise<() => Promise<WholeRunProfile>> {
  await t.send('Profiler.enable')
  await t.send('Profiler.setSamplingInterval', { interval: 500 })
  const before = await t.evaluate<number>('performance.timeOrigin + performance.now()')
  await t.send('Profiler.start')
  return async () => {
    const { profile } = await t.send<{ profile: Profile }>('Profiler.stop', {}, 300_000)
    await t.send('Profiler.disable')
    return { at: sampleTimes(profile, before), what: sampleNames(profile) }
  }

  function sampleTimes(p: Profile, startWall: number): Float64Array {
    const deltas = p.timeDeltas ?? []
    const at = new Float64Array(deltas.length)
    let us = 0
    for (let i = 0; i < deltas.length; i++) {
      us += deltas[i]!
      at[i] = startWall + us / 1000
    }
    return at
  }
}

function sampleNames(p: Profile): string[] {
  const frames = new Map(p.nodes.map((n) => [n.id, n.callFrame]))
  return (p.samples ?? []).map((id) => {
    const f = frames.get(id)
    return f
      ? `${f.functionName || '(anonymous)'}\u0000${f.url}\u0000${f.lineNumber}\u0000${f.columnNumber}`
      : '?'
  })
}

/** JS self time by function (mapped to src/) between two wall-clock instants, the largest first. */
export function profileOf(
  p: WholeRunProfile,
  from: number,
  to: number,
  localize: Localize,
  top = 6,
): TaskPart[] {
  const by = new Map<string, number>()
  let lo = 0
  let hi = p.at.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (p.at[mid]! < from) lo = mid + 1
    else hi = mid
  }
  for (let i = lo; i < p.at.length && p.at[i]! <= to; i++) {
    const ms = i > 0 ? Math.min(p.at[i]! - p.at[i - 1]!, 5) : 0
    const [name = '?', url = '', line = '0', col = '0'] = p.what[i]!.split('\u0000')
    const where = url ? place(url, Number(line), Number(col), localize) : null
    const label = where ? `${name} ${where.file}:${where.line}` : name
    by.set(label, (by.get(label) ?? 0) + ms)
  }
  return [...by]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([what, ms]) => ({ what, ms: Math.round(ms * 10) / 10 }))
}
