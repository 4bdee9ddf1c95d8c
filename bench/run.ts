/**
 * `npm run bench`: builds from src/ into bench/out/build, generates the seeded workloads,
 * runs every section, prints the summary table and writes bench/out/results.json.
 * See docs/benchmarks.md for what each number means and how to reproduce it.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { runBatch } from './batch/batch'
import { runBig } from './big/big'
import { runPanel } from './browser/panel'
import { runProbe } from './browser/probe'
import { runIncremental } from './incremental/incremental'
import { parseArgs, type Section } from './lib/args'
import { buildChrome, buildLib } from './lib/build'
import { log } from './lib/log'
import { OUT, RESULTS } from './lib/paths'
import { hasGnuTime } from './lib/proc'
import { type Metric, type SectionResult, table } from './lib/report'
import { runLong } from './long/long'
import { runProfile } from './profile/profile'
import { runSize } from './size/size'
import { ensureWorkloads } from './workloads/workloads'

const args = parseArgs(process.argv.slice(2))
const want = (s: Section): boolean => args.sections.has(s)
mkdirSync(OUT, { recursive: true })
const startedAt = new Date()

if (args.build) {
  if (want('batch') || want('big') || want('incremental') || want('profile') || want('long')) await buildLib()
  if (want('panel') || want('probe') || want('size')) await buildChrome()
}
const needsWorkloads = want('batch') || want('incremental') || want('profile')
const workloads = needsWorkloads ? await ensureWorkloads(args.sizes) : []
const tenK = workloads.find((w) => w.entries === 10_000) ?? workloads[0]

const results: SectionResult[] = []

async function section(
  name: string,
  run: () => Promise<{ metrics: Metric[]; details: unknown }>,
): Promise<void> {
  const load0 = loadavg()[0]!
  const t0 = performance.now()
  log(`── ${name} (load ${load0.toFixed(2)})`)
  try {
    const r = await run()
    results.push({ name, ...r, load: [load0, loadavg()[0]!], seconds: (performance.now() - t0) / 1000 })
  } catch (err) {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err)
    log(`${name} failed: ${message}`)
    results.push({
      name,
      metrics: [],
      details: null,
      load: [load0, loadavg()[0]!],
      seconds: (performance.now() - t0) / 1000,
      error: message,
    })
  }
}

if (want('size')) await section('size', () => runSize())
if (want('batch')) await section('batch', () => runBatch(workloads, args.runs))
if (want('big')) await section('big', () => runBig({ size: args.big, runs: args.runs }))
if (want('incremental') && tenK) await section('incremental', () => runIncremental(tenK, args.runs))
if (want('long')) await section('long', () => runLong())
if (want('probe')) await section('probe', () => runProbe({ headed: args.headed, curlRuns: 30 }))
if (want('panel'))
  await section('panel', () =>
    runPanel({ headed: args.headed, profile: args.profile, requests: args.panelRequests }),
  )
if (want('profile')) {
  const missed = results
    .flatMap((r) => r.metrics)
    .filter((m) => m.verdict === 'fail')
    .map((m) => m.id)
  await section('profile', () => runProfile({ workloads, missed, force: args.profile }))
}

const metrics = results.flatMap((r) => r.metrics)
const cpu = cpus()
const machine = {
  cpus: cpu.length,
  cpuModel: cpu[0]?.model ?? 'unknown',
  memoryGb: Math.round(totalmem() / 1073741824),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  gnuTime: hasGnuTime(),
  loadAtStart: results[0]?.load[0] ?? loadavg()[0]!,
  loadAtEnd: loadavg()[0]!,
}
const doc = {
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  args: { ...args, sections: [...args.sections] },
  machine,
  workloads: workloads.map((w) => ({ file: w.file, ...w.stats })),
  metrics,
  sections: results,
}
writeFileSync(RESULTS, `${JSON.stringify(doc, null, 2)}\n`)

const out: string[] = []
for (const r of results) {
  out.push(
    '',
    `${r.name}  (${r.seconds.toFixed(0)} s, load ${r.load[0].toFixed(2)} → ${r.load[1].toFixed(2)})`,
  )
  if (r.error) out.push(`  ERROR: ${r.error.split('\n')[0]}`)
  if (r.metrics.length > 0) out.push(table(r.metrics))
}
const failed = metrics.filter((m) => m.verdict === 'fail' || m.verdict === 'error')
const busy = results.filter((r) => r.load[0] > machine.cpus)
if (busy.length > 0) {
  out.push(
    '',
    `note: the machine was busy (1-min load above ${machine.cpus} cores) when ${busy.map((r) => r.name).join(', ')} started: timings are inflated`,
  )
}
const targets = metrics.filter((m) => m.target)
out.push(
  '',
  `${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, node ${machine.node}; load ${machine.loadAtStart.toFixed(2)} at start, ${machine.loadAtEnd.toFixed(2)} at end`,
  `targets: ${targets.length - failed.length}/${targets.length} met${failed.length ? `; missed: ${failed.map((m) => m.id).join(', ')}` : ''}`,
  `results: ${RESULTS}`,
)
process.stdout.write(`${out.join('\n')}\n`)
const errored = results.some((r) => r.error)
process.exitCode = errored ? 2 : args.strict && failed.length > 0 ? 1 : 0
