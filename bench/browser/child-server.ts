import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { resolve } from 'node:path'
import { ROOT } from '../lib/paths'

/**
 * A server in its own process, so its event loop never waits behind the benchmark's own
 * work (Playwright and CDP traffic): request timings then belong to the browser alone.
 */
export interface ChildServer {
  /** The first http://127.0.0.1:<port> the child printed. */
  origin: string
  pid: number
  close(): Promise<void>
}

const TSX = resolve(ROOT, 'node_modules/.bin/tsx')

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer()
    s.once('error', fail)
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      s.close(() => done(port))
    })
  })
}

/** Runs `script` with tsx and resolves once it prints an http://127.0.0.1 origin. */
export function startChildServer(script: string, env: Record<string, string> = {}): Promise<ChildServer> {
  return new Promise((done, fail) => {
    const child: ChildProcess = spawn(TSX, [resolve(ROOT, script)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    })
    let out = ''
    let err = ''
    const timer = setTimeout(() => {
      child.kill('SIGTERM')
      fail(new Error(`${script} printed no origin within 20 s: ${out}${err}`))
    }, 20_000)
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      err += d
    })
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d
      const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out)
      if (!m) return
      clearTimeout(timer)
      done({
        origin: m[0],
        pid: child.pid ?? 0,
        close: () =>
          new Promise((closed) => {
            if (child.exitCode !== null) return closed()
            child.once('exit', () => closed())
            child.kill('SIGTERM')
          }),
      })
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      fail(new Error(`${script} exited (${code}) before it was ready: ${err.slice(0, 1000)}`))
    })
  })
}
