/**
 * Request ids a server, CDN or platform puts on its answers, to find the log line of one request.
 * Data: add a header with the platform that sends it.
 */
import { printable } from './printable'
import type { CorrelationId, Exchange } from './types'

export const CORRELATION_HEADERS: readonly string[] = [
  'x-request-id',
  'x-correlation-id',
  'traceparent',
  // Cloudflare, CloudFront, AWS API Gateway / Lambda, Vercel, Fly.io, Azure, Google Cloud.
  'cf-ray',
  'x-amz-cf-id',
  'x-amzn-requestid',
  'x-amzn-trace-id',
  'x-vercel-id',
  'fly-request-id',
  'x-ms-request-id',
  'x-cloud-trace-context',
]

const MAX_VALUE = 200
const MAX_IDS = 8

/**
 * The ids on a chain's answers, the final (failing) answer's first; each value once. A value is
 * kept as text only: clipped, without control characters (it comes from the server).
 */
export function correlationIds(chain: readonly Exchange[]): CorrelationId[] {
  const out: CorrelationId[] = []
  const seen = new Set<string>()
  for (let i = chain.length - 1; i >= 0; i--)
    for (const name of CORRELATION_HEADERS) {
      for (const raw of chain[i]!.responseHeaders.get(name) ?? []) {
        const value = printable(raw).trim().slice(0, MAX_VALUE)
        if (value === '' || seen.has(`${name} ${value}`)) continue
        seen.add(`${name} ${value}`)
        out.push({ header: name, value })
        if (out.length >= MAX_IDS) return out
      }
    }
  return out
}
