// Real-Firefox harness: firefox-esr over WebDriver BiDi (puppeteer-core), the built add-on
// installed as a temporary add-on, a toolbox open on the first tab.
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { after, before } from 'node:test'
import puppeteer, { type Browser, type Page } from 'puppeteer-core'
import { type DemoApi, type DemoApiOptions, startDemoApi } from '../demo-api/server'
import { distPath, PANEL_PATH, PANEL_TITLE, readManifest } from '../support/extension-paths'
import { READY_EXPRESSION } from '../support/findings'
import { type HookReader, hookReader } from '../support/hook'
import { type PollOptions, poll } from '../support/poll'
import { type Bidi, bidi, chromeWindowContext, contextOf } from './bidi'
import * as chromeScope from './chrome-scope'
import { firefoxPrefs } from './prefs'

export { poll } from '../support/poll'
export type { ToolboxState, ViewType } from './chrome-scope'

const FIREFOX = '/usr/bin/firefox-esr'
const TIMEOUT = 10_000

export interface ExtensionTab {
  /** BiDi browsing context id. */
  context: string
  url: string
  evaluate<T>(expression: string): Promise<T>
  close(): Promise<void>
}

export interface Toolbox {
  state(): Promise<chromeScope.ToolboxState>
  /** Selects the Method Doctor panel and waits until its page is loaded; returns the tool id. */
  selectPanel(opts?: PollOptions): Promise<string>
  /** Evaluates in the panel page inside this toolbox (select it first: panels load lazily). */
  evaluateInPanel<T>(expression: string): Promise<T>
  /** Evaluates in the add-on's devtools page for this toolbox. */
  evaluateInDevtoolsPage<T>(expression: string): Promise<T>
  /** The devtools page's read-only `__methodDoctor` hook, typed. */
  hook: HookReader
}

export interface FirefoxHarness {
  browser: Browser
  bidi: Bidi
  addonId: string
  uuid: string
  /** `moz-extension://<uuid>/` */
  origin: string
  /** The first tab; `--devtools` opened a toolbox on it. */
  page: Page
  toolbox(page?: Page): Toolbox
  /** Opens a toolbox on another tab (only the first one gets one at launch). */
  openToolbox(page: Page): Promise<Toolbox>
  /** Opens `moz-extension://<uuid>/<path>` in a background tab and waits until it has loaded. */
  openExtensionPage(path: string, opts?: PollOptions): Promise<ExtensionTab>
  /** Evaluates in the add-on's background (event) page. */
  evaluateInBackground<T>(expression: string): Promise<T>
  chromeEvaluate<T>(expression: string): Promise<T>
  /** PNG of the browser window with its toolbox. */
  screenshot(path: string): Promise<void>
  close(): Promise<void>
}

export interface LaunchFirefoxOptions {
  headed?: boolean
  dist?: string
}

export async function launchFirefox(opts: LaunchFirefoxOptions = {}): Promise<FirefoxHarness> {
  if (!existsSync(FIREFOX)) throw new Error(`${FIREFOX} not found: apt-get install firefox-esr`)
  const headed = opts.headed ?? process.env.HEADED === '1'
  if (headed && !process.env.DISPLAY) throw new Error('HEADED=1 needs a display: run it under `xvfb-run -a`')
  const dist = opts.dist ?? distPath('firefox')
  const addonId = readManifest(dist, 'firefox').browser_specific_settings?.gecko?.id
  if (!addonId) throw new Error(`${dist}/manifest.json has no browser_specific_settings.gecko.id`)
  const uuid = randomUUID()

  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: !headed,
    // --devtools: a toolbox on the first tab, so the add-on's devtools page runs.
    // --remote-allow-system-access: chrome scope and moz-extension:// navigation over BiDi. Tests only.
    args: ['--devtools', '--remote-allow-system-access'],
    env: { ...process.env, MOZ_DISABLE_NONLOCAL_CONNECTIONS: '1' },
    extraPrefsFirefox: firefoxPrefs(addonId, uuid),
  })
  try {
    const installed = await browser.installExtension(dist)
    if (installed !== addonId) throw new Error(`Installed ${installed}, expected ${addonId}`)
    const b = bidi(browser)
    const chromeContext = await chromeWindowContext(b)
    const page = (await browser.pages())[0]
    if (!page) throw new Error('Firefox started without a tab')
    const origin = `moz-extension://${uuid}/`
    const chromeEvaluate = <T>(expression: string): Promise<T> => b.evaluate<T>(chromeContext, expression)
    const inView = <T>(view: chromeScope.ViewType, tab: string | null, expression: string): Promise<T> =>
      chromeEvaluate<T>(chromeScope.evaluateInView(addonId, view, tab, expression, TIMEOUT))

    const toolbox = (target: Page = page): Toolbox => {
      const tab = contextOf(target)
      return {
        state: () => chromeEvaluate(chromeScope.toolboxState(tab)),
        selectPanel: async (pollOpts) => {
          const id = await poll(
            () => chromeEvaluate<string | null>(chromeScope.selectExtensionPanel(tab, PANEL_TITLE)),
            {
              what: `the ${PANEL_TITLE} panel in the toolbox`,
              ...pollOpts,
            },
          )
          await poll(
            async () => {
              const state = await chromeEvaluate<chromeScope.ToolboxState>(chromeScope.toolboxState(tab))
              if (state.currentToolId !== id || state.currentPanelUrl !== origin + PANEL_PATH) return false
              return chromeEvaluate<boolean>(chromeScope.hasView(addonId, 'devtools_panel', tab))
            },
            { what: `${PANEL_PATH} loaded in the toolbox`, ...pollOpts },
          )
          return id
        },
        evaluateInPanel: (expression) => inView('devtools_panel', tab, expression),
        evaluateInDevtoolsPage: (expression) => inView('devtools_page', tab, expression),
        hook: hookReader((expression) => inView('devtools_page', tab, expression)),
      }
    }

    // Firefox loses a request that finishes while getHAR() runs (see src/devtools/backfill-policy.ts):
    // let the devtools page's one start-up read finish before any test drives the page.
    await poll(() => toolbox().hook.ready(false), {
      what: 'the devtools page to finish starting',
      timeout: 15_000,
    })

    return {
      browser,
      bidi: b,
      addonId,
      uuid,
      origin,
      page,
      toolbox,
      openToolbox: async (target) => {
        await chromeEvaluate(chromeScope.openToolbox(contextOf(target)))
        return toolbox(target)
      },
      openExtensionPage: (path, pollOpts) => openExtensionPage(b, origin + path.replace(/^\//, ''), pollOpts),
      evaluateInBackground: (expression) => inView('background', null, expression),
      chromeEvaluate,
      screenshot: async (path) => {
        const dataUrl = await chromeEvaluate<string>(chromeScope.windowSnapshot())
        await mkdir(dirname(path), { recursive: true })
        await writeFile(path, Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'))
      },
      close: () => browser.close(),
    }
  } catch (err) {
    await browser.close()
    throw err
  }
}

/** BiDi waits forever on extension URLs, so navigate without waiting and poll the document instead. */
async function openExtensionPage(b: Bidi, url: string, opts: PollOptions = {}): Promise<ExtensionTab> {
  const { context } = await b.send<{ context: string }>('browsingContext.create', {
    type: 'tab',
    background: true,
  })
  await b.send('browsingContext.navigate', { context, url, wait: 'none' })
  await poll(
    () =>
      b.evaluate<boolean>(
        context,
        `document.readyState === 'complete' && location.href === ${JSON.stringify(url)}`,
      ),
    { what: `${url} to load`, timeout: TIMEOUT, ...opts },
  )
  return {
    context,
    url,
    evaluate: <T>(expression: string) => b.evaluate<T>(context, expression),
    close: async () => {
      await b.send('browsingContext.close', { context })
    },
  }
}

/**
 * The demo page open in a Firefox whose devtools page has seen it load: where most tests start.
 * Firefox gives no "listener ready" signal, so that first capture is what is waited for.
 */
export async function firefoxOnDemo(
  opts: DemoApiOptions = {},
): Promise<{ demo: DemoApi; ff: FirefoxHarness }> {
  const demo = await startDemoApi(opts)
  let ff: FirefoxHarness | undefined
  try {
    ff = await launchFirefox()
    const harness = ff
    await harness.page.goto(`${demo.origin}/`)
    await poll(async () => (await harness.toolbox().hook.stats({ entries: 0, findings: 0 })).entries > 0, {
      what: 'devtools page capturing',
      timeout: 15_000,
    })
    return { demo, ff: harness }
  } catch (err) {
    await ff?.close()
    await demo.close()
    throw err
  }
}

/**
 * One Firefox on the demo page for a whole test file: started before its first test, closed after
 * its last. The getters read the session once `before` has run.
 */
export function demoForFile(): { readonly demo: DemoApi; readonly ff: FirefoxHarness } {
  let demo: DemoApi | undefined
  let ff: FirefoxHarness | undefined
  before(async () => {
    demo = await startDemoApi()
    ff = await launchFirefox()
    await ff.page.goto(`${demo.origin}/`)
  })
  after(async () => {
    await ff?.close()
    await demo?.close()
  })
  const started = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('the Firefox session has not started (use it inside a test)')
    return v
  }
  return {
    get demo() {
      return started(demo)
    },
    get ff() {
      return started(ff)
    },
  }
}

/** Selects the Method Doctor panel in the toolbox and waits until it has rendered. */
export async function showPanel(toolbox: Toolbox): Promise<void> {
  await toolbox.selectPanel()
  await poll(() => toolbox.evaluateInPanel<boolean>(READY_EXPRESSION), {
    what: 'mdReady in the toolbox panel',
  })
}
