import type { Engine } from '../core/engine'
import { runLadder } from '../core/probe/ladder-run'
import type { ProbeMode } from '../core/probe/ladder'
import type { ProbeFetch } from '../core/probe/run'
import { DEFAULT_LIMITS, ProbeScheduler } from '../core/probe/scheduler'
import { isHttpUrl } from '../core/url'

const nodeFetch: ProbeFetch = (url, init) => fetch(url, init)

/** Probes every endpoint the engine asks about, with the extension's rules and limits. */
export async function probeAll(engine: Engine, mode: ProbeMode, onStart: (count: number) => void): Promise<void> {
  const scheduler = new ProbeScheduler(DEFAULT_LIMITS, {
    now: () => Date.now(),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  })
  const targets = engine.takeProbeTargets().filter((t) => isHttpUrl(t.url))
  if (targets.length === 0) return
  onStart(targets.length)
  const results = await Promise.all(
    targets.map((t) =>
      runLadder(
        { ...t, knownToExist: engine.knownToExist(t.url, t.method) },
        { fetch: nodeFetch, scheduler, now: () => Date.now(), timeoutMs: 5000, mode },
      ),
    ),
  )
  for (const r of results) engine.addProbe(r)
}
