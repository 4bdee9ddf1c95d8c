/**
 * A whole-process run that may fail and must not run away: wall time from spawn to exit, peak
 * RSS from GNU time (as the batch section), optionally an address-space limit (prlimit) and
 * always a time limit (the process group is killed). Unlike lib/proc's timedRun it returns a
 * failure with its reason instead of throwing: "could not run" is a result here.
 */
import { spawn } from 'node:child_process'
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs'
import { constants, tmpdir } from 'node:os'
import { resolve } from 'node:path'
import { hasGnuTime } from '../lib/proc'

export interface BoundedRun {
  wallMs: number
  /** Peak resident set in KiB; null without GNU time (jq) or when the process was killed early. */
  maxRssKb: number | null
  exitCode: number | null
  signal: string | null
  timedOut: boolean
  /** Last lines of stderr, for the reason of a failure. */
  stderr: string
}

export interface BoundedOptions {
  stdoutFile?: string
  /** The environment, instead of this process's. */
  env?: Record<string, string>
  /** Address-space limit in bytes (prlimit --as): allocations past it fail inside the process. */
  memoryLimit?: number
  timeoutMs: number
  /** Exit codes that mean the command did its job (analyze exits 1 when it found errors). */
  okCodes?: readonly number[]
}

const GNU_TIME = '/usr/bin/time'
const gnuTime = hasGnuTime()
const STDERR_KEEP = 4000
let seq = 0

export function succeeded(r: BoundedRun, okCodes: readonly number[] = [0]): boolean {
  return !r.timedOut && r.signal === null && r.exitCode !== null && okCodes.includes(r.exitCode)
}

/** One line saying why a run failed: time limit, signal, or the command's own last words. */
export function failureReason(r: BoundedRun, o: BoundedOptions): string {
  if (r.timedOut) return `stopped after the ${Math.round(o.timeoutMs / 1000)} s time limit`
  // Node ends an uncaught error with its version line; the error itself is the line to quote.
  const lines = r.stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^Node\.js v/.test(l))
  const last = [...lines].reverse().find((l) => /^\w*Error\b/.test(l)) ?? lines.at(-1) ?? ''
  const what = r.signal ? `killed by ${r.signal}` : `exit ${r.exitCode}`
  return last ? `${what}: ${last.slice(0, 240)}` : what
}

export async function boundedRun(
  cmd: string,
  args: readonly string[],
  o: BoundedOptions,
): Promise<BoundedRun> {
  const report = resolve(tmpdir(), `md-bench-big-${process.pid}-${seq++}.txt`)
  let argv: string[] = [cmd, ...args]
  if (o.memoryLimit !== undefined) argv = ['prlimit', `--as=${o.memoryLimit}`, '--', ...argv]
  const env: Record<string, string> = { ...(o.env ?? (process.env as Record<string, string>)) }
  if (gnuTime) argv = [GNU_TIME, '-f', '%M', '-o', report, ...argv]
  else if (cmd === process.execPath) {
    argv.splice(1, 0, '--import', resolve(import.meta.dirname, '../lib/rss-hook.mjs'))
    env.MD_BENCH_RSS_FILE = report
  }
  const out = openSync(o.stdoutFile ?? '/dev/null', 'w')
  try {
    const started = performance.now()
    const r = await new Promise<Omit<BoundedRun, 'wallMs' | 'maxRssKb'>>((done, fail) => {
      // Its own process group, so the limit stops GNU time, prlimit and the command together.
      const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', out, 'pipe'], env, detached: true })
      let stderr = ''
      let timedOut = false
      const timer = setTimeout(() => {
        timedOut = true
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
      }, o.timeoutMs)
      child.stderr?.setEncoding('utf8')
      child.stderr?.on('data', (d: string) => {
        stderr = (stderr + d).slice(-STDERR_KEEP)
      })
      child.on('error', (err) => {
        clearTimeout(timer)
        fail(err)
      })
      child.on('close', (code, signal) => {
        clearTimeout(timer)
        done({ exitCode: code, signal, timedOut, stderr })
      })
    })
    const wallMs = performance.now() - started
    // GNU time reports a child killed by a signal as "Command terminated by signal N" plus its line.
    const rssLine = existsSync(report) ? (readFileSync(report, 'utf8').trim().split('\n').at(-1) ?? '') : ''
    const rss = Number(rssLine)
    const signalled = /terminated by signal (\d+)/.exec(readIf(report))?.[1]
    return {
      ...r,
      signal: r.signal ?? (signalled === undefined ? null : signalName(Number(signalled))),
      wallMs,
      maxRssKb: rssLine !== '' && Number.isFinite(rss) && rss > 0 ? rss : null,
    }
  } finally {
    closeSync(out)
    rmSync(report, { force: true })
  }
}

function signalName(n: number): string {
  return Object.entries(constants.signals).find(([, v]) => v === n)?.[0] ?? `signal ${n}`
}

function readIf(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : ''
}
