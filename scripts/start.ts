/**
 * `npm start`: the demo API of broken endpoints plus a browser with Method Doctor loaded, DevTools
 * on the Method Doctor panel, the demo run once and its first finding selected (start-chromium.ts).
 * `--firefox`: firefox-esr with the page's toolbox open and the demo run (start-firefox.ts).
 * Without a display it prints how to load the extension by hand. Never a stack trace: each
 * failure is one line saying what to do.
 */
import { join, resolve } from 'node:path'
import { startDemoApi } from '../e2e/demo-api/server'
import { errorText } from '../e2e/support/poll'
import { startChromium } from './start-chromium'
import { firefoxHint, startFirefox } from './start-firefox'

const root = resolve(import.meta.dirname, '..')
const firefox = process.argv.includes('--firefox')

const hasDisplay =
  Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) ||
  process.platform === 'darwin' ||
  process.platform === 'win32'

function byHand(page: string): void {
  console.log(`
No display here, so no browser was opened. Load Method Doctor by hand:
  Chrome/Chromium: chrome://extensions → Developer mode → Load unpacked → ${join(root, 'dist/chrome')}
  Firefox:         about:debugging#/runtime/this-firefox → Load Temporary Add-on → ${join(root, 'dist/firefox/manifest.json')}
Then open ${page}, open DevTools (F12) → "Method Doctor", and press the demo's buttons.
The demo API keeps running until you press Ctrl+C.`)
}

let demo: Awaited<ReturnType<typeof startDemoApi>>
try {
  demo = await startDemoApi({
    port: Number(process.env.PORT ?? 8405),
    corsPort: Number(process.env.CORS_PORT ?? 8406),
  })
} catch (err) {
  console.error(
    `Could not start the demo API: ${errorText(err)} (another npm start running? set PORT and CORS_PORT)`,
  )
  process.exit(1)
}
const page = `${demo.origin}/`
console.log(`Demo API: ${demo.origin} (cross-origin twin: ${demo.corsOrigin})`)

let closeBrowser: (() => Promise<void>) | undefined
async function stop(): Promise<never> {
  await closeBrowser?.().catch(() => undefined)
  await demo.close()
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())

async function openChromium(): Promise<void> {
  console.log('Opening Chromium with Method Doctor…')
  const started = await startChromium({ demoOrigin: demo.origin })
  closeBrowser = started.close
  started.context.on('close', () => void stop())
  const { landing } = started
  if (landing.landed) {
    await landing.panel.detach()
    console.log(
      `Chromium is open on the demo with DevTools on Method Doctor: ${landing.findings} findings, the first one open. Press the demo's buttons for more; Ctrl+C stops.`,
    )
  } else {
    console.log(`Chromium is open on the demo. ${landing.hint}`)
  }
}

async function openFirefox(): Promise<void> {
  console.log('Opening Firefox with Method Doctor…')
  const started = await startFirefox({ demo })
  closeBrowser = started.close
  started.browser.on('disconnected', () => void stop())
  console.log(`Firefox is open on the demo with DevTools. ${firefoxHint(started.heard)}`)
}

if (!hasDisplay) {
  byHand(page)
} else {
  try {
    await (firefox ? openFirefox() : openChromium())
  } catch (err) {
    // No browser at all (none installed, or it would not start): the by-hand route still works.
    console.error(`Could not open ${firefox ? 'Firefox' : 'Chromium'}: ${errorText(err).split('\n')[0]}`)
    byHand(page)
  }
}
