import { readdirSync, readFileSync } from 'node:fs'

/** CPU ticks (user + system) of every process, from /proc (Linux); empty elsewhere. */
export interface ProcTable {
  at: number
  procs: Map<number, { comm: string; ppid: number; ticks: number }>
}

/** USER_HZ: Linux reports process times in 1/100 s. */
const HZ = 100

export function procTable(): ProcTable {
  const procs: ProcTable['procs'] = new Map()
  let dirs: string[] = []
  try {
    dirs = readdirSync('/proc').filter((d) => /^\d+$/.test(d))
  } catch {
    return { at: Date.now(), procs }
  }
  for (const d of dirs) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8')
      // comm may hold spaces and parentheses: split after the last ')'.
      const close = stat.lastIndexOf(')')
      const comm = stat.slice(stat.indexOf('(') + 1, close)
      const f = stat.slice(close + 2).split(' ')
      procs.set(Number(d), { comm, ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) })
    } catch {
      // The process ended while we read.
    }
  }
  return { at: Date.now(), procs }
}

/**
 * Share of one core each group of processes used between two tables: the benchmark's own
 * process tree (by root pid), and everything else on the machine.
 */
export function cpuByGroup(
  a: ProcTable,
  b: ProcTable,
  roots: Readonly<Record<string, number>>,
): Record<string, number> {
  const seconds = Math.max(0.001, (b.at - a.at) / 1000)
  const groupOf = (pid: number): string => {
    for (let p = pid, i = 0; p > 1 && i < 64; i++) {
      for (const [name, root] of Object.entries(roots)) if (p === root) return name
      p = b.procs.get(p)?.ppid ?? a.procs.get(p)?.ppid ?? 0
    }
    return 'rest of the machine'
  }
  const out: Record<string, number> = {}
  for (const [pid, p] of b.procs) {
    const used = p.ticks - (a.procs.get(pid)?.ticks ?? 0)
    if (used <= 0) continue
    const g = groupOf(pid)
    out[g] = (out[g] ?? 0) + used
  }
  for (const k of Object.keys(out)) out[k] = Math.round((out[k]! / HZ / seconds) * 100 * 10) / 10
  return out
}
