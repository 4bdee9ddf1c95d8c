// Playwright fixtures for real-Chromium tests of the extension: a demo API, the browser with the
// extension loaded, and the Method Doctor panel shown in DevTools.
import { test as base, type Page } from '@playwright/test'
import { type DemoApi, startDemoApi } from '../demo-api/server'
import { sendRaw, type TargetInfo } from './cdp-target'
import {
  browserSession,
  type OpenPanel,
  openExtensionDevTools,
  type PollOptions,
  poll,
  type TargetSession,
} from './devtools-cdp'
import { devtoolsPagePath, PANEL_PATH, PANEL_TITLE } from './extension-paths'
import { FINDINGS_EXPRESSION, type Finding, TAB_MODE_QUERY } from './findings'
import { type HookReader, hookReader } from './hook'
import {
  changeHostAccess,
  type HostAccessChange,
  type HostAccessState,
  openExtensionsPage,
  readHostAccess,
} from './host-access'
import { headedFromEnv, type LaunchedExtension, launchExtension } from './launch'
import { evaluateInWorker, isWorkerRunning, stopWorker, wakeWorker } from './service-worker'
import { startVirtualDisplay, type VirtualDisplay, virtualDisplayMissing } from './virtual-display'

export { expect } from '@playwright/test'
export type { Finding } from './findings'

export interface ExtensionFixture extends Omit<LaunchedExtension, 'close'> {
  /** `chrome-extension://<id>/<path>` */
  url(path: string): string
  /** Evaluates in the service worker, waking it first if it was stopped. */
  swEvaluate<T>(fn: string | (() => T | Promise<T>)): Promise<T>
  /** Stops the service worker (as the idle timeout would) and waits until it is gone. */
  stopServiceWorker(): Promise<void>
  /** Starts a stopped worker by posting it a message from an extension page. */
  wakeServiceWorker(): Promise<void>
  isServiceWorkerRunning(): Promise<boolean>
  hostAccess(): Promise<HostAccessState>
  /** `{ withhold: true }`, `{ grantAll: true }` or `{ grant: ['http://127.0.0.1/*'] }`; resolves once applied. */
  setHostAccess(change: HostAccessChange): Promise<HostAccessState>
  /** The panel page in an ordinary tab (default `?tab=auto`: mirrors an open DevTools). */
  openPanelTab(query?: string): Promise<Page>
  /** Clicks the toolbar button on `page`'s tab (CDP Extensions.triggerAction); resolves with the tab it opens. */
  clickAction(page: Page): Promise<Page>
}

export interface DevToolsFixture {
  /** The inspected tab, on the demo origin, with DevTools docked (panel not shown yet). */
  page: Page
  devtoolsPage: TargetSession
  /** The devtools page's read-only `__methodDoctor` hook, typed. */
  hook: HookReader
  frontend: TargetSession
  panelId: string
  /** Selects the Method Doctor panel; the `panel` fixture is this, done before the test. */
  showPanel(): Promise<PanelFixture>
  /** PNG of the DevTools frontend. */
  screenshot(path: string): Promise<void>
}

export interface PanelFixture {
  /** The inspected tab, on the demo origin, with DevTools docked and the panel selected. */
  page: Page
  panelUrl: string
  panelId: string
  /** Evaluates in the panel's document. */
  evaluate<T>(expression: string): Promise<T>
  /** Re-evaluates `expression` in the panel until it is truthy; returns that value. */
  poll<T>(expression: string, opts?: PollOptions): Promise<Exclude<T, false | null | undefined>>
  findings(): Promise<Finding[]>
  /** PNG of the DevTools frontend with the panel, once painted. */
  screenshot(path: string): Promise<void>
  /** The panel frame's own CDP session (emulation, heap, tracing). */
  panelSession: TargetSession
  devtoolsPage: TargetSession
  /** The devtools page's read-only `__methodDoctor` hook, typed. */
  hook: HookReader
  frontend: TargetSession
}

interface Options {
  /** Runs the browser headed on a private Xvfb display (`virtual-display.ts`), for native prompts. */
  virtualDisplay: boolean
}

interface Fixtures {
  /** The private display when `virtualDisplay` is on (the test is skipped where Xvfb/xdotool are missing). */
  xDisplay: VirtualDisplay | null
  demo: DemoApi
  extension: ExtensionFixture
  devtools: DevToolsFixture
  panel: PanelFixture
}

function panelFixture(page: Page, open: OpenPanel): PanelFixture {
  const evaluate = <T>(expression: string): Promise<T> => open.panel.evaluate<T>(expression)
  return {
    page,
    panelUrl: open.panelUrl,
    panelId: open.panelId,
    evaluate,
    poll: <T>(expression: string, opts?: PollOptions) =>
      poll(() => evaluate<T>(expression), { what: expression, ...opts }),
    findings: () => evaluate<Finding[]>(FINDINGS_EXPRESSION),
    screenshot: open.screenshot,
    devtoolsPage: open.devtoolsPage,
    hook: hookReader((e) => open.devtoolsPage.evaluate(e)),
    frontend: open.frontend,
    panelSession: open.panel,
  }
}

export const test = base.extend<Options & Fixtures>({
  virtualDisplay: [false, { option: true }],

  xDisplay: async ({ virtualDisplay }, use, testInfo) => {
    if (!virtualDisplay) return use(null)
    const missing = await virtualDisplayMissing()
    testInfo.skip(missing !== null, missing ?? '')
    const screen = await startVirtualDisplay()
    try {
      await use(screen)
    } finally {
      await screen.close()
    }
  },

  // biome-ignore lint/correctness/noEmptyPattern: Playwright requires the destructuring pattern.
  demo: async ({}, use) => {
    const demo = await startDemoApi()
    await use(demo)
    await demo.close()
  },

  extension: async ({ xDisplay }, use) => {
    const launched = await launchExtension(
      xDisplay ? { display: xDisplay.display } : { headed: headedFromEnv() },
    )
    const { context, extensionId, close, ...rest } = launched
    let extensionsPage: Page | undefined
    const admin = async (): Promise<Page> => {
      extensionsPage ??= await openExtensionsPage(context)
      return extensionsPage
    }
    const url = (path: string): string => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`
    try {
      await use({
        ...rest,
        context,
        extensionId,
        url,
        swEvaluate: (fn) => evaluateInWorker(context, extensionId, fn),
        stopServiceWorker: () => stopWorker(context, extensionId),
        wakeServiceWorker: () => wakeWorker(context, extensionId),
        isServiceWorkerRunning: () => isWorkerRunning(context, extensionId),
        hostAccess: async () => readHostAccess(await admin(), extensionId),
        setHostAccess: async (change) => changeHostAccess(await admin(), extensionId, change),
        clickAction: async (page) => {
          const browser = await browserSession(context)
          const { targetInfos } = await sendRaw<{ targetInfos: TargetInfo[] }>(browser, 'Target.getTargets', {
            filter: [{ type: 'tab' }],
          })
          // The action runs on a tab target (the page's parent), found by its URL.
          const tabs = targetInfos.filter((t) => t.type === 'tab' && t.url === page.url())
          if (tabs.length !== 1) throw new Error(`expected one tab at ${page.url()}, found ${tabs.length}`)
          const before = new Set(context.pages())
          const opened = () => context.pages().find((p) => !before.has(p))
          // A freshly installed worker must have run its top level (where onClicked is registered)
          // before a click can reach it; seconds after a launch Chromium may still drop the first
          // click, so a second one is made if the first opened nothing (as a user would click again).
          await evaluateInWorker(context, extensionId, () => true)
          for (let attempt = 1; ; attempt++) {
            await sendRaw(browser, 'Extensions.triggerAction', {
              id: extensionId,
              targetId: tabs[0]!.targetId,
            })
            const tab = await poll(async () => opened(), {
              what: 'the tab the toolbar button opens',
              timeout: attempt === 1 ? 3_000 : 10_000,
            }).catch((err: unknown) => {
              if (attempt > 1) throw err
              return undefined
            })
            if (tab) return tab
          }
        },
        openPanelTab: async (query = TAB_MODE_QUERY) => {
          const tab = await context.newPage()
          await tab.goto(`${url(PANEL_PATH)}${query ? `?${query}` : ''}`)
          return tab
        },
      })
    } finally {
      await close()
    }
  },

  devtools: async ({ demo, extension }, use, testInfo) => {
    const { context, extensionId, distPath } = extension
    const page = context.pages()[0] ?? (await context.newPage())
    await page.goto(`${demo.origin}/`)
    const open = await openExtensionDevTools(context, page, {
      extensionId,
      title: PANEL_TITLE,
      panelPath: PANEL_PATH,
      devtoolsPath: devtoolsPagePath(distPath),
    })
    try {
      await use({
        page,
        devtoolsPage: open.devtoolsPage,
        hook: hookReader((e) => open.devtoolsPage.evaluate(e)),
        frontend: open.frontend,
        panelId: open.panelId,
        showPanel: async () => panelFixture(page, await open.showPanel()),
        screenshot: open.screenshot,
      })
      // A picture of DevTools says more than a timeout message.
      if (testInfo.status !== testInfo.expectedStatus) {
        const path = testInfo.outputPath('devtools-on-failure.png')
        await open.screenshot(path).then(
          () => testInfo.attachments.push({ name: 'devtools', path, contentType: 'image/png' }),
          () => {},
        )
      }
    } finally {
      await open.detach()
    }
  },

  panel: async ({ devtools }, use) => {
    await use(await devtools.showPanel())
  },
})
