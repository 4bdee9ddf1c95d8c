/**
 * HAR entries shaped like the ones browsers write: the one builder behind the unit tests'
 * `entry()` (test/helpers/har.ts) and the inline shell's scenarios (dev/shell/scenarios.ts), so a
 * scenario means the same in both. Dev-only: no extension or library build imports it.
 */
export interface EntrySpec {
  method: string
  url: string
  status: number
  statusText?: string
  requestHeaders?: Record<string, string>
  headers?: Record<string, string> | { name: string; value: string }[]
  body?: string
  redirectURL?: string
  /** Start time (ms); by default the builder's clock, which moves on by `stepMs` per entry. */
  start?: number
  resourceType?: string
  error?: string
}

export interface EntryClock {
  /** The first entry starts `stepMs` after this (ms since the epoch). */
  startsAt: number
  /** How far the clock moves on per entry. */
  stepMs: number
  /** Each entry's total time (HAR `time`, all of it waiting). */
  durationMs: number
}

export interface EntryBuilder {
  entry(s: EntrySpec): Record<string, unknown>
  /** Back to `startsAt`, so a test's entries start at known times. */
  reset(): void
}

const pairs = (h: Record<string, string>): { name: string; value: string }[] =>
  Object.entries(h).map(([name, value]) => ({ name, value }))

/** A builder with its own clock: each entry starts `stepMs` after the one before. */
export function entryBuilder(clock: EntryClock): EntryBuilder {
  let now = clock.startsAt
  return {
    reset() {
      now = clock.startsAt
    },
    entry(s) {
      now += clock.stepMs
      const start = s.start ?? now
      const headers = Array.isArray(s.headers) ? s.headers : pairs(s.headers ?? {})
      return {
        startedDateTime: new Date(start).toISOString(),
        time: clock.durationMs,
        request: {
          method: s.method,
          url: s.url,
          httpVersion: 'HTTP/1.1',
          headers: pairs(s.requestHeaders ?? {}),
          queryString: [],
          cookies: [],
          headersSize: -1,
          bodySize: 0,
        },
        response: {
          status: s.status,
          statusText: s.statusText ?? '',
          httpVersion: 'HTTP/1.1',
          headers,
          cookies: [],
          content: { size: s.body?.length ?? 0, mimeType: 'text/plain', text: s.body ?? '' },
          redirectURL: s.redirectURL ?? '',
          headersSize: -1,
          bodySize: -1,
        },
        cache: {},
        timings: { send: 0, wait: clock.durationMs, receive: 0 },
        ...(s.resourceType ? { _resourceType: s.resourceType } : {}),
        ...(s.error ? { _error: s.error } : {}),
      }
    },
  }
}
