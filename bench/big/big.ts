/**
 * The big-file section (issue 18): the CLI on a generated 1.2 GB HAR, run exactly as a user runs
 * it (no METHOD_DOCTOR_MAX_MB), beside its baselines from the same run: the read+parse floor's
 * time per byte on the largest workload it can read (100k; JSON.parse cannot hold 1.2 GB as one
 * string, and that attempt is recorded too), one bounded jq attempt, and the findings of the
 * benchmark's own reference read of the same file.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { resolve } from 'node:path'
import { pickLang } from '../../src/core/i18n'
import type { ByteSize } from '../lib/args'
import { busyPct, cpuSnapshot } from '../lib/cpu'
import { log } from '../lib/log'
import { CLI_JS, ROOT, RUNS, WORKLOADS } from '../lib/paths'
import { cpuByGroup, procTable } from '../lib/procstat'
import { type Metric, metric } from '../lib/report'
import { median } from '../lib/stats'
import { ensureWorkloads, fingerprint, type Workload } from '../workloads/workloads'
import { type BigWorkload, ensureBigWorkload } from './big-workload'
import { type BoundedOptions, type BoundedRun, boundedRun, failureReason, succeeded } from './bounded-run'
import { type ComparableFinding, compareFindings, type FindingsDiff } from './compare-findings'
import { referenceFindings } from './reference'

const FLOOR = resolve(ROOT, 'bench/batch/floor.mjs')
const JQ_FILTER = '[.log.entries[] | select(.response.status == 405)]'
/**
 * jq's bound: 4 GB of address space (8× the CLI's target) and 5 minutes. jq 1.6 peaked at 6.7×
 * the file on the 100k workload here, so a gigabyte file needs far more than a shared machine
 * should hand one process.
 */
const JQ_MEMORY = 4 * 2 ** 30
const JQ_TIMEOUT_MS = 300_000
/** Far beyond any plausible run: only a hang reaches it. */
const RUN_TIMEOUT_MS = 900_000
const ANALYZE_OK = [0, 1] as const

export interface BigOptions {
  size: ByteSize
  runs: number
}

type Tool = 'floor' | 'analyze'

interface Attempt {
  ran: boolean
  run: BoundedRun | null
  reason: string | null
}

/** This environment without Method Doctor's own variables: the CLI runs with its defaults, as for a user. */
function userEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (kv): kv is [string, string] => kv[1] !== undefined && !kv[0].startsWith('METHOD_DOCTOR_'),
    ),
  )
}

function hasPrlimit(): boolean {
  return spawnSync('prlimit', ['--version'], { stdio: 'ignore' }).status === 0
}

const mb = (kb: number | null): number | null => (kb === null ? null : kb / 1024)

async function attempt(
  cmd: string,
  args: readonly string[],
  o: BoundedOptions,
): Promise<Attempt & { run: BoundedRun }> {
  const run = await boundedRun(cmd, args, o)
  const ran = succeeded(run, o.okCodes)
  // Reasons go into labels: the workloads' folder is said once, in the docs.
  return { ran, run, reason: ran ? null : failureReason(run, o).replaceAll(`${WORKLOADS}/`, '') }
}

export async function runBig(o: BigOptions): Promise<{ metrics: Metric[]; details: unknown }> {
  const [base] = (await ensureWorkloads([100_000])) as [Workload]
  const big: BigWorkload = await ensureBigWorkload(o.size, base)
  const label = big.label
  mkdirSync(RUNS, { recursive: true })
  const analyzeOut = resolve(RUNS, `analyze-${label}.out`)
  const cmd: Record<Tool, [string, string[], BoundedOptions]> = {
    floor: [process.execPath, [FLOOR, base.file], { timeoutMs: RUN_TIMEOUT_MS }],
    analyze: [
      process.execPath,
      [CLI_JS, 'analyze', big.file, '--json'],
      { stdoutFile: analyzeOut, timeoutMs: RUN_TIMEOUT_MS, okCodes: ANALYZE_OK, env: userEnv() },
    ],
  }
  log(
    `big: ${label} = ${(big.stats.bytes / 2 ** 20).toFixed(0)} MB, ${big.entries.toLocaleString('en')} entries; floor on 100k (${(base.stats.bytes / 2 ** 20).toFixed(0)} MB)`,
  )

  // JSON.parse of the big file itself: expected to fail (V8's longest string is ~512 MB).
  const floorOnBig = await attempt(process.execPath, [FLOOR, big.file], { timeoutMs: RUN_TIMEOUT_MS })
  log(
    `  floor on ${label}: ${floorOnBig.ran ? `${Math.round(floorOnBig.run.wallMs)} ms` : floorOnBig.reason}`,
  )

  // Unmeasured warm-up (page cache); the CLI's first answer also tells whether it takes the file.
  await attempt(...cmd.floor)
  const warm = await attempt(...cmd.analyze)
  const refusal = warm.ran ? null : warm.reason
  if (refusal) log(`  analyze did not read ${label}: ${refusal}`)

  const runs: Record<Tool, BoundedRun[]> = { floor: [], analyze: [] }
  const tools: Tool[] = refusal ? ['floor'] : ['floor', 'analyze']
  const cpu0 = cpuSnapshot()
  const procs0 = procTable()
  const loads: number[] = [loadavg()[0]!]
  for (let i = 0; i < o.runs; i++) {
    for (let j = 0; j < tools.length; j++) {
      const tool = tools[(i + j) % tools.length]!
      const a = await attempt(...cmd[tool])
      if (!a.ran) throw new Error(`${tool} failed in round ${i + 1}: ${a.reason}`)
      runs[tool].push(a.run)
    }
    loads.push(loadavg()[0]!)
    log(
      `  round ${i + 1}/${o.runs}: ${tools.map((t) => `${t} ${Math.round(runs[t].at(-1)!.wallMs)} ms`).join(', ')}`,
    )
  }
  const busy = busyPct(cpu0, cpuSnapshot())
  const others = cpuByGroup(procs0, procTable(), { bench: process.pid })['rest of the machine'] ?? 0

  log(`  jq on ${label}, once, within ${JQ_MEMORY / 2 ** 30} GB and ${JQ_TIMEOUT_MS / 1000} s`)
  const jq: Attempt = hasPrlimit()
    ? await attempt('jq', [JQ_FILTER, big.file], {
        stdoutFile: resolve(RUNS, `jq-${label}.out`),
        memoryLimit: JQ_MEMORY,
        timeoutMs: JQ_TIMEOUT_MS,
      })
    : { ran: false, run: null, reason: 'prlimit is missing, and jq is never run here without a memory limit' }
  log(`  jq: ${jq.run && jq.ran ? `${Math.round(jq.run.wallMs)} ms` : jq.reason}`)

  const lang = pickLang(process.env.LANG)
  const ref = await referenceFindings(big.file, label, { fingerprint: fingerprint(), stats: big.stats }, lang)
  let diff: FindingsDiff | null = null
  if (!refusal) {
    const report = JSON.parse(readFileSync(analyzeOut, 'utf8')) as { findings: ComparableFinding[] }
    diff = compareFindings(ref.findings, report.findings)
    log(
      `  findings: ${diff.actual} from the CLI, ${diff.expected} expected; ${diff.differing} differ${diff.sameOrder ? '' : ' (order differs)'}`,
    )
  }

  const med = (t: Tool): number | null => (runs[t].length === 0 ? null : median(runs[t].map((r) => r.wallMs)))
  const peak = (t: Tool): number | null => {
    const xs = runs[t].map((r) => r.maxRssKb).filter((x): x is number => x !== null)
    return xs.length === 0 ? null : Math.max(...xs)
  }
  const floorMs = med('floor')
  const analyzeMs = med('analyze')
  const nsPerByte = (ms: number | null, bytes: number): number | null =>
    ms === null ? null : (ms * 1e6) / bytes
  const floorNs = nsPerByte(floorMs, base.stats.bytes)
  const analyzeNs = nsPerByte(analyzeMs, big.stats.bytes)
  const rss = mb(peak('analyze'))
  const jqMs = jq.ran && jq.run ? jq.run.wallMs : null
  const jqNs = nsPerByte(jqMs, big.stats.bytes)
  const metrics: Metric[] = [
    metric(`big.${label}.bytes`, `${label} workload: file size`, big.stats.bytes / 2 ** 20, 'MB'),
    metric(`big.${label}.entries`, `${label} workload: entries`, big.entries, 'entries'),
    metric(
      `big.${label}.floor_on_file`,
      floorOnBig.ran
        ? `read+parse floor on the ${label} file itself (1 run)`
        : `read+parse floor on the ${label} file itself: could not run (${floorOnBig.reason})`,
      floorOnBig.ran ? floorOnBig.run.wallMs : null,
      'ms',
    ),
    metric(`big.${label}.floor`, 'read+parse floor, 100k (median)', floorMs, 'ms'),
    metric(`big.${label}.floor_ns_per_byte`, 'read+parse floor per byte, 100k', floorNs, 'ns/B'),
    metric(
      `big.${label}.analyze`,
      refusal
        ? `analyze --json, ${label}: did not read it (${refusal})`
        : `analyze --json, ${label} (median)`,
      analyzeMs,
      'ms',
    ),
    metric(`big.${label}.analyze_ns_per_byte`, `analyze per byte, ${label}`, analyzeNs, 'ns/B'),
    metric(
      `big.${label}.analyze_vs_floor`,
      `analyze per byte (${label}) / floor per byte (100k)`,
      analyzeNs === null || floorNs === null ? null : analyzeNs / floorNs,
      '×',
      { op: '<=', limit: 0.7 },
    ),
    metric(`big.${label}.rss`, `analyze peak RSS, ${label}`, rss, 'MB', { op: '<=', limit: 512 }),
    metric(
      `big.${label}.rss_vs_file`,
      `analyze peak RSS / file size, ${label}`,
      rss === null ? null : (rss * 2 ** 20) / big.stats.bytes,
      '×',
    ),
    metric(
      `big.${label}.jq`,
      jq.ran
        ? `jq one-liner, ${label} (1 run, within ${JQ_MEMORY / 2 ** 30} GB)`
        : `jq one-liner, ${label}: could not run within ${JQ_MEMORY / 2 ** 30} GB and ${JQ_TIMEOUT_MS / 1000} s (${jq.reason})`,
      jqMs,
      'ms',
    ),
  ]
  if (jq.ran && jq.run) {
    metrics.push(
      metric(`big.${label}.jq_rss`, `jq peak RSS, ${label}`, mb(jq.run.maxRssKb), 'MB'),
      metric(
        `big.${label}.analyze_vs_jq`,
        `analyze / jq, ${label}`,
        analyzeNs === null || jqNs === null ? null : analyzeNs / jqNs,
        '×',
        { op: '<', limit: 1 },
      ),
    )
  }
  metrics.push(
    metric(
      `big.${label}.findings_expected`,
      `findings expected (reference read), ${label}`,
      ref.findings.length,
      'findings',
    ),
    metric(
      `big.${label}.findings_differing`,
      `findings differing from the reference (missing, extra, count or fields), ${label}`,
      diff === null ? null : diff.differing,
      'findings',
      { op: '==', limit: 0 },
    ),
    metric(`big.${label}.busy`, 'all cores busy during the rounds (/proc/stat)', busy, '%'),
    metric(`big.${label}.others`, 'other processes on the machine during the rounds', others, '% core'),
  )
  return {
    metrics,
    details: {
      workload: { file: big.file, targetBytes: big.targetBytes, ...big.stats },
      floorWorkload: { file: base.file, ...base.stats },
      floorOnFile: floorOnBig,
      refusal,
      runs,
      loads,
      jq: { filter: JQ_FILTER, memoryLimit: JQ_MEMORY, timeoutMs: JQ_TIMEOUT_MS, ...jq },
      reference: { stats: ref.stats, ms: ref.ms, peakRssKb: ref.peakRssKb, cached: ref.cached, lang },
      findings: diff,
    },
  }
}
