/**
 * The discovery ladder for one endpoint, run: ladder.ts picks each next step, send-step.ts sends it,
 * the scheduler bounds how many run at once and how fast.
 */
import { probeCacheKey } from '../keys'
import type { ProbeResult, ProbeStep } from '../types'
import { endpointOf, parseUrl } from '../url'
import { type LadderTarget, nextStep, type ProbeMode } from './ladder'
import type { ProbeScheduler } from './scheduler'
import { type ProbeFetch, probeStep } from './send-step'

export interface LadderRequest extends LadderTarget {
  endpoint: string
  url: string
}

export interface LadderDeps {
  fetch: ProbeFetch
  scheduler: ProbeScheduler
  /** A monotonic clock for durations (performance.now): Date.now() only has whole milliseconds. */
  now: () => number
  timeoutMs: number
  mode: ProbeMode
  /** The user opted this origin in to credentialed probes. */
  withCredentials?: boolean
  /**
   * Asked right before each request: is the credential choice still the one this ladder started
   * with? A probe can wait a minute for a slot; a choice changed meanwhile stops it unsent.
   */
  choiceUnchanged?: () => Promise<boolean>
}

/** Runs the discovery ladder for one endpoint under the scheduler's limits. Never throws. */
export function runLadder(req: LadderRequest, deps: LadderDeps): Promise<ProbeResult> {
  // Answers with and without the user's cookies are kept (and joined while in flight) apart.
  const key = probeCacheKey(req.endpoint, deps.withCredentials === true)
  return deps.scheduler.run(key, async () => {
    const steps: ProbeStep[] = []
    const origin = parseUrl(req.url)?.origin ?? ''
    const url = endpointOf(req.url) + (parseUrl(req.url)?.search ?? '')
    for (
      let method = nextStep(req, steps, deps.mode);
      method !== null && steps.length < 3;
      method = nextStep(req, steps, deps.mode)
    ) {
      // Not sent: the origin's budget is spent, or the cookie choice changed while this waited.
      const refusal = !(await deps.scheduler.acquire(origin))
        ? 'rate-limit'
        : deps.choiceUnchanged && !(await deps.choiceUnchanged())
          ? 'credentials-changed'
          : null
      if (refusal) {
        steps.push({
          method,
          url,
          outcome: 'refused',
          status: 0,
          headers: {},
          durationMs: 0,
          reason: refusal,
        })
        break
      }
      steps.push(
        await probeStep(deps.fetch, method, url, {
          timeoutMs: deps.timeoutMs,
          now: deps.now,
          withCredentials: deps.withCredentials === true,
        }),
      )
    }
    const result: ProbeResult = { endpoint: req.endpoint, url, at: Date.now(), steps }
    if (deps.withCredentials === true && steps.length > 0) result.credentials = true
    return result
  })
}
