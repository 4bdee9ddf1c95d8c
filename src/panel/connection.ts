/** The panel's side of the devtools-page protocol: hello/retry, discovery, batching. */
import { type Adapter, broadcastAdapter } from '../shared/channel'
import {
  type DevtoolsToPanel,
  DISCOVERY_CHANNEL,
  type Discovery,
  isDevtoolsToPanel,
  isDiscovery,
  type PanelToDevtools,
  tabChannel,
} from '../shared/messages'
import { browserScheduler, createBatcher, type Scheduler } from './batcher'

export type PanelAdapter = Adapter<DevtoolsToPanel, PanelToDevtools>

export interface Link {
  send(message: PanelToDevtools): void
  close(): void
}

/** Retry delay: every second at first (the devtools page may start later), then every 3 s. */
const retryDelay = (attempt: number, base: number): number => (attempt < 10 ? base : base * 3)

/**
 * Says hello until a snapshot arrives and hands incoming messages over in per-frame batches.
 * A snapshot that arrives unasked (the devtools page restarted) is applied like any other.
 */
export function openLink(
  adapter: PanelAdapter,
  onBatch: (messages: DevtoolsToPanel[]) => void,
  scheduler: Scheduler = browserScheduler,
  retryMs = 1000,
): Link {
  const batcher = createBatcher(onBatch, scheduler)
  let answered = false
  let attempt = 0
  let cancelRetry = (): void => {}
  const hello = (): void => {
    if (answered) return
    adapter.send({ type: 'panel/hello' })
    cancelRetry = scheduler.timeout(hello, retryDelay(attempt++, retryMs))
  }
  const off = adapter.listen((m) => {
    if (m.type === 'devtools/snapshot') {
      answered = true
      cancelRetry()
    }
    batcher.push(m)
  })
  hello()
  return {
    send: (m) => adapter.send(m),
    close() {
      cancelRetry()
      off()
      batcher.cancel()
      adapter.close()
    },
  }
}

/** Asks open devtools pages to announce themselves and resolves with the first tab that does. */
export function discoverTab(
  adapter: Adapter<Discovery, Discovery>,
  scheduler: Scheduler = browserScheduler,
  retryMs = 1000,
): Promise<number> {
  return new Promise((resolve) => {
    let attempt = 0
    let cancel = (): void => {}
    const ask = (): void => {
      adapter.send({ type: 'panel/discover' })
      cancel = scheduler.timeout(ask, retryDelay(attempt++, retryMs))
    }
    const off = adapter.listen((m) => {
      if (m.type !== 'devtools/announce') return
      cancel()
      off()
      adapter.close()
      resolve(m.tabId)
    })
    ask()
  })
}

const warnDrop = (reason: string): void =>
  console.warn(`Method Doctor panel: dropped a malformed message (${reason})`)

export function tabAdapter(tabId: number): PanelAdapter {
  return broadcastAdapter<DevtoolsToPanel, PanelToDevtools>(tabChannel(tabId), isDevtoolsToPanel, warnDrop)
}

export function discoveryAdapter(): Adapter<Discovery, Discovery> {
  return broadcastAdapter<Discovery, Discovery>(DISCOVERY_CHANNEL, isDiscovery, (why) =>
    console.warn('[method-doctor] dropped discovery message:', why),
  )
}

/**
 * A link whose tab is found later (`?tab=auto`): messages sent before the devtools page
 * announced itself are queued, then the link behaves exactly like a direct one.
 */
export function deferredLink(tabId: Promise<number>, open: (tabId: number) => Link): Link {
  let real: Link | null = null
  let closed = false
  const queue: PanelToDevtools[] = []
  void tabId.then((id) => {
    if (closed) return
    real = open(id)
    for (const m of queue.splice(0)) real.send(m)
  })
  return {
    send: (m) => (real ? real.send(m) : void queue.push(m)),
    close() {
      closed = true
      real?.close()
    },
  }
}
