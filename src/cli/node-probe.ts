import type { Engine, ProbeTarget } from '../core/engine'
import type { ProbeMode } from '../core/probe/ladder'
import { runLadder } from '../core/probe/ladder-run'
import { PROBE_TIMEOUT_MS, type ProbeFetch } from '../core/probe/run'
import { DEFAULT_LIMITS, ProbeScheduler } from '../core/probe/scheduler'
import { isHttpUrl } from '../core/url'

const nodeFetch: ProbeFetch = (url, init) => fetch(url, init)

/** Endpoints the engine wants probed: http(s) only, as in the extension. */
export function probeTargets(engine: Engine): ProbeTarget[] {
  return engine.takeProbeTargets().filter((t) => isHttpUrl(t.url))
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
): Promise<void> {
  const results = await Promise.all(
    targets.map((t) =>
      runLadder(
        { ...t, knownToExist: engine.knownToExist(t.url, t.method) },
        { fetch: nodeFetch, scheduler, now: () => performance.now(), timeoutMs: PROBE_TIMEOUT_MS, mode },
      ),
    ),
  )
  for (const r of results) engine.addProbe(r)
}
