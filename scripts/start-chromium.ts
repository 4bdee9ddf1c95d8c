/**
 * What `npm start` does in Chromium, importable so a test can run the same path headless:
 * launch with Method Doctor loaded and DevTools docked at the bottom, show the Method Doctor
 * panel, run every demo scenario once (`?run=all`, handled by the demo page itself) and select
 * the first finding. Landing uses DevTools internals (e2e/support/devtools-cdp.ts); when they
 * fail, the browser stays open on the demo and the result says in one line what to click.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext, Page } from '@playwright/test'
import { runAllUrl } from '../e2e/demo-api/page'
import { CHROMIUM_FLAGS } from '../e2e/support/chromium-path'
import { type OpenDevTools, type OpenPanel, openExtensionDevTools, poll } from '../e2e/support/devtools-cdp'
import { devtoolsPagePath, distPath, PANEL_PATH, PANEL_TITLE } from '../e2e/support/extension-paths'
import { FINDINGS_EXPRESSION } from '../e2e/support/findings'
import { hookExpression } from '../e2e/support/hook'
import { launchExtension } from '../e2e/support/launch'

export type DevToolsTheme = 'systemPreferred' | 'light' | 'dark'

export interface ChromiumStartOptions {
  /** The demo API's page origin, e.g. `http://127.0.0.1:8405`. */
  demoOrigin: string
  /** Headless for tests; `npm start` runs headed. */
  headless?: boolean
  /** DevTools' theme in the fresh profile; default follows the system as DevTools does. */
  theme?: DevToolsTheme
  /** Bound on the whole landing (DevTools up, panel shown, demo run, first finding selected). */
  timeout?: number
  /** Tests only: a title DevTools never lists takes the path where landing fails. */
  panelTitle?: string
}

export type Landing =
  | { landed: true; findings: number; panel: OpenPanel }
  /** `hint`: one line for the user; `why`: what failed, for a test's message. */
  | { landed: false; hint: string; why: string }

export interface ChromiumStart {
  context: BrowserContext
  /** The demo tab. */
  page: Page
  landing: Landing
  close(): Promise<void>
}

export const START_HINT =
  'In DevTools, open the "Method Doctor" tab (in the » menu if hidden); press "Run all" on the demo page if it is empty.'

// Flags for a person's desktop: the sandbox stays on unless Chromium cannot have it (root).
function desktopFlags(): string[] {
  const quiet = CHROMIUM_FLAGS.filter((f) => f !== '--no-sandbox' && f !== '--disable-gpu')
  // Maximized on a desktop; the size holds where no window manager maximizes (Xvfb).
  return [
    ...quiet,
    '--start-maximized',
    '--window-size=1280,960',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  ]
}

/**
 * A profile whose DevTools open docked at the bottom (the panel gets the full width and its tab
 * fits beside the built-in ones) in the chosen theme. DevTools keeps each setting JSON-encoded.
 * A seeded `panel-selected-tab` naming our panel is ignored (measured, Chromium 156: the panel
 * registers after DevTools has picked Elements), so the panel is shown over CDP instead.
 */
async function seededProfile(theme: DevToolsTheme): Promise<string> {
  const profile = await mkdtemp(join(tmpdir(), 'method-doctor-'))
  const preferences = {
    currentDockState: JSON.stringify('bottom'),
    'inspector-view.split-view-state': JSON.stringify({ horizontal: { size: 480 } }),
    'ui-theme': JSON.stringify(theme),
  }
  await mkdir(join(profile, 'Default'))
  await writeFile(join(profile, 'Default', 'Preferences'), JSON.stringify({ devtools: { preferences } }))
  return profile
}

const ROWS = '#md-list [data-kind]'

export async function startChromium(opts: ChromiumStartOptions): Promise<ChromiumStart> {
  const dist = distPath('chrome')
  const headed = !opts.headless
  const launched = await launchExtension({
    dist,
    headed,
    profile: await seededProfile(opts.theme ?? 'systemPreferred'),
    // Headless runs are tests on a server: its flags. The window sizes the page, as on a desktop.
    flags: headed ? desktopFlags() : [...CHROMIUM_FLAGS, '--window-size=1280,960'],
    viewport: null,
  })
  const { context } = launched
  try {
    const page = context.pages()[0] ?? (await context.newPage())
    const landing = await land(context, page, launched.extensionId, dist, opts)
    return { context, page, landing, close: launched.close }
  } catch (err) {
    await launched.close()
    throw err
  }
}

/** Every step bounded; on failure the demo page is still opened (and run), and the hint says what is left. */
async function land(
  context: BrowserContext,
  page: Page,
  extensionId: string,
  dist: string,
  opts: ChromiumStartOptions,
): Promise<Landing> {
  const deadline = Date.now() + (opts.timeout ?? 45_000)
  const left = (): number => Math.max(1000, deadline - Date.now())
  let navigated = false
  let devtools: OpenDevTools | undefined
  try {
    devtools = await openExtensionDevTools(context, page, {
      extensionId,
      title: opts.panelTitle ?? PANEL_TITLE,
      panelPath: PANEL_PATH,
      devtoolsPath: devtoolsPagePath(dist),
      timeout: left(),
    })
    // Run the demo only once the devtools page listens, so the panel sees every request.
    const { devtoolsPage } = devtools
    await poll(() => devtoolsPage.evaluate<boolean>(hookExpression('ready', false)), {
      timeout: left(),
      what: "Method Doctor's devtools page to start",
    })
    const shown = await devtools.showPanel()
    navigated = true
    await page.goto(runAllUrl(opts.demoOrigin), { timeout: left() })
    await page.waitForFunction(() => document.documentElement.dataset.run === 'done', undefined, {
      timeout: left(),
    })
    await settledRowCount(shown, left())
    const findings = (await shown.panel.evaluate<unknown[]>(FINDINGS_EXPRESSION)).length
    await poll(
      () =>
        shown.panel.evaluate<boolean>(
          `(() => { const first = document.querySelector(${JSON.stringify(ROWS)}); if (!first) return false; first.click(); document.activeElement?.blur(); return first.getAttribute('aria-selected') === 'true' && !!document.querySelector('.detail') })()`,
        ),
      { timeout: left(), what: 'the first finding to open' },
    )
    return { landed: true, findings, panel: shown }
  } catch (err) {
    // The fallback must still run the demo: a failed detach is no reason to close the browser.
    await devtools?.detach().catch(() => undefined)
    if (!navigated) await page.goto(runAllUrl(opts.demoOrigin), { timeout: 15_000 }).catch(() => undefined)
    return { landed: false, hint: START_HINT, why: err instanceof Error ? err.message : String(err) }
  }
}

/** The panel's row count once it has held still for half a second (probes add rows' chips, not rows). */
async function settledRowCount(panel: OpenPanel, timeout: number): Promise<number> {
  let last = -1
  let since = Date.now()
  return poll(
    async () => {
      const count = await panel.panel.evaluate<number>(
        `document.querySelectorAll(${JSON.stringify(ROWS)}).length`,
      )
      if (count !== last) {
        last = count
        since = Date.now()
        return false
      }
      return count > 0 && Date.now() - since >= 500 ? count : false
    },
    { timeout, what: 'the demo findings in the panel', interval: 100 },
  )
}
