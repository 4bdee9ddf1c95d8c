import { existsSync, readFileSync } from 'node:fs'

/** Machine-wide CPU counters from /proc/stat (Linux); null elsewhere. */
export interface CpuSnapshot {
  busy: number
  total: number
}

export function cpuSnapshot(): CpuSnapshot | null {
  if (!existsSync('/proc/stat')) return null
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
  const f = line.trim().split(/\s+/).slice(1).map(Number)
  const idle = (f[3] ?? 0) + (f[4] ?? 0)
  const total = f.reduce((a, b) => a + b, 0)
  return { busy: total - idle, total }
}

/** Share of all cores busy between two snapshots, in % (100 = every core busy). */
export function busyPct(a: CpuSnapshot | null, b: CpuSnapshot | null): number | null {
  if (!a || !b || b.total === a.total) return null
  return ((b.busy - a.busy) / (b.total - a.total)) * 100
}
