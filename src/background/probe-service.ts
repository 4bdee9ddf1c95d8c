import browser from 'webextension-polyfill'
import { probeCacheKey } from '../core/keys'
import { runLadder } from '../core/probe/run-ladder'
import { DEFAULT_LIMITS, ProbeScheduler, type SchedulerSnapshot } from '../core/probe/scheduler'
import { PROBE_TIMEOUT_MS, type ProbeFetch } from '../core/probe/send-step'
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

  async handle(m: Extract<DevtoolsToWorker, { type: 'devtools/probe-request' }>): Promise<WorkerToDevtools> {
    await this.restored
    const { id, tabId, request } = m
    // Sites come from this worker's own records, never from the probe request.
    const refuse = (reason: ProbeRefusal, site = this.observed.site(tabId) ?? ''): WorkerToDevtools => ({
      type: 'worker/probe-refused',
      id,
      site,
      reason,
    })
    const url = parseUrl(request.url)
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return refuse('not-http')
    // Judged by the sites the page was on when it requested the URL, not the one inspected now:
    // a page that requests a URL and then navigates the tab to its origin has not made it that
    // site's own. Its own origin is probed without a click; any other origin (another loopback
    // port too) only after the user allowed it for the pair (that site, target).
    const sites = this.observed.sitesOf(tabId, request.url)
    if (sites.length === 0) return refuse('not-observed')
    const target = url.origin
    const own = sites.includes(target)
    const judge = (c: ProbeChoices): string | null =>
      own ? target : latest(sites, (s) => s !== '' && c.approvals.has(pairKey(s, target)))
    const choices = await this.choices()
    const site = judge(choices)
    // The click the panel offers is for the latest site the page requested the URL under.
    if (site === null) return refuse('not-approved', latest(sites, (s) => s !== '') ?? '')
    if (!(await hasHostPermission(url.protocol, url.host))) return refuse('no-permission', site)
    const pair = pairKey(site, target)
    const withCredentials = choices.credentials.has(pair)
    if (m.fresh) {
      for (const withCookies of [false, true])
        this.scheduler.invalidate(probeCacheKey(request.endpoint, withCookies))
    }
    const result = await runLadder(request, {
      fetch: this.fetchFn,
      withCredentials,
      // Right before each request: a revoked approval or a changed cookie choice stops the ladder.
      choiceUnchanged: async () => {
        const now = await this.choices()
        return judge(now) === site && now.credentials.has(pair) === withCredentials
      },
      scheduler: this.scheduler,
      now: () => performance.now(),
      timeoutMs: PROBE_TIMEOUT_MS,
      mode: m.mode,
    })
    return { type: 'worker/probe-result', id, site, result }
  }
}

/** The last of `list` that passes `ok`, or null. */
function latest(list: readonly string[], ok: (s: string) => boolean): string | null {
  for (let i = list.length - 1; i >= 0; i--) if (ok(list[i]!)) return list[i]!
  return null
}
