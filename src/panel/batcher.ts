/**
 * Collects items and hands them over once per animation frame. A DevTools panel that is not
 * shown gets no frames, so a timer flushes too: the queue never grows without bound.
 */
export interface Scheduler {
  frame(cb: () => void): () => void
  timeout(cb: () => void, ms: number): () => void
}

export const browserScheduler: Scheduler = {
  frame(cb) {
    if (typeof requestAnimationFrame !== 'function') return browserScheduler.timeout(cb, 16)
    const id = requestAnimationFrame(cb)
    return () => cancelAnimationFrame(id)
  },
  timeout(cb, ms) {
    const id = setTimeout(cb, ms)
    return () => clearTimeout(id)
  },
}

export interface Batcher<T> {
  push(item: T): void
  /** Flushes now (e.g. on close). */
  flush(): void
  cancel(): void
}

export function createBatcher<T>(
  onFlush: (items: T[]) => void,
  scheduler = browserScheduler,
  maxWaitMs = 200,
): Batcher<T> {
  let items: T[] = []
  let cancels: (() => void)[] = []
  const flush = (): void => {
    for (const c of cancels) c()
    cancels = []
    if (items.length === 0) return
    const out = items
    items = []
    onFlush(out)
  }
  return {
    push(item) {
      items.push(item)
      if (cancels.length === 0) cancels = [scheduler.frame(flush), scheduler.timeout(flush, maxWaitMs)]
    },
    flush,
    cancel() {
      for (const c of cancels) c()
      cancels = []
      items = []
    },
  }
}
