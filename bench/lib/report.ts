import { round } from './stats'

export type Verdict = 'pass' | 'fail' | 'info' | 'error'

/** A target from issue 6: `value op limit` passes. */
export interface Target {
  op: '<=' | '<' | '=='
  limit: number
}

export interface Metric {
  id: string
  label: string
  value: number | null
  unit: string
  target?: Target
  verdict: Verdict
  note?: string
}

export interface SectionResult {
  name: string
  metrics: Metric[]
  details: unknown
  /** Machine load (1-minute average) when the section started and ended. */
  load: [number, number]
  seconds: number
  error?: string
}

function meets(value: number, t: Target): boolean {
  if (t.op === '<=') return value <= t.limit
  if (t.op === '<') return value < t.limit
  return value === t.limit
}

export function metric(
  id: string,
  label: string,
  value: number | null,
  unit: string,
  target?: Target,
  note?: string,
): Metric {
  const verdict: Verdict =
    value === null || !Number.isFinite(value)
      ? target
        ? 'error'
        : 'info'
      : target
        ? meets(value, target)
          ? 'pass'
          : 'fail'
        : 'info'
  return {
    id,
    label,
    value: value === null ? null : round(value),
    unit,
    ...(target ? { target } : {}),
    verdict,
    ...(note ? { note } : {}),
  }
}

function show(v: number | null, unit: string): string {
  if (v === null || !Number.isFinite(v)) return '—'
  const n = round(v).toLocaleString('en-US', { maximumFractionDigits: 3 })
  return unit === '×' ? `${n}×` : `${n} ${unit}`
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length)
}

/** The summary: measured, target, ratio to the target, verdict. */
export function table(metrics: readonly Metric[]): string {
  const rows = metrics.map((m) => [
    m.label,
    show(m.value, m.unit),
    m.target ? `${m.target.op} ${show(m.target.limit, m.unit)}` : '',
    m.target && m.value !== null && m.target.limit !== 0 ? `${round(m.value / m.target.limit)}` : '',
    m.verdict === 'info' ? '' : m.verdict.toUpperCase(),
  ])
  const head = ['metric', 'measured', 'target', 'of target', 'result']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => pad(c, widths[i]!))
      .join('  ')
      .trimEnd()
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}
