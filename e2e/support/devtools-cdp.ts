// The one place that touches Chromium DevTools internals (frontend modules, panel ids, frame
// layout). When a Chromium upgrade breaks the e2e suite, mend it here.
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { BrowserContext, CDPSession, Page } from '@playwright/test'
import { getTargets, sendRaw, TargetSession } from './cdp-target'
import { poll } from './poll'

export { type TargetInfo, TargetSession } from './cdp-target'
export { type PollOptions, poll } from './poll'

export interface PanelTarget {
  extensionId: string
  /** Title passed to `devtools.panels.create`. */
  title: string
  /** Extension-relative path of the panel page, e.g. `src/panel/index.html`. */
  panelPath: string
  /** Extension-relative path of the manifest's `devtools_page`. */
  devtoolsPath: string
  timeout?: number
}

export interface OpenDevTools {
  /** The DevTools frontend (devtools://devtools/...), where the panel lives. */
  frontend: TargetSession
  /** The extension's devtools page (hidden iframe, alive while DevTools is open). */
  devtoolsPage: TargetSession
  panelId: string
  /** Selects the extension's panel (idempotent) and attaches to its iframe. */
  showPanel(): Promise<OpenPanel>
  /** PNG of the DevTools frontend, once painted. */
  screenshot(path: string): Promise<void>
  /** Detaches the sessions; DevTools itself closes with its tab. */
  detach(): Promise<void>
}

export interface OpenPanel extends OpenDevTools {
  /** The panel page's iframe. */
  panel: TargetSession
  panelUrl: string
}

const DEFAULT_TIMEOUT = 25_000

/** The session every helper here sends on. Persistent contexts do have a Browser. */
export async function browserSession(context: BrowserContext): Promise<CDPSession> {
  const browser = context.browser()
  if (!browser) throw new Error('BrowserContext has no Browser: cannot open a browser CDP session')
  return browser.newBrowserCDPSession()
}

export async function pageTargetId(context: BrowserContext, page: Page): Promise<string> {
  const session = await context.newCDPSession(page)
  try {
    return (await session.send('Target.getTargetInfo')).targetInfo.targetId
  } finally {
    await session.detach()
  }
}

/** Attaches to the page's DevTools frontend, opening DevTools unless `--auto-open-devtools-for-tabs` did. */
export async function openDevTools(
  browser: CDPSession,
  pageTarget: string,
  timeout = DEFAULT_TIMEOUT,
): Promise<TargetSession> {
  const targetId = await poll(
    async () => {
      const found = await sendRaw<{ targetId?: string }>(browser, 'Target.getDevToolsTarget', {
        targetId: pageTarget,
      }).catch(() => ({ targetId: undefined }))
      if (found.targetId) return found.targetId
      return (await sendRaw<{ targetId?: string }>(browser, 'Target.openDevTools', { targetId: pageTarget }))
        .targetId
    },
    { timeout, what: 'the DevTools frontend target' },
  )
  const { targetInfo } = await browser.send('Target.getTargetInfo', { targetId })
  return TargetSession.attach(browser, targetInfo)
}

/** `chrome-extension://<id><title>` with white space removed: how DevTools names extension panels. */
export function extensionPanelId(extensionId: string, title: string): string {
  return `chrome-extension://${extensionId}${title}`.replace(/\s+/g, '')
}

/**
 * Selects the extension's tab in the DevTools frontend. Polls because the frontend throws
 * ("Unable to create settings") until it is up and the tab appears only after the devtools page ran.
 */
export async function showPanel(
  frontend: TargetSession,
  panelId: string,
  timeout = DEFAULT_TIMEOUT,
): Promise<void> {
  const id = JSON.stringify(panelId)
  const expression = `(async () => {
    const { InspectorView } = await import('./ui/legacy/legacy.js')
    const view = InspectorView.InspectorView.instance()
    if (!view.tabbedPane.tabIds().includes(${id})) return false
    await view.showPanel(${id})
    return view.tabbedPane.selectedTabId === ${id}
  })()`
  await poll(() => frontend.evaluate<boolean>(expression), { timeout, what: `DevTools panel ${panelId}` })
}

/** Tab ids DevTools currently lists (built-in panels and extension panels). */
export function panelIds(frontend: TargetSession): Promise<string[]> {
  return frontend.evaluate<string[]>(
    `import('./ui/legacy/legacy.js').then(m => m.InspectorView.InspectorView.instance().tabbedPane.tabIds())`,
  )
}

/** The id of the panel DevTools shows now (e.g. `elements`, or an extension panel's id). */
export function selectedPanelId(frontend: TargetSession): Promise<string | null> {
  return frontend.evaluate<string | null>(
    `import('./ui/legacy/legacy.js').then(m => m.InspectorView.InspectorView.instance().tabbedPane.selectedTabId)`,
  )
}

/**
 * Attaches to an extension iframe of this DevTools frontend. Out-of-process iframes are targets
 * that name their parent, so we get ours even when other tabs have DevTools (and panels) open.
 */
export async function attachFrame(
  browser: CDPSession,
  frontend: TargetSession,
  urlPrefix: string,
  timeout = DEFAULT_TIMEOUT,
): Promise<TargetSession> {
  const parent = frontend.info.targetId
  const info = await poll(
    async () =>
      (await getTargets(browser)).find(
        (t) =>
          t.type === 'iframe' && (t.parentId ?? t.parentFrameId) === parent && t.url.startsWith(urlPrefix),
      ),
    { timeout, what: `a frame at ${urlPrefix} in DevTools` },
  )
  return TargetSession.attach(browser, info)
}

/** PNG of the whole DevTools frontend; a docked DevTools has no window of its own to capture. */
export async function screenshot(frontend: TargetSession, path: string): Promise<void> {
  // Docked DevTools paint only their own area; the inspected page's placeholder stays blank, so crop to DevTools.
  const box = await frontend
    .evaluate<{ x: number; y: number; width: number; height: number } | null>(
      `(() => { const el = document.querySelector('.main-tabbed-pane'); if (!el) return null; const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 ? { x: r.x, y: r.y, width: r.width, height: r.height } : null })()`,
    )
    .catch(() => null)
  const clip = box ? { clip: { ...box, scale: 1 } } : {}
  const { data } = await frontend.send<{ data: string }>('Page.captureScreenshot', { format: 'png', ...clip })
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, Buffer.from(data, 'base64'))
}

/** Resolves after the next two frames (or 1 s if the document is hidden and has no frames). */
function painted(target: TargetSession): Promise<void> {
  return target.evaluate(
    'new Promise(r => { requestAnimationFrame(() => requestAnimationFrame(() => r())); setTimeout(r, 1000) })',
  )
}

/** Opens DevTools on `page` and attaches to its frontend and the extension's devtools page. */
export async function openExtensionDevTools(
  context: BrowserContext,
  page: Page,
  target: PanelTarget,
): Promise<OpenDevTools> {
  const timeout = target.timeout ?? DEFAULT_TIMEOUT
  const origin = `chrome-extension://${target.extensionId}/`
  const browser = await browserSession(context)
  const sessions: TargetSession[] = []
  const detach = async (): Promise<void> => {
    await Promise.all(sessions.map((s) => s.detach()))
    await browser.detach().catch(() => {})
  }
  try {
    const frontend = await openDevTools(browser, await pageTargetId(context, page), timeout)
    sessions.push(frontend)
    // The devtools page registers the panel, so it must be there before the tab can be.
    const devtoolsPage = await attachFrame(browser, frontend, origin + target.devtoolsPath, timeout)
    sessions.push(devtoolsPage)
    const panelId = extensionPanelId(target.extensionId, target.title)
    let panel: TargetSession | undefined
    const devtools: OpenDevTools = {
      frontend,
      devtoolsPage,
      panelId,
      async showPanel() {
        await showPanel(frontend, panelId, timeout)
        if (!panel) {
          panel = await attachFrame(browser, frontend, origin + target.panelPath, timeout)
          sessions.push(panel)
        }
        const shown = panel
        return {
          ...devtools,
          panel: shown,
          panelUrl: shown.info.url,
          screenshot: async (path) => {
            await painted(shown)
            await devtools.screenshot(path)
          },
        }
      },
      screenshot: async (path) => {
        await painted(frontend)
        await screenshot(frontend, path)
      },
      detach,
    }
    return devtools
  } catch (err) {
    await detach()
    throw err
  }
}

/** Opens DevTools on `page`, shows the extension's panel and attaches to everything a test reads. */
export async function openExtensionPanel(
  context: BrowserContext,
  page: Page,
  target: PanelTarget,
): Promise<OpenPanel> {
  const devtools = await openExtensionDevTools(context, page, target)
  try {
    return await devtools.showPanel()
  } catch (err) {
    await devtools.detach()
    throw err
  }
}
