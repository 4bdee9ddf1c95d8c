import browser, { type Runtime } from 'webextension-polyfill'
import {
  type DevtoolsToWorker,
  describeDrop,
  isWorkerToDevtools,
  PORT_NAME,
  type WorkerToDevtools,
} from '../shared/messages'

/**
 * A port to the background worker that re-creates itself: Chrome stops idle MV3 workers and
 * Firefox suspends event pages, which disconnects the port. `onReconnect` lets the owner
 * re-send what the new worker must know.
 */
export class WorkerPort {
  private port: Runtime.Port | null = null
  private handlers = new Set<(m: WorkerToDevtools) => void>()
  private retries = 0
  private closed = false
  /** A port was lost: whoever creates the next one must first re-tell the new worker what it knew. */
  private needsResync = false
  private timer: ReturnType<typeof setTimeout> | null = null

  constructor(private readonly onReconnect: () => void) {}

  send(message: DevtoolsToWorker): void {
    try {
      this.connect().postMessage(message)
    } catch {
      // The worker went away between connect and post: reconnect and replay.
      this.lost()
    }
  }

  listen(h: (m: WorkerToDevtools) => void): () => void {
    this.handlers.add(h)
    return () => this.handlers.delete(h)
  }

  close(): void {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    this.port?.disconnect()
  }

  private connect(): Runtime.Port {
    if (this.port) return this.port
    const port = browser.runtime.connect({ name: PORT_NAME })
    port.onMessage.addListener((m: unknown) => {
      if (!isWorkerToDevtools(m)) {
        console.warn('[method-doctor] dropped worker message:', describeDrop(m))
        return
      }
      for (const h of this.handlers) h(m)
    })
    port.onDisconnect.addListener(() => {
      if (this.port === port) this.lost()
    })
    this.port = port
    this.retries = 0
    if (this.needsResync) {
      // Whether the timer or a new message got here first, the new worker hears the state first.
      this.needsResync = false
      this.onReconnect()
    }
    return port
  }

  private lost(): void {
    this.port = null
    this.needsResync = true
    if (this.closed || this.timer || this.retries > 20) return
    const delay = Math.min(2000, 50 * 2 ** this.retries++)
    this.timer = setTimeout(() => {
      this.timer = null
      if (this.closed || this.port) return
      try {
        this.connect()
      } catch {
        this.lost()
      }
    }, delay)
  }
}
