import type { BrowserContext, Page } from '@playwright/test'
import {
  type OpenDevTools,
  openExtensionDevTools,
  poll,
  type TargetSession,
} from '../../e2e/support/devtools-cdp'
import { launchExtension } from '../../e2e/support/launch'
import { tabChannel } from '../../src/shared/messages'
import { CHROME_DIST } from '../lib/paths'
import { devtoolsPagePath, PANEL_PATH, PANEL_TITLE, READY_EXPRESSION } from './paths'

/** Chromium with the bench's build loaded, one inspected tab, DevTools open on it. */
export interface Session {
  context: BrowserContext
  page: Page
  devtools: OpenDevTools
  devtoolsPage: TargetSession
  extensionId: string
  browserVersion: string
  /** Selects the panel and waits until it rendered and holds a snapshot from the devtools page. */
  showPanel(): Promise<TargetSession>
  close(): Promise<void>
}

export async function openSession(url: string, headed: boolean): Promise<Session> {
  const launched = await launchExtension({ headed, dist: CHROME_DIST })
  try {
    const { context, extensionId } = launched
    const page = context.pages()[0] ?? (await context.newPage())
    await page.goto(url)
    const devtools = await openExtensionDevTools(context, page, {
      extensionId,
      title: PANEL_TITLE,
      panelPath: PANEL_PATH,
      devtoolsPath: devtoolsPagePath(CHROME_DIST),
      timeout: 30_000,
    })
    const devtoolsPage = devtools.devtoolsPage
    await poll(() => devtoolsPage.evaluate<boolean>("typeof globalThis.__methodDoctor === 'object'"), {
      timeout: 30_000,
      what: 'the devtools page controller (__methodDoctor)',
    })
    const tabId = await devtoolsPage.evaluate<number>('chrome.devtools.inspectedWindow.tabId')
    return {
      context,
      page,
      devtools,
      devtoolsPage,
      extensionId,
      browserVersion: context.browser()?.version() ?? 'unknown',
      async showPanel() {
        const { panel } = await devtools.showPanel()
        await poll(() => panel.evaluate<boolean>(READY_EXPRESSION), {
          timeout: 30_000,
          what: 'the panel to render',
        })
        await poll(() => panel.evaluate<boolean>(snapshotProbe(tabId)), {
          timeout: 30_000,
          what: 'a snapshot from the devtools page',
        })
        return panel
      },
      async close() {
        await devtools.detach().catch(() => {})
        await launched.close()
      },
    }
  } catch (err) {
    await launched.close()
    throw err
  }
}

/**
 * Says hello on the panel's own channel and resolves true once the devtools page answers with
 * a snapshot; the panel listens on the same channel, so it has the snapshot too.
 */
function snapshotProbe(tabId: number): string {
  return `new Promise((resolve) => {
    const ch = new BroadcastChannel(${JSON.stringify(tabChannel(tabId))})
    const timer = setTimeout(() => { ch.close(); resolve(false) }, 2000)
    ch.onmessage = (e) => {
      if (e.data && e.data.type === 'devtools/snapshot') { clearTimeout(timer); ch.close(); resolve(true) }
    }
    ch.postMessage({ type: 'panel/hello' })
  })`
}
