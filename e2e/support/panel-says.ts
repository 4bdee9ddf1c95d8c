import type { PanelToDevtools } from '../../src/shared/messages'

/**
 * An expression for the devtools page that posts a panel message on the tab's real channel,
 * exactly as the panel's controls do (BroadcastChannel delivers to the page's own listener).
 */
export const panelSays = (message: PanelToDevtools): string =>
  `(() => { const c = new BroadcastChannel('method-doctor/tab/' + chrome.devtools.inspectedWindow.tabId); c.postMessage(${JSON.stringify(message)}); c.close(); return true })()`
