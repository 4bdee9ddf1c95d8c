/**
 * What `npm run start:firefox` does: firefox-esr driven over WebDriver BiDi (puppeteer-core, as
 * e2e/firefox does) with the page's own DevTools toolbox open (Firefox's `--devtools`), Method
 * Doctor installed as a temporary add-on, and the demo run once (`?run=all`).
 *
 * Firefox cannot be told to show an extension's panel: its panel ids are random per toolbox, so
 * `devtools.toolbox.selectedTool` cannot name it, and selecting it takes browser-internal access
 * (`--remote-allow-system-access`) that only the tests use. So the user clicks the tab; the
 * toolbox opens tall, on Network (the failed requests), with a few rarely needed tools hidden so the
 * Method Doctor tab fits in the tab row of an ordinary window.
 */
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import puppeteer, { type Browser, type Page } from 'puppeteer-core'
import { runAllUrl } from '../e2e/demo-api/page'
import type { DemoApi } from '../e2e/demo-api/server'
import { firefoxPrefs } from '../e2e/firefox/prefs'
import { distPath, readManifest } from '../e2e/support/extension-paths'
import { poll } from '../e2e/support/poll'

const FIREFOX_BINARIES = ['/usr/bin/firefox-esr', '/usr/bin/firefox']

const CLICK = 'In the DevTools toolbox at the bottom, click the "Method Doctor" tab (in the » menu if hidden)'

/** What the user must click, in one line; `heard`: the add-on was seen capturing the demo's run. */
export function firefoxHint(heard: boolean): string {
  return heard
    ? `${CLICK}: the demo has run and its findings are there.`
    : `${CLICK}, then press "Run all" on the demo page.`
}

export interface FirefoxStartOptions {
  demo: DemoApi
  headless?: boolean
  /** Bound on waiting for Method Doctor to hear the demo. */
  timeout?: number
}

export interface FirefoxStart {
  browser: Browser
  page: Page
  /** True once the add-on was seen acting on the demo's findings (its OPTIONS probes reached the demo API). */
  heard: boolean
  close(): Promise<void>
}

export function firefoxBinary(): string | undefined {
  return FIREFOX_BINARIES.find((p) => existsSync(p))
}

/** The demo API saw an OPTIONS probe from the add-on: its devtools page captured a finding. */
function probedSince(demo: DemoApi, seq: number): boolean {
  return demo
    .log()
    .some(
      (r) => r.seq > seq && r.method === 'OPTIONS' && (r.headers.origin ?? '').startsWith('moz-extension://'),
    )
}

export async function startFirefox(opts: FirefoxStartOptions): Promise<FirefoxStart> {
  const executablePath = firefoxBinary()
  if (!executablePath)
    throw new Error(`No Firefox found (${FIREFOX_BINARIES.join(', ')}): apt-get install firefox-esr`)
  const dist = distPath('firefox')
  const addonId = readManifest(dist, 'firefox').browser_specific_settings?.gecko?.id
  if (!addonId) throw new Error(`${dist}/manifest.json has no browser_specific_settings.gecko.id`)
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: opts.headless ?? false,
    defaultViewport: null,
    // Firefox's own --devtools: a toolbox on the first tab (web-ext's --devtools opened the add-on's inspector instead).
    args: ['--devtools'],
    extraPrefsFirefox: {
      ...firefoxPrefs(addonId, randomUUID()),
      'devtools.toolbox.selectedTool': 'netmonitor',
      'devtools.toolbox.host': 'bottom',
      'devtools.toolbox.footer.height': 420,
      'devtools.memory.enabled': false,
      'devtools.accessibility.enabled': false,
      'devtools.application.enabled': false,
    },
  })
  try {
    const installed = await browser.installExtension(dist)
    if (installed !== addonId) throw new Error(`Installed ${installed}, expected ${addonId}`)
    const page = (await browser.pages())[0] ?? (await browser.newPage())
    const heard = await runDemo(page, opts)
    return { browser, page, heard, close: () => browser.close() }
  } catch (err) {
    await browser.close()
    throw err
  }
}

/**
 * Firefox says nothing when the add-on's devtools page starts listening. The demo is run, then the
 * demo API's log shows whether the add-on probed what it found; if not, it starts a moment later
 * than the run and one more run (the navigation clears the panel) is heard. Bounded attempts.
 */
async function runDemo(page: Page, opts: FirefoxStartOptions): Promise<boolean> {
  const deadline = Date.now() + (opts.timeout ?? 30_000)
  for (let attempt = 0; attempt < 3 && Date.now() < deadline; attempt++) {
    const seq = opts.demo.log().at(-1)?.seq ?? 0
    // A slow page is a failed attempt, never a reason to close a Firefox that works.
    const ran = await page
      .goto(runAllUrl(opts.demo.origin), { timeout: 15_000 })
      .then(() =>
        page.waitForFunction(() => document.documentElement.dataset.run === 'done', { timeout: 20_000 }),
      )
      .then(
        () => true,
        () => false,
      )
    if (!ran) continue
    const heard = await poll(() => probedSince(opts.demo, seq), {
      timeout: Math.min(5000, Math.max(500, deadline - Date.now())),
      what: 'an OPTIONS probe from Method Doctor',
    }).catch(() => false)
    if (heard) return true
  }
  return false
}
