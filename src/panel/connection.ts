/** The panel's side of the devtools-page protocol: hello/retry, discovery, batching, whole findings. */
import type { Finding } from '../core/types'
import { type Adapter, broadcastAdapter } from '../shared/channel'
import {
  type DevtoolsToPanel,
  DISCOVERY_CHANNEL,
  type Discovery,
  isDevtoolsToPanel,
  isDiscovery,
  normalizeFinding,
  type PanelToDevtools,
  tabChannel,
} from '../shared/messages'
import { browserScheduler, createBatcher, type Scheduler } from './batcher'

export type PanelAdapter = Adapter<DevtoolsToPanel, PanelToDevtools>

export interface Link {
  send(message: PanelToDevtools): void
  /**
   * The whole findings behind these summaries (every finding without `ids`), from the devtools
   * page; rejects when it does not answer in time or the link closes.
   */
  findings(ids?: readonly string[]): Promise<Finding[]>
  close(): void
}

/** How long a question for whole findings waits (an export of a long capture builds them all). */
export const FINDINGS_TIMEOUT_MS = 20_000

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
  // Every panel of the tab hears every answer: numbers start at random, so two panels' questions
  // do not share one, and an answer for a row must hold only the findings asked for.
  let asked = Math.floor(Math.random() * 2 ** 30)
  const waiting = new Map<
    number,
    { ids: ReadonlySet<string> | null; done(f: Finding[]): void; fail(e: Error): void; stop(): void }
  >()
  let answered = false
  let attempt = 0
  let cancelRetry = (): void => {}
  const hello = (): void => {
    if (answered) return
    adapter.send({ type: 'panel/hello' })
    cancelRetry = scheduler.timeout(hello, retryDelay(attempt++, retryMs))
  }
  const off = adapter.listen((m) => {
    if (m.type === 'devtools/findings') {
      const w = waiting.get(m.request)
      if (!w || (w.ids && !m.findings.every((f) => w.ids!.has(f.id)))) return
      waiting.delete(m.request)
      w.stop()
      w.done(m.findings.map(normalizeFinding))
      return
    }
    if (m.type === 'devtools/snapshot') {
      answered = true
      cancelRetry()
    }
    batcher.push(m)
  })
  hello()
  return {
    send: (m) => adapter.send(m),
    findings(ids) {
      const request = ++asked
      return new Promise<Finding[]>((done, fail) => {
        const stop = scheduler.timeout(() => {
          waiting.delete(request)
          fail(new Error('the devtools page did not send the findings'))
        }, FINDINGS_TIMEOUT_MS)
        waiting.set(request, { ids: ids ? new Set(ids) : null, done, fail, stop })
        adapter.send({ type: 'panel/findings', request, ...(ids ? { ids: [...ids] } : {}) })
      })
    },
    close() {
      for (const w of waiting.values()) {
        w.stop()
        w.fail(new Error('the panel closed its link'))
      }
      waiting.clear()
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
    findings: (ids) => tabId.then(() => (real ? real.findings(ids) : Promise.reject(new Error('closed')))),
    close() {
      closed = true
      real?.close()
    },
  }
}
