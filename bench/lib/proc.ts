import { spawn, spawnSync } from 'node:child_process'
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { resolve } from 'node:path'
import { ROOT } from './paths'

export interface ProcRun {
  wallMs: number
  /** Peak resident set in KiB, or null when nothing could measure it. */
  maxRssKb: number | null
  /** CPU seconds (user + system), or null without /usr/bin/time. */
  cpuS: number | null
  exitCode: number
}

export interface RunOptions {
  /** Where the command's stdout goes (default /dev/null). */
  stdoutFile?: string
  env?: Record<string, string>
  /** Exit codes that count as success (default [0]). */
  okCodes?: readonly number[]
}

const GNU_TIME = '/usr/bin/time'
/** Reports a node process's own peak RSS at exit, for machines without GNU time. */
const RSS_HOOK = resolve(ROOT, 'bench/lib/rss-hook.mjs')

export function hasGnuTime(): boolean {
  if (!existsSync(GNU_TIME)) return false
  return spawnSync(GNU_TIME, ['-f', '%M', 'true'], { stdio: 'ignore' }).status === 0
}

const gnuTime = hasGnuTime()

export function rssSource(): string {
  return gnuTime ? '/usr/bin/time (GNU, %M)' : 'process.resourceUsage().maxRSS via --import hook (node only)'
}

let seq = 0

/**
 * Runs a command as a whole process and times it from spawn to exit. Peak RSS comes from
 * GNU time when installed, else from a preloaded hook in node commands.
 */
export async function timedRun(
  cmd: string,
  args: readonly string[],
  opts: RunOptions = {},
): Promise<ProcRun> {
  const report = resolve(tmpdir(), `md-bench-${process.pid}-${seq++}.txt`)
  const isNode = cmd === process.execPath
  let file = cmd
  let argv = [...args]
  const env: Record<string, string> = { ...(process.env as Record<string, string>), ...opts.env }
  if (gnuTime) {
    file = GNU_TIME
    argv = ['-f', '%M %U %S', '-o', report, cmd, ...args]
  } else if (isNode) {
    argv = ['--import', RSS_HOOK, ...args]
    env.MD_BENCH_RSS_FILE = report
  }
  const out = openSync(opts.stdoutFile ?? '/dev/null', 'w')
  try {
    const started = performance.now()
    const { code, stderr } = await new Promise<{ code: number; stderr: string }>((done, fail) => {
      const child = spawn(file, argv, { stdio: ['ignore', out, 'pipe'], env })
      let err = ''
      child.stderr?.setEncoding('utf8')
      child.stderr?.on('data', (d: string) => {
        if (err.length < 4000) err += d
      })
      child.on('error', fail)
      child.on('close', (c) => done({ code: c ?? -1, stderr: err }))
    })
    const wallMs = performance.now() - started
    if (!(opts.okCodes ?? [0]).includes(code)) {
      throw new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr.trim().slice(0, 500)}`)
    }
    const parsed = readReport(report)
    return { wallMs, maxRssKb: parsed.rss, cpuS: parsed.cpu, exitCode: code }
  } finally {
    closeSync(out)
    rmSync(report, { force: true })
  }
}

function readReport(path: string): { rss: number | null; cpu: number | null } {
  if (!existsSync(path)) return { rss: null, cpu: null }
  // GNU time prefixes "Command exited with non-zero status N" on its own line.
  const line = readFileSync(path, 'utf8').trim().split('\n').pop() ?? ''
  const [rss, user, sys] = line.split(/\s+/).map(Number)
  return {
    rss: Number.isFinite(rss) ? rss! : null,
    cpu: user !== undefined && sys !== undefined && Number.isFinite(user + sys) ? user + sys : null,
  }
}

/** Runs a command to completion and returns its stdout (for version strings and builds). */
export function capture(cmd: string, args: readonly string[], env?: Record<string, string>): string {
  const r = spawnSync(cmd, args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 << 20,
  })
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${(r.stderr ?? '').slice(0, 2000)}`)
  return r.stdout
}
