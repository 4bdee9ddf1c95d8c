/**
 * Prints bench/out/results.json as the Markdown tables docs/benchmarks.md records:
 * `npx tsx bench/report-md.ts [results.json]`.
 */
import { readFileSync } from 'node:fs'
import { RESULTS } from './lib/paths'
import type { Metric, SectionResult } from './lib/report'

interface Results {
  startedAt: string
  machine: {
    cpus: number
    cpuModel: string
    memoryGb: number
    node: string
    loadAtStart: number
    loadAtEnd: number
  }
  sections: SectionResult[]
}

const doc = JSON.parse(readFileSync(process.argv[2] ?? RESULTS, 'utf8')) as Results

function show(v: number | null, unit: string): string {
  if (v === null) return '—'
  const n = v.toLocaleString('en-US', { maximumFractionDigits: 3 })
  return unit === '×' ? `${n}×` : `${n} ${unit}`
}

function row(m: Metric): string {
  const target = m.target ? `${m.target.op} ${show(m.target.limit, m.unit)}` : ''
  const verdict =
    m.verdict === 'pass'
      ? '**pass**'
      : m.verdict === 'fail'
        ? '**FAIL**'
        : m.verdict === 'error'
          ? 'error'
          : ''
  return `| ${m.label.trim().replace(/\|/g, '\\|')} | ${show(m.value, m.unit)} | ${target} | ${verdict} |`
}

const m = doc.machine
const lines = [
  `Run of ${doc.startedAt.slice(0, 16).replace('T', ' ')} UTC: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, node ${m.node}, 1-min load ${m.loadAtStart.toFixed(1)} at start and ${m.loadAtEnd.toFixed(1)} at end.`,
]
for (const s of doc.sections) {
  lines.push('', `#### ${s.name} (load ${s.load[0].toFixed(1)} → ${s.load[1].toFixed(1)})`, '')
  if (s.error) lines.push(`Error: ${s.error.split('\n')[0]}`, '')
  if (s.metrics.length === 0) continue
  lines.push('| metric | measured | target | result |', '| --- | --- | --- | --- |', ...s.metrics.map(row))
}
process.stdout.write(`${lines.join('\n')}\n`)
