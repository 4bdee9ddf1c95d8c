import { existsSync, readFileSync } from 'node:fs'
import { SourceMap, type SourceMapPayload } from 'node:module'
import { dirname, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ROOT } from '../lib/paths'

/** The V8 CPU profile format (`node --cpu-prof`, CDP Profiler.stop). */
export interface CpuProfile {
  nodes: {
    id: number
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
    children?: number[]
    positionTicks?: { line: number; ticks: number }[]
  }[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
  endTime: number
}

export interface HotSpot {
  /** `src/core/headers.ts:14 headerMap` (mapped through the bundle's source map when there is one). */
  where: string
  selfMs: number
  totalMs: number
  selfPct: number
  /** Hottest source lines inside the function, when the profile has line ticks. */
  lines?: string[]
}

const maps = new Map<string, SourceMap | null>()

/** Reads `<bundle>.map` next to a bundle file (hidden source maps), or null. */
function mapFor(path: string): SourceMap | null {
  if (maps.has(path)) return maps.get(path)!
  let map: SourceMap | null = null
  if (existsSync(`${path}.map`))
    map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')) as SourceMapPayload)
  maps.set(path, map)
  return map
}

/** Turns a profile URL (file://, chrome-extension://<id>/assets/x.js) into a local file, given where the extension was built. */
export type Localize = (url: string) => string | null

export const fileUrls: Localize = (url) =>
  url.startsWith('file://') ? fileURLToPath(url) : url.startsWith('/') ? url : null

export function place(
  url: string,
  line0: number,
  col0: number,
  localize: Localize,
): { file: string; line: number } {
  const local = localize(url)
  if (!local) return { file: url || '(native)', line: line0 + 1 }
  const map = mapFor(local)
  if (map) {
    const e = map.findEntry(line0, col0) as { originalSource?: string; originalLine?: number }
    if (e.originalSource) {
      const src = e.originalSource.startsWith('file://')
        ? fileURLToPath(e.originalSource)
        : resolve(dirname(local), e.originalSource)
      return { file: relative(ROOT, src), line: (e.originalLine ?? 0) + 1 }
    }
  }
  return { file: relative(ROOT, local), line: line0 + 1 }
}

/** Self and inclusive time per function, mapped to src/ file:line, hottest first. */
export interface ProfileSummary {
  totalMs: number
  /** By self time. */
  spots: HotSpot[]
  /** By inclusive time: where whole phases go (parse, normalise, evaluate, report). */
  inclusive: { where: string; totalMs: number; pct: number }[]
}

export function hotSpots(profile: CpuProfile, localize: Localize, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const keyOf = new Map<number, string>()
  const lineTicks = new Map<string, Map<string, number>>()
  for (const n of profile.nodes) {
    const f = n.callFrame
    const p = place(f.url, f.lineNumber, f.columnNumber, localize)
    const name = f.functionName || '(anonymous)'
    const key = f.url === '' ? name : `${p.file}:${p.line} ${name}`
    keyOf.set(n.id, key)
    for (const t of n.positionTicks ?? []) {
      const lp = place(f.url, t.line - 1, 0, localize)
      const m = lineTicks.get(key) ?? new Map<string, number>()
      m.set(`${lp.file}:${lp.line}`, (m.get(`${lp.file}:${lp.line}`) ?? 0) + t.ticks)
      lineTicks.set(key, m)
    }
  }
  const self = new Map<string, number>()
  const total = new Map<string, number>()
  let all = 0
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000
    all += dt
    const k = keyOf.get(id) ?? '?'
    self.set(k, (self.get(k) ?? 0) + dt)
    const seen = new Set<string>()
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const ck = keyOf.get(cur)!
      if (!seen.has(ck)) {
        seen.add(ck)
        total.set(ck, (total.get(ck) ?? 0) + dt)
      }
      if (!byId.has(cur)) break
    }
  })
  const spots = [...self.entries()]
    .filter(([k]) => k !== '(idle)' && k !== '(program)' && k !== '(root)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([where, ms]) => {
      const lines = [...(lineTicks.get(where)?.entries() ?? [])].sort((a, b) => b[1] - a[1]).slice(0, 3)
      const ticks = lines.reduce((s, [, t]) => s + t, 0)
      return {
        where,
        selfMs: ms,
        totalMs: total.get(where) ?? ms,
        selfPct: (ms / all) * 100,
        ...(lines.length > 0
          ? { lines: lines.map(([l, t]) => `${l} (${Math.round((t / ticks) * 100)}%)`) }
          : {}),
      }
    })
  const inclusive = [...total.entries()]
    .filter(([k]) => !k.startsWith('(') && !k.endsWith(' (anonymous)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([where, ms]) => ({ where, totalMs: ms, pct: (ms / all) * 100 }))
  return { totalMs: all, spots, inclusive }
}

export function formatSummary(title: string, s: ProfileSummary): string {
  const lines = [`${title}: ${Math.round(s.totalMs)} ms sampled`, '  self time:']
  for (const h of s.spots) {
    lines.push(
      `    ${h.selfMs.toFixed(0).padStart(6)} ms ${h.selfPct.toFixed(1).padStart(5)}%  ${h.where}${h.lines ? `  [${h.lines.join(', ')}]` : ''}`,
    )
  }
  lines.push('  inclusive:')
  for (const h of s.inclusive)
    lines.push(`    ${h.totalMs.toFixed(0).padStart(6)} ms ${h.pct.toFixed(1).padStart(5)}%  ${h.where}`)
  return lines.join('\n')
}
