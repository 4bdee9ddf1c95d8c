import browser, { type Runtime } from 'webextension-polyfill'
import { describeDrop, isDevtoolsToWorker, PORT_NAME } from '../shared/messages'
import { readDescription } from './description-service'
import { ObservedUrls } from './observed'
import { ProbeService } from './probe-service'

const observed = new ObservedUrls()
const probes = new ProbeService(observed)
const ownOrigin = new URL(browser.runtime.getURL('/')).origin

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
    if (m.type === 'worker/observed') {
      observed.add(m.tabId, m.urls)
      return
    }
    const answer =
      m.type === 'worker/probe'
        ? probes.handle(m)
        : readDescription((origin) => probes.acquire(origin), m, observed)
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
