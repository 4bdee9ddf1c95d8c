// The one place that touches Firefox internals (DevTools toolbox, WebExtension contexts, frame
// scripts). Each function builds an expression for the browser window's chrome scope, which BiDi
// reaches only with --remote-allow-system-access. When a Firefox upgrade breaks these, mend here.

const q = JSON.stringify

/** Binds `gDevTools` and `tab` (the tab behind a BiDi context id). */
function tabPrelude(tabContext: string): string {
  return `const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs')
    const { gDevTools } = require('devtools/client/framework/devtools')
    const { NavigableManager } = ChromeUtils.importESModule('chrome://remote/content/shared/NavigableManager.sys.mjs')
    const tabBrowser = NavigableManager.getBrowserById(${q(tabContext)})
    if (!tabBrowser) throw new Error('No tab for BiDi context ' + ${q(tabContext)})
    const tab = gBrowser.getTabForBrowser(tabBrowser)`
}

export interface ToolboxState {
  open: boolean
  currentToolId: string | null
  /** Extension panels, e.g. `{ id: 'webext-devtools-panel-…', label: 'Method Doctor' }`. */
  extensionPanels: { id: string; label: string }[]
  /** What the current tool's panel browser shows (extension panels only). */
  currentPanelUrl: string | null
}

export function toolboxState(tabContext: string): string {
  return `(() => {
    ${tabPrelude(tabContext)}
    const tb = gDevTools.getToolboxForTab(tab)
    if (!tb) return { open: false, currentToolId: null, extensionPanels: [], currentPanelUrl: null }
    const frame = tb.doc.getElementById('toolbox-panel-iframe-' + tb.currentToolId)
    const inner = frame && frame.contentDocument && frame.contentDocument.querySelector('browser')
    return {
      open: true,
      currentToolId: tb.currentToolId,
      extensionPanels: tb.getAdditionalTools().map(t => ({ id: t.id, label: t.label })),
      currentPanelUrl: inner && inner.currentURI ? inner.currentURI.spec : null,
    }
  })()`
}

/** Opens a toolbox on the tab (only the first tab gets one from --devtools). */
export function openToolbox(tabContext: string): string {
  return `(async () => {
    ${tabPrelude(tabContext)}
    await gDevTools.showToolboxForTab(tab)
    return true
  })()`
}

/** Selects the extension panel with this label; resolves to its tool id, or null if not registered yet. */
export function selectExtensionPanel(tabContext: string, label: string): string {
  return `(async () => {
    ${tabPrelude(tabContext)}
    const tb = gDevTools.getToolboxForTab(tab)
    const tool = tb && tb.getAdditionalTools().find(t => t.label === ${q(label)})
    if (!tool) return null
    await tb.selectTool(tool.id)
    return tool.id
  })()`
}

export type ViewType = 'devtools_panel' | 'devtools_page' | 'background'

function viewPicker(addonId: string, viewType: ViewType, tabContext: string | null): string {
  const mine = tabContext
    ? `${tabPrelude(tabContext)}
       const tb = gDevTools.getToolboxForTab(tab)
       const mine = (v) => v.devToolsToolbox === tb`
    : 'const mine = () => true'
  return `${mine}
    const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs')
    const view = Array.from(ExtensionParent.ParentAPIManager.proxyContexts.values()).find(
      v => v.extension && v.extension.id === ${q(addonId)} && v.viewType === ${q(viewType)} && v.xulBrowser && mine(v))`
}

/** True once the add-on's view has its extension context (a moment after its URL shows up). */
export function hasView(addonId: string, viewType: ViewType, tabContext: string | null): string {
  return `(() => {
    ${viewPicker(addonId, viewType, tabContext)}
    return Boolean(view)
  })()`
}

/**
 * Evaluates `expression` in one of the add-on's own documents, which BiDi cannot address (they
 * are not tabs). A frame script runs it in a sandbox over the page's window, so CSP does not
 * apply and the page's globals (`browser`, `document`) are visible. DevTools views are picked by
 * the toolbox of the tab; the background has no tab.
 */
export function evaluateInView(
  addonId: string,
  viewType: ViewType,
  tabContext: string | null,
  expression: string,
  timeout: number,
): string {
  return `new Promise((resolve, reject) => {
    ${viewPicker(addonId, viewType, tabContext)}
    if (!view) throw new Error('No ${viewType} view of ${addonId} is open')
    const mm = view.xulBrowser.messageManager
    const name = 'md-e2e-' + Math.random().toString(36).slice(2)
    const timer = setTimeout(() => done({ error: 'no answer from the ${viewType} within ${timeout} ms' }), ${timeout})
    const listener = (msg) => done(msg.data)
    function done(reply) {
      clearTimeout(timer)
      mm.removeMessageListener(name, listener)
      if ('error' in reply) reject(new Error(reply.error))
      else resolve(reply.json === undefined ? undefined : JSON.parse(reply.json))
    }
    mm.addMessageListener(name, listener)
    const script = function (name, expression) {
      const sandbox = Components.utils.Sandbox(content, { sandboxPrototype: content, wantXrays: false, sameZoneAs: content })
      Promise.resolve()
        .then(() => Components.utils.evalInSandbox(expression, sandbox))
        .then(
          (value) => sendAsyncMessage(name, { json: JSON.stringify(value) }),
          (err) => sendAsyncMessage(name, { error: String(err) }),
        )
    }
    mm.loadFrameScript('data:,' + encodeURIComponent('(' + script + ')(' + JSON.stringify(name) + ', ' + ${q(JSON.stringify(expression))} + ')'), false)
  })`
}

/** PNG data URL of the whole browser window, toolbox included (BiDi screenshots refuse chrome scope). */
export function windowSnapshot(): string {
  return `(async () => {
    const bitmap = await window.browsingContext.currentWindowGlobal.drawSnapshot(null, 1, 'white')
    const canvas = document.createElement('canvas')
    canvas.width = bitmap.width
    canvas.height = bitmap.height
    canvas.getContext('2d').drawImage(bitmap, 0, 0)
    return canvas.toDataURL('image/png')
  })()`
}

export interface TerminateResult {
  /** `backgroundState` before and right after: 'running' → 'stopped' when the page was suspended. */
  before: string
  after: string
}

/**
 * Suspends the add-on's event page the way its idle timer does: Firefox's IdleManager.timeout()
 * calls `extension.terminateBackground()` with no options, so the same keep-alive checks apply
 * (pending listener promises, native ports, stream filters).
 */
export function terminateBackground(addonId: string): string {
  return `(async () => {
    const policy = WebExtensionPolicy.getByID(${q(addonId)})
    const extension = policy && policy.extension
    if (!extension || typeof extension.terminateBackground !== 'function')
      throw new Error('No event page to terminate for ${addonId}')
    const before = extension.backgroundState
    await extension.terminateBackground()
    return { before, after: extension.backgroundState }
  })()`
}

/** Starts the add-on's event page if Firefox has suspended it (as any event for it would). */
export function wakeBackground(addonId: string): string {
  return `(async () => {
    const policy = WebExtensionPolicy.getByID(${q(addonId)})
    const extension = policy && policy.extension
    if (!extension || typeof extension.wakeupBackground !== 'function')
      throw new Error('No event page to wake for ${addonId}')
    await extension.wakeupBackground()
    return extension.backgroundState
  })()`
}
