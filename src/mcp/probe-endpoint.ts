/**
 * `probe_endpoint`: the discovery ladder for one URL, with the CLI's runner, timeout and limits,
 * and only where the server's scope allows (loopback, `--probe-allow`); anything else is refused
 * before a request is made.
 */

import { runLadder } from '../core/probe/run-ladder'
import type { ProbeScheduler } from '../core/probe/scheduler'
import { PROBE_TIMEOUT_MS, type ProbeFetch } from '../core/probe/send-step'
import type { ProbeResult } from '../core/types'
import { endpointOf } from '../core/url'
import { guardedFetch } from '../node/guarded-fetch'
import { probeVerdict } from './scope'

export type ProbeOutcome = { result: ProbeResult; allow: string[] | null } | { refused: string }

const METHOD = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/

export async function probeEndpoint(
  input: { url: string; method: string; mode?: 'options' | 'full' },
  deps: { allowed: ReadonlySet<string>; scheduler: ProbeScheduler; fetch?: ProbeFetch },
): Promise<ProbeOutcome> {
  if (!METHOD.test(input.method)) return { refused: 'The method must be an HTTP method name such as POST.' }
  const verdict = probeVerdict(input.url, deps.allowed)
  if ('refused' in verdict) return verdict
  const method = input.method.toUpperCase()
  const endpoint = endpointOf(input.url)
  const result = await runLadder(
    // The ladder never sends the method itself; `suspect` lets it go past OPTIONS to HEAD and GET.
    { endpoint: `${method} ${endpoint}`, url: input.url, method, suspect: true, knownToExist: false },
    {
      fetch: deps.fetch ?? guardedFetch(),
      scheduler: deps.scheduler,
      now: () => performance.now(),
      timeoutMs: PROBE_TIMEOUT_MS,
      mode: input.mode ?? 'full',
    },
  )
  const allowHeader = result.steps.find((s) => s.outcome === 'answered' && s.headers.allow)?.headers.allow
  const allow = allowHeader
    ? allowHeader
        .split(',')
        .map((m) => m.trim().toUpperCase())
        .filter((m) => m !== '')
    : null
  return { result, allow }
}
