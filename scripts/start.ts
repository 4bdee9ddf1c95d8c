/**
 * `npm start`: the demo API of broken endpoints plus a browser with Method Doctor loaded and
 * DevTools open on the demo page. `--firefox` uses web-ext and firefox-esr instead.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'
import { startDemoApi } from '../e2e/demo-api/server'
import { chromiumPath } from '../e2e/support/chromium-path'

const root = resolve(import.meta.dirname, '..')
const firefox = process.argv.includes('--firefox')
const demo = await startDemoApi({
  port: Number(process.env.PORT ?? 8405),
  corsPort: Number(process.env.CORS_PORT ?? 8406),
})
const page = `${demo.origin}/`
console.log(`Demo API: ${demo.origin} (cross-origin twin: ${demo.corsOrigin})`)

const hasDisplay =
  Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) ||
  process.platform === 'darwin' ||
  process.platform === 'win32'

function byHand(): void {
  console.log(`
No display here, so no browser was opened. Load Method Doctor by hand:
  Chrome/Chromium: chrome://extensions → Developer mode → Load unpacked → ${join(root, 'dist/chrome')}
  Firefox:         about:debugging#/runtime/this-firefox → Load Temporary Add-on → ${join(root, 'dist/firefox/manifest.json')}
Then open ${page}, open DevTools (F12) → "Method Doctor", and press the demo's buttons.
The demo API keeps running until you press Ctrl+C.`)
}

async function stop(): Promise<never> {
  await demo.close()
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())

if (!hasDisplay) {
  byHand()
} else if (firefox) {
  const binary = ['/usr/bin/firefox-esr', '/usr/bin/firefox'].find((p) => existsSync(p))
  const child = spawn(
    'npx',
    [
      'web-ext',
      'run',
      '--source-dir',
      'dist/firefox',
      '--start-url',
      page,
      '--devtools',
      ...(binary ? ['--firefox', binary] : []),
    ],
    { cwd: root, stdio: 'inherit' },
  )
  child.on('exit', () => void stop())
} else {
  let executablePath: string
  try {
    executablePath = chromiumPath()
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err))
    byHand()
    await new Promise(() => undefined)
    process.exit(1)
  }
  const dist = join(root, 'dist/chrome')
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'method-doctor-')), {
    executablePath,
    headless: false,
    viewport: null,
    args: [
      `--disable-extensions-except=${dist}`,
      `--load-extension=${dist}`,
      '--auto-open-devtools-for-tabs',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
  })
  const tab = context.pages()[0] ?? (await context.newPage())
  await tab.goto(page)
  console.log(
    'Chromium is open with DevTools: pick the "Method Doctor" panel (» menu if hidden) and press the demo buttons.',
  )
  context.on('close', () => void stop())
}
