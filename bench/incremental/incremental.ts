import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { log } from '../lib/log'
import { CORE_JS, ROOT } from '../lib/paths'
import { type Metric, metric } from '../lib/report'
import { median, summarize } from '../lib/stats'
import type { Workload } from '../workloads/workloads'

interface ChildResult {
  addUs: number[]
  publishUs: number[]
  totalMs: number
  entries: number
  findings: number
  upserts: number
}

const TSX = resolve(ROOT, 'node_modules/.bin/tsx')
const CHILD = resolve(ROOT, 'bench/incremental/child.ts')

function runChild(file: string): Promise<ChildResult> {
  return new Promise((done, fail) => {
    const child = spawn(TSX, [CHILD, file, CORE_JS], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d
    })
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d
    })
    child.on('error', fail)
    child.on('close', (code) => {
      if (code !== 0) fail(new Error(`incremental child exited ${code}: ${err.slice(0, 1000)}`))
      else done(JSON.parse(out) as ChildResult)
    })
  })
}

/** Section 4: per-entry cost of the incremental engine at 10k entries, each run a fresh process. */
export async function runIncremental(
  w: Workload,
  runs: number,
): Promise<{ metrics: Metric[]; details: unknown }> {
  const results: ChildResult[] = []
  for (let i = 0; i < runs; i++) {
    results.push(await runChild(w.file))
    log(`incremental: run ${i + 1}/${runs}: median ${median(results.at(-1)!.addUs).toFixed(2)} µs/entry`)
  }
  const all = results.flatMap((r) => r.addUs)
  const add = summarize(all)
  // Warm: the second half of each run, once the JIT has seen every shape.
  const warm = summarize(results.flatMap((r) => r.addUs.slice(r.addUs.length >> 1)))
  const publish = summarize(results.flatMap((r) => r.publishUs))
  const amortised = median(results.map((r) => (r.totalMs * 1000) / r.entries))
  const metrics = [
    metric(
      'incremental.median',
      `engine.add, ${w.entries / 1000}k fed one by one (median)`,
      add.median,
      'µs',
      { op: '<=', limit: 20 },
    ),
    metric('incremental.p99', 'engine.add p99', add.p99, 'µs'),
    metric('incremental.max', 'engine.add worst entry', add.max, 'µs'),
    metric('incremental.amortised', 'per entry incl. publishes (total / entries)', amortised, 'µs'),
    metric(
      'incremental.publish_p99',
      'takeChanges + takeProbeTargets per 400-entry slice, p99',
      publish.p99,
      'µs',
    ),
  ]
  return {
    metrics,
    details: {
      entries: w.entries,
      runs,
      add,
      warmSecondHalf: warm,
      publish,
      amortisedUs: amortised,
      findings: results[0]?.findings,
      perRunMedianUs: results.map((r) => median(r.addUs)),
      perRunTotalMs: results.map((r) => r.totalMs),
    },
  }
}
