import { describeDrop } from './messages'

/**
 * A typed, validated message adapter. The browser glue wraps BroadcastChannel or a runtime Port
 * in it; unit tests use the in-memory pair.
 */
export interface Adapter<In, Out> {
  send(message: Out): void
  /** Returns an unsubscribe function. */
  listen(handler: (message: In) => void): () => void
  close(): void
}

export function broadcastAdapter<In, Out>(
  name: string,
  accept: (m: unknown) => m is In,
  onDrop?: (reason: string) => void,
): Adapter<In, Out> {
  const channel = new BroadcastChannel(name)
  const handlers = new Set<(m: In) => void>()
  channel.onmessage = (e: MessageEvent<unknown>) => {
    if (!accept(e.data)) {
      onDrop?.(describeDrop(e.data))
      return
    }
    for (const h of handlers) h(e.data)
  }
  return {
    send: (m) => channel.postMessage(m),
    listen(h) {
      handlers.add(h)
      return () => handlers.delete(h)
    },
    close: () => channel.close(),
  }
}

/** Two connected in-memory adapters, for unit tests and the inline shell. */
export function memoryPair<A, B>(): [Adapter<A, B>, Adapter<B, A>] {
  const aHandlers = new Set<(m: A) => void>()
  const bHandlers = new Set<(m: B) => void>()
  const clone = <T>(m: T): T => structuredClone(m)
  const deliver = <T>(handlers: Set<(m: T) => void>, m: T) =>
    queueMicrotask(() => {
      for (const h of handlers) h(clone(m))
    })
  const subscribe = <T>(handlers: Set<(m: T) => void>, h: (m: T) => void) => {
    handlers.add(h)
    return () => handlers.delete(h)
  }
  const a: Adapter<A, B> = {
    send: (m) => deliver(bHandlers, m),
    listen: (h) => subscribe(aHandlers, h),
    close: () => aHandlers.clear(),
  }
  const b: Adapter<B, A> = {
    send: (m) => deliver(aHandlers, m),
    listen: (h) => subscribe(bHandlers, h),
    close: () => bHandlers.clear(),
  }
  return [a, b]
}
