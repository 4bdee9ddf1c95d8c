import browser from 'webextension-polyfill'
import { runLadder } from '../core/probe/ladder-run'
import { PROBE_TIMEOUT_MS, type ProbeFetch } from '../core/probe/run'
import { DEFAULT_LIMITS, ProbeScheduler } from '../core/probe/scheduler'
import { parseUrl } from '../core/url'
import type { DevtoolsToWorker, WorkerToDevtools } from '../shared/messages'
import type { ObservedUrls } from './observed'

/** The worker's fetch, typed to what the probe needs. */
const workerFetch: ProbeFetch = (url, init) => fetch(url, init)

/** Validates a probe request against every rule, then runs the discovery ladder. */
export class ProbeService {
  private scheduler = new ProbeScheduler(DEFAULT_LIMITS, {
    now: () => Date.now(),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  })

  constructor(private readonly observed: ObservedUrls) {}

  /** API-description reads share the probes' per-origin budget. */
  acquire(origin: string): Promise<boolean> {
    return this.scheduler.acquire(origin)
  }

  async handle(m: Extract<DevtoolsToWorker, { type: 'worker/probe' }>): Promise<WorkerToDevtools> {
    const { id, tabId, request } = m
    const url = parseUrl(request.url)
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      return { type: 'worker/probe-refused', id, reason: 'not-http' }
    }
    if (!this.observed.has(tabId, request.url))
      return { type: 'worker/probe-refused', id, reason: 'not-observed' }
    if (!(await this.permitted(url.protocol, url.host)))
      return { type: 'worker/probe-refused', id, reason: 'no-permission' }
    if (m.fresh) this.scheduler.invalidate(request.endpoint)
    const result = await runLadder(request, {
      fetch: workerFetch,
      scheduler: this.scheduler,
      now: () => performance.now(),
      timeoutMs: PROBE_TIMEOUT_MS,
      mode: m.mode,
    })
    return { type: 'worker/probe-result', id, result }
  }

  /** Match patterns have no port (Firefox rejects a pattern with one); the grant covers every port. */
  private async permitted(protocol: string, host: string): Promise<boolean> {
    const hostname = host.replace(/:\d+$/, '')
    try {
      return await browser.permissions.contains({ origins: [`${protocol}//${hostname}/*`] })
    } catch {
      return false
    }
  }
}
