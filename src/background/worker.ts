import browser, { type Runtime } from 'webextension-polyfill'
import { describeDrop, isDevtoolsToWorker, PORT_NAME } from '../shared/messages'
import { LEGACY_CREDENTIALS_KEY } from '../shared/probe-credentials'
import { ObservedUrls } from './observed'
import { ProbeService } from './probe-service'
import { route } from './route'

const observed = new ObservedUrls()
const probes = new ProbeService(observed)
const ownOrigin = new URL(browser.runtime.getURL('/')).origin

// The old cookie opt-in was per target origin, for every site inspected later: never read, gone.
browser.storage.local.remove(LEGACY_CREDENTIALS_KEY).catch(() => undefined)

/** Only this extension's own pages may talk to the worker. */
function fromOwnPage(sender: Runtime.MessageSender | undefined): boolean {
  if (!sender || sender.id !== browser.runtime.id) return false
  const url = sender.url ?? ''
  return url.startsWith(`${ownOrigin}/`)
}

browser.runtime.onConnect.addListener((port) => {
  if (port.name !== PORT_NAME || !fromOwnPage(port.sender)) {
    port.disconnect()
    return
  }
  let alive = true
  port.onDisconnect.addListener(() => {
    alive = false
  })
  port.onMessage.addListener((m: unknown) => {
    if (!isDevtoolsToWorker(m)) {
      console.warn('[method-doctor] dropped message:', describeDrop(m))
      return
    }
    const answer = route(m, observed, probes)
    if (answer === null) return
    void answer.then((answer) => {
      if (alive) port.postMessage(answer)
    })
  })
})

browser.tabs.onRemoved.addListener((tabId) => observed.forget(tabId))

// The toolbar button opens the panel as a page: import a HAR without DevTools.
browser.action.onClicked.addListener(() => {
  void browser.tabs.create({ url: browser.runtime.getURL('/src/panel/index.html') })
})
