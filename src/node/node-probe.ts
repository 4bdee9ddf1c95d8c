import type { Engine, ProbeTarget } from '../core/engine'
import { isForbiddenHost, isForbiddenUrl } from '../core/probe/address'
import type { ProbeMode } from '../core/probe/ladder'
import { runLadder } from '../core/probe/run-ladder'
import { DEFAULT_LIMITS, ProbeScheduler } from '../core/probe/scheduler'
import { PROBE_TIMEOUT_MS, type ProbeFetch } from '../core/probe/send-step'
import { isHttpUrl, siteOf } from '../core/url'
import { guardedFetch } from './guarded-fetch'

/** Endpoints the engine wants probed: http(s) only, as in the extension. */
export function probeTargets(engine: Engine): ProbeTarget[] {
  return engine.takeProbeTargets().filter((t) => isHttpUrl(t.url))
}

export interface ProbePlan {
  /** Targets on the site of one of the capture's pages, or on an origin the user allowed. */
  targets: ProbeTarget[]
  /** Endpoints left out per origin: no page of the capture is on it; --probe-allow would add it. */
  skipped: Map<string, number>
  /** Endpoints on link-local or cloud-metadata addresses, per origin: never probed. */
  forbidden: Map<string, number>
}

/** What an allowed origin (the CLI's `--probe-allow`, the fixture's `probeAllow`) reads as. */
export type AllowedOrigin = { origin: string } | { refused: 'not-origin' | 'forbidden' }

/**
 * An http(s) origin as `URL.origin` writes it, from what the user typed (`https://api.example.com`,
 * a trailing slash allowed); anything else (no scheme, a path, a query, credentials, another
 * scheme) is `not-origin`, and a link-local or cloud-metadata host, never probed, is `forbidden`.
 */
export function allowedOrigin(value: string): AllowedOrigin {
  let u: URL | null = null
  try {
    u = new URL(value)
  } catch {
    return { refused: 'not-origin' }
  }
  const origin =
    (u.protocol === 'http:' || u.protocol === 'https:') &&
    u.username === '' &&
    u.password === '' &&
    u.pathname === '/' &&
    u.search === '' &&
    u.hash === '' &&
    /^https?:\/\/[^/?#]+\/?$/i.test(value)
  if (!origin) return { refused: 'not-origin' }
  return isForbiddenHost(u.hostname) ? { refused: 'forbidden' } : { origin: u.origin }
}

/** Keeps the targets the user meant: the capture's own pages' sites plus the allowed origins. */
export function planProbes(
  candidates: readonly ProbeTarget[],
  pageSites: ReadonlySet<string>,
  allowed: ReadonlySet<string>,
): ProbePlan {
  const plan: ProbePlan = { targets: [], skipped: new Map(), forbidden: new Map() }
  for (const t of candidates) {
    const site = siteOf(t.url)
    if (site === null) continue
    const bump = (m: Map<string, number>) => m.set(site, (m.get(site) ?? 0) + 1)
    if (isForbiddenUrl(t.url)) bump(plan.forbidden)
    else if (pageSites.has(site) || allowed.has(site)) plan.targets.push(t)
    else bump(plan.skipped)
  }
  return plan
}

/** The extension's limits, for one CLI run: probes and API-description reads share them. */
export function cliScheduler(): ProbeScheduler {
  return new ProbeScheduler(DEFAULT_LIMITS, {
    now: () => Date.now(),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  })
}

/** Probes the targets with the extension's rules and limits, and folds the answers in. */
export async function probeAll(
  engine: Engine,
  mode: ProbeMode,
  targets: readonly ProbeTarget[] = probeTargets(engine),
  scheduler: ProbeScheduler = cliScheduler(),
  fetch: ProbeFetch = guardedFetch(),
): Promise<void> {
  const results = await Promise.all(
    targets.map((t) =>
      runLadder(
        { ...t, knownToExist: engine.knownToExist(t.url, t.method) },
        { fetch, scheduler, now: () => performance.now(), timeoutMs: PROBE_TIMEOUT_MS, mode },
      ),
    ),
  )
  for (const r of results) engine.addProbe(r)
}
