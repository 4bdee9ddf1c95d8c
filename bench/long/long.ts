import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { log } from '../lib/log'
import { CORE_JS, ROOT } from '../lib/paths'
import { type Metric, metric } from '../lib/report'

export interface LongResult {
  entries: number
  counted: number
  checkpoint: number
  heapAtCheckpoint: number
  heapAtEnd: number
  growth: number
  rss: number
  msToCheckpoint: number
  totalMs: number
  findings: number
  failingEndpoints: number
  failures: number
  approxExpected: number
  approxShown: number
  misses: number
  missSamples: { endpoint: string; why: string }[]
}

const CHILD = resolve(ROOT, 'bench/long/child.ts')
const MB = 1024 * 1024

function runChild(entries: number, checkpoint: number): Promise<LongResult> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', CHILD, CORE_JS, String(entries), String(checkpoint)],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    let err = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d
    })
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      if (err.length < 4000) err += d
    })
    child.on('error', fail)
    child.on('close', (code) => {
      if (code !== 0) fail(new Error(`long child exited ${code}: ${err.slice(0, 1000)}`))
      else done(JSON.parse(out) as LongResult)
    })
  })
}

/**
 * A session that never ends: 1M entries on ever-new URLs through the built engine, in one fresh
 * process. The baseline is the same run's heap at 200k entries; the target is how much it grows
 * from there to 1M, with every failing endpoint still found.
 */
export async function runLong(
  entries = 1_000_000,
  checkpoint = 200_000,
): Promise<{
  metrics: Metric[]
  details: unknown
}> {
  const r = await runChild(entries, checkpoint)
  log(
    `long: heap ${(r.heapAtCheckpoint / MB).toFixed(1)} MB at ${checkpoint / 1000}k, ${(r.heapAtEnd / MB).toFixed(1)} MB at ${entries / 1000}k; ${r.misses} misses of ${r.failingEndpoints} failing endpoints`,
  )
  for (const m of r.missSamples) log(`long: ${m.endpoint}: ${m.why}`)
  const k = (n: number): string => `${n / 1000}k`
  const metrics = [
    metric(
      'long.heap_checkpoint',
      `engine heap after GC at ${k(checkpoint)} entries (baseline)`,
      r.heapAtCheckpoint / MB,
      'MB',
    ),
    metric('long.heap_end', `engine heap after GC at ${k(entries)} entries`, r.heapAtEnd / MB, 'MB'),
    metric(
      'long.growth',
      `heap growth ${k(checkpoint)} → ${k(entries)}, ever-new URLs`,
      r.growth / MB,
      'MB',
      {
        op: '<=',
        limit: 16,
      },
    ),
    metric(
      'long.missed',
      `failing endpoints not found with their evidence (of ${r.failingEndpoints})`,
      r.misses,
      '',
      { op: '==', limit: 0 },
    ),
    metric('long.counted', 'requests not counted (of every entry sent)', r.entries - r.counted, '', {
      op: '==',
      limit: 0,
    }),
    metric(
      'long.per_entry',
      'per entry incl. publishes (total / entries)',
      (r.totalMs * 1000) / r.entries,
      'µs',
    ),
  ]
  return { metrics, details: r }
}
