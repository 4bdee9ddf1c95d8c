import { mkdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { log } from '../lib/log'
import { CLI_JS, ROOT, RUNS, sizeLabel } from '../lib/paths'
import { type ProcRun, rssSource, timedRun } from '../lib/proc'
import { type Metric, metric } from '../lib/report'
import { median } from '../lib/stats'
import type { Workload } from '../workloads/workloads'

const FLOOR = resolve(ROOT, 'bench/batch/floor.mjs')
export const JQ_FILTER = '[.log.entries[] | select(.response.status == 405)]'
/** The CLI refuses files above 256 MB by default; the big workload needs the documented override. */
const CLI_DEFAULT_MAX_MB = 256

type Tool = 'floor' | 'analyze' | 'jq'

interface SizeDetails {
  entries: number
  bytes: number
  runs: Record<Tool, ProcRun[]>
  medianMs: Record<Tool, number>
  peakRssKb: Record<Tool, number | null>
  findings: number
  jq405: number
  env: Record<string, string>
}

function command(tool: Tool, file: string): [string, string[]] {
  if (tool === 'floor') return [process.execPath, [FLOOR, file]]
  if (tool === 'analyze') return [process.execPath, [CLI_JS, 'analyze', file, '--json']]
  return ['jq', [JQ_FILTER, file]]
}

function maxOf(runs: readonly ProcRun[]): number | null {
  const xs = runs.map((r) => r.maxRssKb).filter((x): x is number => x !== null)
  return xs.length === 0 ? null : Math.max(...xs)
}

async function measureSize(w: Workload, runs: number): Promise<SizeDetails> {
  mkdirSync(RUNS, { recursive: true })
  const label = sizeLabel(w.entries)
  const mb = w.stats.bytes / 1048576
  const env: Record<string, string> =
    mb > CLI_DEFAULT_MAX_MB ? { METHOD_DOCTOR_MAX_MB: String(Math.ceil(mb) + 64) } : {}
  const out = (tool: Tool): string => resolve(RUNS, `${tool}-${label}.out`)
  const run = (tool: Tool): Promise<ProcRun> => {
    const [cmd, args] = command(tool, w.file)
    // analyze exits 1 when it found errors: that is its normal answer here.
    return timedRun(cmd, args, {
      stdoutFile: out(tool),
      env: tool === 'analyze' ? env : {},
      okCodes: tool === 'analyze' ? [0, 1] : [0],
    })
  }
  // One unmeasured pass warms the page cache and any lazy OS state.
  await run('floor')
  await run('analyze')
  const results: Record<Tool, ProcRun[]> = { floor: [], analyze: [], jq: [] }
  const order: Tool[] = ['floor', 'analyze', 'jq']
  for (let i = 0; i < runs; i++) {
    // Rotate the order so drifting machine load does not favour one tool.
    for (let j = 0; j < order.length; j++) {
      const tool = order[(i + j) % order.length]!
      results[tool].push(await run(tool))
    }
    log(
      `  ${label} round ${i + 1}/${runs}: ${order.map((t) => `${t} ${Math.round(results[t].at(-1)!.wallMs)} ms`).join(', ')}`,
    )
  }
  const report = JSON.parse(readFileSync(out('analyze'), 'utf8')) as { findings: unknown[] }
  const jq405 = (JSON.parse(readFileSync(out('jq'), 'utf8')) as unknown[]).length
  const med = (t: Tool): number => median(results[t].map((r) => r.wallMs))
  return {
    entries: w.entries,
    bytes: w.stats.bytes,
    runs: results,
    medianMs: { floor: med('floor'), analyze: med('analyze'), jq: med('jq') },
    peakRssKb: { floor: maxOf(results.floor), analyze: maxOf(results.analyze), jq: maxOf(results.jq) },
    findings: report.findings.length,
    jq405,
    env,
  }
}

/** Sections 2 and 3: whole-process analyze against the read+parse floor and the jq one-liner. */
export async function runBatch(
  workloads: readonly Workload[],
  runs: number,
): Promise<{ metrics: Metric[]; details: unknown }> {
  const metrics: Metric[] = []
  const sizes: Record<string, SizeDetails> = {}
  for (const w of workloads) {
    const label = sizeLabel(w.entries)
    log(
      `batch: ${label} (${(w.stats.bytes / 1048576).toFixed(1)} MB), ${runs} runs each of floor, analyze, jq`,
    )
    const d = await measureSize(w, runs)
    sizes[label] = d
    const big = w.entries === 100_000
    const rss = d.peakRssKb.analyze
    const engineUs = ((d.medianMs.analyze - d.medianMs.floor) * 1000) / w.entries
    metrics.push(
      metric(`batch.${label}.floor`, `read+parse floor, ${label} (median)`, d.medianMs.floor, 'ms'),
      metric(`batch.${label}.analyze`, `analyze --json, ${label} (median)`, d.medianMs.analyze, 'ms'),
      metric(`batch.${label}.jq`, `jq one-liner, ${label} (median)`, d.medianMs.jq, 'ms'),
      metric(
        `batch.${label}.analyze_vs_floor`,
        `analyze / floor, ${label}`,
        d.medianMs.analyze / d.medianMs.floor,
        '×',
        big ? { op: '<=', limit: 1.5 } : undefined,
      ),
      metric(
        `batch.${label}.analyze_vs_jq`,
        `analyze / jq, ${label}`,
        d.medianMs.analyze / d.medianMs.jq,
        '×',
        { op: '<', limit: 1 },
      ),
      metric(`batch.${label}.rss`, `analyze peak RSS, ${label}`, rss === null ? null : rss / 1024, 'MB'),
      metric(
        `batch.${label}.rss_vs_file`,
        `analyze peak RSS / file size, ${label}`,
        rss === null ? null : (rss * 1024) / w.stats.bytes,
        '×',
        big ? { op: '<=', limit: 3 } : undefined,
        big ? undefined : 'small files: node’s ~45 MB baseline dominates',
      ),
      metric(
        `batch.${label}.us_per_entry`,
        `analyze wall time per entry, ${label}`,
        (d.medianMs.analyze * 1000) / w.entries,
        'µs',
      ),
      metric(`batch.${label}.engine_us_per_entry`, `(analyze − floor) per entry, ${label}`, engineUs, 'µs'),
    )
  }
  const small = sizes[sizeLabel(10_000)]
  const large = sizes[sizeLabel(100_000)]
  if (small && large) {
    // Whole-process time per entry: (analyze − floor) is a difference of two noisy medians, and
    // once analyze beats the floor (it parses entry by entry) it goes negative and means nothing.
    const per = (d: SizeDetails): number => d.medianMs.analyze / d.entries
    metrics.push(
      metric(
        'batch.linearity',
        'linearity: analyze time per entry, 100k / 10k',
        per(large) / per(small),
        '×',
        { op: '<=', limit: 1.5 },
        '1.0 = perfectly linear',
      ),
    )
  }
  return { metrics, details: { rssSource: rssSource(), jqFilter: JQ_FILTER, sizes } }
}
