import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'

export const MAX_BODY_BYTES = 1024 * 1024

/** Writes a whole response with an exact Content-Length, as the imitated servers do. */
export function send(
  res: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders,
  body: string | Buffer = '',
  /** The reason phrase, when the imitated server has its own (nginx: "Not Allowed"). */
  reason?: string,
): void {
  // A slow or hanging handler may outlive its client; writing then would only throw.
  if (res.destroyed || res.writableEnded) return
  const bytes = typeof body === 'string' ? Buffer.from(body) : body
  // 204 must not carry Content-Length (RFC 9110 §8.6).
  const length = status === 204 ? {} : { 'Content-Length': bytes.length }
  if (reason !== undefined) res.writeHead(status, reason, { ...headers, ...length })
  else res.writeHead(status, { ...headers, ...length })
  res.end(bytes)
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  send(res, status, { 'Content-Type': 'application/json', ...headers }, JSON.stringify(value))
}

export type BodyOutcome = 'ok' | 'too-large' | 'aborted'

/** Reads and discards the request body, so clients finish sending before we answer. */
export function drainBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyOutcome> {
  return new Promise((resolve) => {
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        req.pause()
        req.removeAllListeners('data')
        resolve('too-large')
      }
    })
    req.on('end', () => resolve('ok'))
    req.on('error', () => resolve('aborted'))
    req.on('close', () => resolve(req.complete ? 'ok' : 'aborted'))
  })
}
