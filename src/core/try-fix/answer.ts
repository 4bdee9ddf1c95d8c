/**
 * What the panel shows of the answer "Try the fix" got, read from the network log's entry: its
 * status line, the headers that explain a verdict and the start of its body, secrets masked. The
 * server's text is hostile: it is bounded here and drawn as text by the panel.
 */
import { redactHeaderValue, redactText } from '../redact'

export interface TryAnswer {
  status: number
  statusText: string
  headers: [string, string][]
  body: string
}

const SHOWN_HEADERS = new Set([
  'content-type',
  'allow',
  'location',
  'www-authenticate',
  'access-control-allow-origin',
  'access-control-allow-methods',
  'access-control-allow-credentials',
  'via',
  'server',
])
export const MAX_ANSWER_BODY = 2000
const MAX_HEADER_VALUE = 512

/** The answer in a HAR entry (an `onRequestFinished` request), with the body read for it. */
export function answerOf(entry: unknown, body: string): TryAnswer {
  const response = (entry as { response?: Record<string, unknown> } | null)?.response ?? {}
  const status =
    typeof response.status === 'number' && Number.isInteger(response.status) ? response.status : 0
  const statusText = typeof response.statusText === 'string' ? response.statusText.slice(0, 128) : ''
  const headers: [string, string][] = []
  const raw = Array.isArray(response.headers) ? (response.headers as unknown[]).slice(0, 200) : []
  for (const h of raw) {
    const { name, value } = (h ?? {}) as { name?: unknown; value?: unknown }
    if (typeof name !== 'string' || typeof value !== 'string') continue
    const lower = name.toLowerCase()
    if (!SHOWN_HEADERS.has(lower) || headers.length >= 12) continue
    headers.push([lower, redactHeaderValue(lower, value.slice(0, MAX_HEADER_VALUE))])
  }
  // Masking can lengthen the text a little; the bound holds after it.
  return {
    status,
    statusText,
    headers,
    body: redactText(body.slice(0, MAX_ANSWER_BODY)).slice(0, 2 * MAX_ANSWER_BODY),
  }
}
