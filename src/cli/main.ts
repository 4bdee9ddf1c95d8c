import { formatJunit } from '../core/format/junit'
import { formatMarkdown } from '../core/format/markdown'
import { formatText, terminalSafe } from '../core/format/text'
import { findingTranslator } from '../core/messages-bundle'
import type { ProbeScheduler } from '../core/probe/scheduler'
import type { ProbeFetch } from '../core/probe/send-step'
import { buildReport } from '../core/report'
import { SEVERITY_RANK } from '../core/types'
import { siteOf } from '../core/url'
import { cliScheduler, planProbes, probeAll, probeTargets } from '../node/node-probe'
import { VERSION } from '../node/version'
import { ArgError, type CliArgs, errorLang, parseArgs } from './args'
import { type Captures, readCaptures } from './read-captures'
import { InputError, MAX_ENTRY_VALUES, memoryBudgetMb } from './read-input'

export interface Io {
  stdout: (s: string) => void
  stderr: (s: string) => void
  isTTY: boolean
  env: Record<string, string | undefined>
  /** The built reading thread (read-worker.ts): files are read and scanned there, beside the engine. */
  readerThread?: URL
  /** Sends the probes (tests inject one); by default node:http(s) behind the address guard. */
  probeFetch?: ProbeFetch
  /** Probe and description budgets shared across runs (the MCP server's, one per process). */
  scheduler?: ProbeScheduler
  /**
   * When set, an origin is probed only if this says so (the MCP server: loopback and
   * `--probe-allow`), instead of the capture's own pages' sites.
   */
  probeScope?: (origin: string) => boolean
  /** Told each API-description note's message id (`cli_openapi_loaded`, `cli_openapi_failed`, …). */
  onOpenApiNote?: (id: string, text: string) => void
}

/** Origins named on one stderr line: the first few, then how many more. */
function originList(counts: ReadonlyMap<string, number>): { count: string; origins: string } {
  const names = [...counts.keys()].sort()
  const shown = names.slice(0, 5).join(', ')
  const count = [...counts.values()].reduce((a, b) => a + b, 0)
  return { count: String(count), origins: names.length > 5 ? `${shown} (+${names.length - 5})` : shown }
}

/** Runs the CLI; returns the exit code (0 clean, 1 findings at or above --fail-on, 2 bad input). */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let args: CliArgs
  try {
    args = parseArgs(argv, io.env.LANG)
  } catch (err) {
    // Said in the language asked for, even when another argument is the one that is wrong.
    const said = findingTranslator(errorLang(argv, io.env.LANG))
    const text =
      err instanceof ArgError ? said.msg(err.id, err.params) : said.msg('cli_err_option', { option: '?' })
    io.stderr(`method-doctor: ${terminalSafe(text)}\n${said.msg('cli_usage')}\n`)
    return 2
  }
  const tr = findingTranslator(args.lang)
  if (args.command === 'help') {
    io.stdout(`${tr.msg('cli_usage')}\n`)
    return 0
  }
  if (args.command === 'version') {
    io.stdout(`${VERSION}\n`)
    return 0
  }
  if (args.command === 'mcp') {
    // The SDK is loaded only for the server: `analyze` never pays for it.
    const { runMcpServer } = await import('../mcp/server')
    await runMcpServer({ probeAllow: args.probeAllow, probeFetch: io.probeFetch })
    return 0
  }
  if (args.files.length === 0) {
    io.stderr(`method-doctor: ${tr.msg('cli_err_no_input')}\n${tr.msg('cli_usage')}\n`)
    return 2
  }
  // Options that only make sense together are refused before a byte of input is read.
  const needsProbe =
    args.openapi === 'auto'
      ? 'cli_openapi_auto_needs_probe'
      : args.probeAllow.length > 0
        ? 'cli_probe_allow_needs_probe'
        : null
  if (needsProbe !== null && !args.probe) {
    io.stderr(`method-doctor: ${tr.msg(needsProbe)}\n`)
    return 2
  }
  let captures: Captures
  try {
    captures = await readCaptures(args.files, {
      junit: args.format === 'junit',
      keepSecrets: args.includeSecrets,
      memoryMb: memoryBudgetMb(io.env),
      ...(io.readerThread ? { readerThread: io.readerThread } : {}),
    })
  } catch (err) {
    // File names and JSON.parse's reason quote the input: one line, no escapes reach the terminal.
    if (err instanceof InputError) {
      io.stderr(`method-doctor: ${terminalSafe(tr.msg(err.id, err.params))}\n`)
      return 2
    }
    const reason = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)
    io.stderr(`method-doctor: ${terminalSafe(reason)}\n`)
    return 2
  }
  const { engine, pages, checked } = captures
  for (const [file, skipped] of captures.skipped) {
    if (skipped.values > 0)
      io.stderr(
        `method-doctor: ${terminalSafe(tr.msg('cli_warn_entries_skipped', { file, count: String(skipped.values), limit: MAX_ENTRY_VALUES.toLocaleString('en') }))}\n`,
      )
    if (skipped.bytes > 0) {
      const budget = memoryBudgetMb(io.env)
      const params = { file, count: String(skipped.bytes), limit: String(budget / 2), budget: String(budget) }
      io.stderr(`method-doctor: ${terminalSafe(tr.msg('cli_warn_entries_too_big', params))}\n`)
    }
  }
  if (engine.serviceWorkerAnswers > 0)
    io.stderr(
      `method-doctor: ${tr.msg('cli_service_worker_answers', { count: String(engine.serviceWorkerAnswers) })}\n`,
    )
  // Probes go only to the sites of the capture's own pages and the origins the user allowed.
  const candidates = args.probe ? probeTargets(engine) : []
  const scope = io.probeScope
  const sites = scope
    ? new Set(candidates.flatMap((t) => siteOf(t.url) ?? []).filter((s) => scope(s)))
    : pages.origins
  const plan = planProbes(candidates, sites, scope ? new Set() : new Set(args.probeAllow))
  const targets = plan.targets
  if (plan.skipped.size > 0)
    io.stderr(
      `method-doctor: ${terminalSafe(tr.msg(scope ? 'mcp_probe_skipped' : 'cli_probe_skipped', originList(plan.skipped)))}\n`,
    )
  if (plan.forbidden.size > 0)
    io.stderr(`method-doctor: ${terminalSafe(tr.msg('cli_probe_forbidden', originList(plan.forbidden)))}\n`)
  if (targets.length > 0) {
    const methods = args.probe === 'options' ? 'OPTIONS' : 'OPTIONS, HEAD, GET'
    // Where requests will go, named before the first one (--openapi auto's too): the capture chose them.
    const perOrigin = new Map<string, number>()
    for (const t of targets) {
      const origin = new URL(t.url).origin
      perOrigin.set(origin, (perOrigin.get(origin) ?? 0) + 1)
    }
    io.stderr(`${terminalSafe(tr.msg('cli_probe_note', { ...originList(perOrigin), methods }))}\n`)
  }
  const scheduler = io.scheduler ?? cliScheduler()
  if (args.openapi !== null) {
    const origins = [...new Set(targets.map((t) => new URL(t.url).origin))]
    // The YAML parser is loaded only when a description is asked for.
    const { loadOpenApi } = await import('./openapi')
    for (const note of await loadOpenApi(engine, args.openapi, origins, (o) => scheduler.acquire(o))) {
      io.stderr(`method-doctor: ${tr.msg(note.id, note.params)}\n`)
      io.onOpenApiNote?.(note.id, tr.msg(note.id, note.params))
    }
  }
  if (targets.length > 0) await probeAll(engine, args.probe ?? 'full', targets, scheduler, io.probeFetch)
  const findings = engine.findings()
  const report = buildReport(findings, {
    lang: args.lang,
    source: args.files.map((f) => (f === '-' ? 'stdin' : f)).join(', '),
    toolVersion: VERSION,
    keepSecrets: args.includeSecrets,
  })
  // Whatever the format, say it where a CI log shows it too.
  if (args.includeSecrets) io.stderr(`method-doctor: ${tr.msg('rpt_secrets_kept')}\n`)
  const color = args.color ?? (io.isTTY && io.env.NO_COLOR === undefined)
  switch (args.format) {
    case 'json':
      io.stdout(`${JSON.stringify(report, null, 2)}\n`)
      break
    case 'markdown':
      io.stdout(formatMarkdown(report, tr))
      break
    case 'junit':
      io.stdout(formatJunit(report, tr, args.failOn, checked))
      break
    default:
      io.stdout(formatText(report, tr, { color }))
  }
  const threshold = args.failOn
  if (threshold === 'never') return 0
  return findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold]) ? 1 : 0
}
