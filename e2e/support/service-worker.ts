// Drives the extension's MV3 service worker: evaluate in it, stop it, wake it, ask whether it runs.
import type { BrowserContext, CDPSession, Worker } from '@playwright/test'
import { getTargets, TargetSession } from './cdp-target'
import { browserSession } from './devtools-cdp'
import { poll } from './poll'

const TIMEOUT = 10_000

function origin(extensionId: string): string {
  return `chrome-extension://${extensionId}/`
}

/**
 * Playwright keeps one Worker per service-worker version: it stays valid across a stop and
 * restart (the DevTools host outlives the process), but evaluating while stopped hangs.
 */
export function currentWorker(context: BrowserContext, extensionId: string): Worker {
  const worker = context.serviceWorkers().find((w) => w.url().startsWith(origin(extensionId)))
  if (!worker) throw new Error(`No service worker registered for extension ${extensionId}`)
  return worker
}

/** True while the worker has a running process (its target exists only then). */
export async function isWorkerRunning(context: BrowserContext, extensionId: string): Promise<boolean> {
  return withBrowserSession(context, async (browser) => {
    const targets = await getTargets(browser)
    return targets.some((t) => t.type === 'service_worker' && t.url.startsWith(origin(extensionId)))
  })
}

/**
 * Stops the worker as Chrome's idle timeout would. The browser target has no ServiceWorker
 * domain, so this goes through a page session (any tab; it stops every worker of the profile).
 */
export async function stopWorker(
  context: BrowserContext,
  extensionId: string,
  timeout = TIMEOUT,
): Promise<void> {
  // A devtools page reconnects at once and so restarts the worker: the stop shows either as no
  // process, or as a process without the mark the old one carried. Polling for the first alone
  // can miss a short stopped window on a busy machine.
  const mark = (await isWorkerRunning(context, extensionId))
    ? await withTimeout(
        currentWorker(context, extensionId).evaluate('globalThis.mdE2eInstance ??= crypto.randomUUID()'),
        TIMEOUT,
      )
    : undefined
  const page = context.pages()[0] ?? (await context.newPage())
  const session = await context.newCDPSession(page)
  try {
    await session.send('ServiceWorker.enable')
    await session.send('ServiceWorker.stopAllWorkers')
  } finally {
    await session.detach()
  }
  await poll(
    async () => {
      if (!(await isWorkerRunning(context, extensionId))) return true
      if (mark === undefined) return false
      const now = await withTimeout(
        currentWorker(context, extensionId).evaluate('globalThis.mdE2eInstance'),
        1_000,
      )
      return now !== mark
    },
    { timeout, what: 'the service worker to stop' },
  )
}

/** Rejects when `p` takes longer than `ms`: evaluating in a worker that is stopping can hang. */
function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
    p.then(
      (v) => {
        clearTimeout(timer)
        resolve(v)
      },
      (e: unknown) => {
        clearTimeout(timer)
        reject(e)
      },
    )
  })
}

/**
 * Starts a stopped worker with a postMessage from an extension page. Chrome ignores
 * ServiceWorker.startWorker and dispatchSyncEvent for extension workers; an event does work.
 * Uses an open extension frame (the devtools page, a panel) or opens manifest.json in a tab.
 */
export async function wakeWorker(
  context: BrowserContext,
  extensionId: string,
  timeout = TIMEOUT,
): Promise<void> {
  if (await isWorkerRunning(context, extensionId)) return
  const post = `navigator.serviceWorker.getRegistration().then(r => {
    if (!r || !r.active) throw new Error('no active service worker registration')
    r.active.postMessage({ type: 'md-e2e-wake' })
  })`
  await withBrowserSession(context, async (browser) => {
    const frame = (await getTargets(browser)).find(
      (t) => (t.type === 'iframe' || t.type === 'page') && t.url.startsWith(origin(extensionId)),
    )
    if (frame) {
      const session = await TargetSession.attach(browser, frame)
      await session.evaluate(post).finally(() => session.detach())
      return
    }
    const tab = await context.newPage()
    await tab.goto(`${origin(extensionId)}manifest.json`)
    await tab.evaluate(post).finally(() => tab.close())
  })
  await poll(() => isWorkerRunning(context, extensionId), { timeout, what: 'the service worker to start' })
}

/** Evaluates in the worker, waking it first: Playwright would otherwise wait forever on a stopped one. */
export async function evaluateInWorker<T>(
  context: BrowserContext,
  extensionId: string,
  fn: string | (() => T | Promise<T>),
): Promise<T> {
  await wakeWorker(context, extensionId)
  return currentWorker(context, extensionId).evaluate(fn)
}

async function withBrowserSession<T>(
  context: BrowserContext,
  fn: (browser: CDPSession) => Promise<T>,
): Promise<T> {
  const browser = await browserSession(context)
  try {
    return await fn(browser)
  } finally {
    await browser.detach().catch(() => {})
  }
}
