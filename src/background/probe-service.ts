import browser from 'webextension-polyfill'
import { runLadder } from '../core/probe/ladder-run'
import { PROBE_TIMEOUT_MS, type ProbeFetch } from '../core/probe/run'
import { DEFAULT_LIMITS, ProbeScheduler, type SchedulerSnapshot } from '../core/probe/scheduler'
import type { ProbeResult } from '../core/types'
import { parseUrl } from '../core/url'
import {
  type DevtoolsToWorker,
  isProbeResult,
  type ProbeRefusal,
  type WorkerToDevtools,
} from '../shared/messages'
import { pairKey, parsePairs } from '../shared/origin-pairs'
import { APPROVALS_KEY } from '../shared/probe-approvals'
import { CREDENTIALS_KEY } from '../shared/probe-credentials'
import { hasHostPermission } from './host-permission'
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

/** The user's clicks, as `pairKey(site, target)` sets (origin-pairs.ts). */
export interface ProbeChoices {
  /** Origins other than the inspected site the user allowed probing while inspecting that site. */
  approvals: ReadonlySet<string>
  /** Pairs whose probes may carry the user's cookies. */
  credentials: ReadonlySet<string>
}

/** Read fresh before every probe request: the panel writes them, no message can. */
export type ReadChoices = () => Promise<ProbeChoices>

const storedChoices: ReadChoices = async () => {
  try {
    const got = await browser.storage.local.get([APPROVALS_KEY, CREDENTIALS_KEY])
    return { approvals: parsePairs(got[APPROVALS_KEY]), credentials: parsePairs(got[CREDENTIALS_KEY]) }
  } catch {
    return { approvals: new Set(), credentials: new Set() }
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
    private readonly choices: ReadChoices = storedChoices,
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
    // The site this worker was told for the tab, never one a probe request names.
    const site = this.observed.site(tabId) ?? ''
    const refuse = (reason: ProbeRefusal): WorkerToDevtools => ({
      type: 'worker/probe-refused',
      id,
      site,
      reason,
    })
    const url = parseUrl(request.url)
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return refuse('not-http')
    if (!this.observed.has(tabId, request.url)) return refuse('not-observed')
    // The inspected site is probed without a click; any other origin (another loopback port too)
    // only after the user allowed it while inspecting this site.
    const pair = pairKey(site, url.origin)
    const ownSite = site !== '' && url.origin === site
    const allowed = (c: ProbeChoices): boolean => ownSite || c.approvals.has(pair)
    const choices = await this.choices()
    if (!allowed(choices)) return refuse('not-approved')
    if (!(await hasHostPermission(url.protocol, url.host))) return refuse('no-permission')
    const withCredentials = choices.credentials.has(pair)
    if (m.fresh) {
      this.scheduler.invalidate(request.endpoint)
      this.scheduler.invalidate(`${request.endpoint} +credentials`)
    }
    const result = await runLadder(request, {
      fetch: this.fetchFn,
      withCredentials,
      // Right before each request: a revoked approval or a changed cookie choice stops the ladder.
      choiceUnchanged: async () => {
        const now = await this.choices()
        return allowed(now) && now.credentials.has(pair) === withCredentials
      },
      scheduler: this.scheduler,
      now: () => performance.now(),
      timeoutMs: PROBE_TIMEOUT_MS,
      mode: m.mode,
    })
    return { type: 'worker/probe-result', id, site, result }
  }
}
