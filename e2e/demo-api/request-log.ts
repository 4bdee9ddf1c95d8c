import type { IncomingMessage } from 'node:http'

export interface LoggedRequest {
  seq: number
  port: number
  method: string
  path: string
  url: string
  headers: Record<string, string>
  at: number
}

// Keeps a long-running `npm start` from growing without bound.
const MAX_ENTRIES = 10_000

// Log plumbing and browser housekeeping would drown out the scenario traffic tests assert on.
export function isUnlogged(pathname: string): boolean {
  return pathname.startsWith('/__log') || pathname === '/favicon.ico' || pathname.startsWith('/.well-known/')
}

/** One log shared by both demo servers, so a test sees a cross-origin flow in order. */
export class RequestLog {
  #entries: LoggedRequest[] = []
  // Not reset by clear(), so seq stays unique for the life of the server.
  #seq = 0

  /** Logs a request; returns its sequence number (the demo's X-Request-Id names it). */
  record(port: number, origin: string, req: IncomingMessage): number {
    const path = req.url ?? '/'
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
    }
    this.#entries.push({
      seq: ++this.#seq,
      port,
      method: req.method ?? 'GET',
      path,
      url: origin + path,
      headers,
      at: Date.now(),
    })
    if (this.#entries.length > MAX_ENTRIES) this.#entries.shift()
    return this.#seq
  }

  list(): LoggedRequest[] {
    return this.#entries.map((entry) => ({ ...entry, headers: { ...entry.headers } }))
  }

  clear(): void {
    this.#entries = []
  }
}
