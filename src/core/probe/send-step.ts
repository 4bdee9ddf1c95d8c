/**
 * One probe request: one safe method sent to one URL through an injected fetch, read back as a
 * ProbeStep (status and a fixed list of headers, never a body). run-ladder.ts decides which.
 */
import type { ProbeStep } from '../types'

/** The subset of fetch the probe needs; injected so the core stays free of platform APIs. */
export interface ProbeResponse {
  status: number
  type?: string
  headers: { get(name: string): string | null }
  body?: { cancel(): Promise<void> } | null
}
export type ProbeFetch = (
  url: string,
  init: {
    method: string
    /** 'include' only for an origin the user opted in (see src/shared/probe-credentials.ts). */
    credentials: 'omit' | 'include'
    redirect: 'manual'
    cache: 'no-store'
    signal: AbortSignal
    referrerPolicy: 'no-referrer'
  },
) => Promise<ProbeResponse>

/** Headers a probe reports: methods, CORS configuration and the fingerprint signals. */
export const PROBE_HEADERS = [
  'allow',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'location',
  'server',
  'via',
  'x-powered-by',
  'content-type',
  'content-length',
  'cf-ray',
  'x-amz-cf-id',
  'x-amzn-errortype',
  'x-amz-apigw-id',
  'x-azure-ref',
  'x-served-by',
] as const

/** Every probe request gives up after this long. */
export const PROBE_TIMEOUT_MS = 5000

export interface StepOptions {
  timeoutMs: number
  now: () => number
  /** Send the user's cookies and HTTP auth: only when the user turned it on for this origin. */
  withCredentials?: boolean
}

/** Sends one safe request and turns every outcome, failures included, into a ProbeStep. */
export async function probeStep(
  fetchFn: ProbeFetch,
  method: ProbeStep['method'],
  url: string,
  opts: StepOptions,
): Promise<ProbeStep> {
  const started = opts.now()
  const ctrl = new AbortController()
  const timer = setTimeout(() => ctrl.abort(), opts.timeoutMs)
  try {
    const res = await fetchFn(url, {
      method,
      credentials: opts.withCredentials === true ? 'include' : 'omit',
      redirect: 'manual',
      cache: 'no-store',
      signal: ctrl.signal,
      referrerPolicy: 'no-referrer',
    })
    // Only status and headers matter: never read a body.
    res.body?.cancel().catch(() => undefined)
    const headers: Record<string, string> = {}
    for (const name of PROBE_HEADERS) {
      const v = res.headers.get(name)
      if (v !== null) headers[name] = v.slice(0, 1024)
    }
    const step: ProbeStep = {
      method,
      url,
      outcome: 'answered',
      status: res.status,
      headers,
      durationMs: opts.now() - started,
    }
    if (res.type === 'opaqueredirect') step.reason = 'redirect-hidden'
    if (headers.location !== undefined) step.location = headers.location
    return step
  } catch (err) {
    const timedOut = ctrl.signal.aborted
    return {
      method,
      url,
      outcome: timedOut ? 'timeout' : 'network-error',
      status: 0,
      headers: {},
      durationMs: opts.now() - started,
      reason: timedOut
        ? `no answer within ${opts.timeoutMs} ms`
        : err instanceof Error
          ? err.message.slice(0, 200)
          : 'network error',
    }
  } finally {
    clearTimeout(timer)
  }
}
