// A private X display (Xvfb) for the few tests that need a headed browser: native prompts that
// headless Chromium cannot show, answered with xdotool as a user would with the keyboard.
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface VirtualDisplay {
  /** e.g. `:99` */
  display: string
  /** Sends key strokes (xdotool names: `Tab`, `Return`) to whatever has the keyboard focus. */
  keys(...names: string[]): Promise<void>
  /**
   * The screen's pixels (Xvfb's memory-mapped framebuffer). Browser dialogs are drawn inside the
   * browser window, not as X windows, so a changed screen is the only sign that one opened.
   */
  pixels(): Promise<Buffer>
  close(): Promise<void>
}

/** Why a headed test cannot run here, or null when Xvfb and xdotool are both installed. */
export async function virtualDisplayMissing(): Promise<string | null> {
  for (const tool of ['Xvfb', 'xdotool']) {
    const found = await run('sh', ['-c', `command -v ${tool}`]).then(
      () => true,
      () => false,
    )
    if (!found) return `${tool} is not installed (Debian: apt-get install xvfb xdotool)`
  }
  return null
}

/** Starts Xvfb on a free display number (it picks one and writes it to the pipe we give it). */
export async function startVirtualDisplay(timeoutMs = 10_000): Promise<VirtualDisplay> {
  const fbdir = await mkdtemp(join(tmpdir(), 'md-xvfb-'))
  const child: ChildProcess = spawn(
    'Xvfb',
    ['-displayfd', '3', '-screen', '0', '1280x900x24', '-fbdir', fbdir, '-nolisten', 'tcp'],
    {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    },
  )
  const number = await new Promise<string>((resolve, reject) => {
    let text = ''
    let errors = ''
    const timer = setTimeout(
      () => reject(new Error(`Xvfb did not start in ${timeoutMs} ms: ${errors}`)),
      timeoutMs,
    )
    child.stderr?.on('data', (d: Buffer) => {
      errors = (errors + d.toString()).slice(-2000)
    })
    child.stdio[3]?.on('data', (d: Buffer) => {
      text += d.toString()
      if (text.includes('\n')) {
        clearTimeout(timer)
        resolve(text.trim())
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`Xvfb exited (${code}) before it was ready: ${errors}`))
    })
  })
  const display = `:${number}`
  const env = { ...process.env, DISPLAY: display }
  const xdotool = (args: string[]) => run('xdotool', args, { env, timeout: 5_000 })
  return {
    display,
    keys: async (...names) => {
      await xdotool(['key', '--delay', '80', ...names])
    },
    pixels: () => readFile(join(fbdir, 'Xvfb_screen0')),
    close: async () => {
      if (child.exitCode !== null) return rm(fbdir, { recursive: true, force: true })
      const gone = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 3_000))])
      await rm(fbdir, { recursive: true, force: true })
    },
  }
}

/** How many bytes of two framebuffer reads differ (0: the screen did not change). */
export function pixelsChanged(a: Buffer, b: Buffer): number {
  if (a.length !== b.length) return Math.max(a.length, b.length)
  let n = 0
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++
  return n
}
