import browser from 'webextension-polyfill'
import { runLadder } from '../core/probe/ladder-run'
import { PROBE_TIMEOUT_MS, type ProbeFetch } from '../core/probe/run'
import { DEFAULT_LIMITS, ProbeScheduler, type SchedulerSnapshot } from '../core/probe/scheduler'
import type { ProbeResult } from '../core/types'
import { parseUrl } from '../core/url'
import { type DevtoolsToWorker, isProbeResult, type WorkerToDevtools } from '../shared/messages'
import { CREDENTIALS_KEY, parseCredentialOrigins } from '../shared/probe-credentials'
import type { ObservedUrls } from './observed'

/** Where the limits' state outlives the worker: Chrome stops idle workers, Firefox suspends event pages. */
export interface SessionStore {
  get(key: string): Promise<Record<string, unknown>>
  set(items: Record<string, unknown>): Promise<void>
}

const STATE_KEY = 'probeLimits'

function sessionStore(): SessionStore | null {
  const session = (browser.storage as { session?: SessionStore } | undefined)?.session
  return session && typeof session.get === 'function' ? session : null
}

function asSnapshot(v: unknown): SchedulerSnapshot | null {
  if (typeof v !== 'object' || v === null) return null
  const { sent, cache } = v as { sent?: unknown; cache?: unknown }
  if (typeof sent !== 'object' || sent === null || typeof cache !== 'object' || cache === null) return null
  const goodCache: Record<string, { at: number; result: ProbeResult }> = {}
  for (const [k, e] of Object.entries(cache)) {
    const entry = e as { at?: unknown; result?: unknown }
    if (typeof entry?.at === 'number' && isProbeResult(entry.result))
      goodCache[k] = { at: entry.at, result: entry.result as ProbeResult }
  }
  return { sent: sent as Record<string, number[]>, cache: goodCache }
}

/** The worker's fetch, typed to what the probe needs. */
const workerFetch: ProbeFetch = (url, init) => fetch(url, init)

/** The origins the user opted in to credentialed probes, read fresh for every probe. */
export type CredentialOrigins = () => Promise<ReadonlySet<string>>

const storedCredentialOrigins: CredentialOrigins = async () => {
  try {
    return parseCredentialOrigins((await browser.storage.local.get(CREDENTIALS_KEY))[CREDENTIALS_KEY])
  } catch {
    return new Set()
  }
}

/** Validates a probe request against every rule, then runs the discovery ladder. */
export class ProbeService {
  private scheduler = new ProbeScheduler(DEFAULT_LIMITS, {
    now: () => Date.now(),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    changed: () => this.save(),
  })
  /** The previous worker's budget and answers, read back before anything is sent. */
  private readonly restored: Promise<void>
  private saving = false

  constructor(
    private readonly observed: ObservedUrls,
    private readonly store: SessionStore | null = sessionStore(),
    private readonly credentialOrigins: CredentialOrigins = storedCredentialOrigins,
    private readonly fetchFn: ProbeFetch = workerFetch,
  ) {
    this.restored = this.load()
  }

  /** API-description reads share the probes' per-origin budget. */
  async acquire(origin: string): Promise<boolean> {
    await this.restored
    return this.scheduler.acquire(origin)
  }

  private async load(): Promise<void> {
    try {
      const snap = asSnapshot((await this.store?.get(STATE_KEY))?.[STATE_KEY])
      if (snap) this.scheduler.restore(snap)
    } catch {
      // No stored state: the limits start fresh, as on a first start.
    }
  }

  /** Changes of one task are written once, at its end: before the worker can be stopped. */
  private save(): void {
    if (!this.store || this.saving) return
    this.saving = true
    queueMicrotask(() => {
      this.saving = false
      this.store?.set({ [STATE_KEY]: this.scheduler.snapshot() }).catch(() => undefined)
    })
  }

  async handle(m: Extract<DevtoolsToWorker, { type: 'worker/probe' }>): Promise<WorkerToDevtools> {
    await this.restored
    const { id, tabId, request } = m
    const url = parseUrl(request.url)
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      return { type: 'worker/probe-refused', id, reason: 'not-http' }
    }
    if (!this.observed.has(tabId, request.url))
      return { type: 'worker/probe-refused', id, reason: 'not-observed' }
    if (!(await this.permitted(url.protocol, url.host)))
      return { type: 'worker/probe-refused', id, reason: 'no-permission' }
    const withCredentials = (await this.credentialOrigins()).has(url.origin)
    if (m.fresh) {
      this.scheduler.invalidate(request.endpoint)
      this.scheduler.invalidate(`${request.endpoint} +credentials`)
    }
    const result = await runLadder(request, {
      fetch: this.fetchFn,
      withCredentials,
      choiceUnchanged: async () => (await this.credentialOrigins()).has(url.origin) === withCredentials,
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
