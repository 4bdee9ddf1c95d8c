/**
 * The CLI's own `analyze --json` run in-process for a tool call: the same reader, memory budget,
 * probe plan, API descriptions, redaction and report. A HAR handed over inline is written to a
 * private temporary file first, so it meets exactly the limits a file on disk does.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { main } from '../cli/main'
import type { Lang } from '../core/i18n'
import type { ProbeScheduler } from '../core/probe/scheduler'
import type { ProbeFetch } from '../core/probe/send-step'
import type { Report } from '../core/report'

export interface AnalysisOptions {
  probe?: 'options' | 'full'
  openapi?: string
  lang?: Lang
  failOn?: 'error' | 'warning' | 'info' | 'never'
  /** What the report names as its source instead of a temporary file's name. */
  source?: string
}

export interface AnalysisDeps {
  scheduler: ProbeScheduler
  probeScope: (origin: string) => boolean
  probeFetch?: ProbeFetch
}

export type Analysis = { report: Report; notes: string[]; failed: boolean } | { error: string }

/** The CLI's stderr lines, without its name in front. */
const lines = (s: string): string[] =>
  s
    .split('\n')
    .map((l) => l.replace(/^method-doctor: /, '').trim())
    .filter((l) => l !== '')

/** Analyses a HAR file on disk; every failure the CLI would print becomes `{ error }`. */
export async function analyzeFile(
  path: string,
  opts: AnalysisOptions,
  deps: AnalysisDeps,
): Promise<Analysis> {
  // Absolute: never "-" (stdin carries the protocol) and never read as an option.
  const argv = ['analyze', resolve(path), '--json', '--fail-on', opts.failOn ?? 'error']
  if (opts.probe) argv.push(`--probe=${opts.probe}`)
  if (opts.openapi !== undefined) argv.push(`--openapi=${opts.openapi}`)
  if (opts.lang) argv.push(`--lang=${opts.lang}`)
  let out = ''
  let err = ''
  const described: { id: string; text: string }[] = []
  const code = await main(argv, {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    isTTY: false,
    env: process.env,
    scheduler: deps.scheduler,
    probeScope: deps.probeScope,
    probeFetch: deps.probeFetch,
    onOpenApiNote: (id, text) => described.push({ id, text }),
  })
  if (code === 2 || out === '') {
    // The first line is the reason; the usage text after it is about the command line.
    return { error: lines(err)[0] ?? 'The capture could not be analysed.' }
  }
  // A description asked for by name that could not be used (too large, hostile, missing) is the
  // caller's error, not a note: the findings would silently lack what it declares.
  const problem = described.find((d) => d.id !== 'cli_openapi_loaded')
  if (
    opts.openapi !== undefined &&
    opts.openapi !== 'auto' &&
    problem &&
    !described.some((d) => d.id === 'cli_openapi_loaded')
  )
    return { error: problem.text }
  const report = JSON.parse(out) as Report
  if (opts.source !== undefined) report.source = opts.source
  return { report, notes: lines(err), failed: code === 1 }
}

/** Analyses a HAR document given as data, through a private temporary file. */
export async function analyzeDocument(
  doc: unknown,
  opts: AnalysisOptions,
  deps: AnalysisDeps,
): Promise<Analysis> {
  const dir = await mkdtemp(join(tmpdir(), 'method-doctor-mcp-'))
  try {
    const file = join(dir, 'capture.har')
    await writeFile(file, JSON.stringify(doc), { mode: 0o600 })
    const result = await analyzeFile(file, opts, deps)
    // A reason that quotes the file names the temporary path: name the input instead.
    if ('error' in result) return { error: result.error.split(file).join(opts.source ?? 'the HAR') }
    return result
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
