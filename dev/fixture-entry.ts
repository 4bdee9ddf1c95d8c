/**
 * A recorded framework answer (test/fixtures/frameworks/<stack>.json) as the HAR entry a browser
 * would have written for it: one home for the fixture's shape and its conversion, used by the
 * unit tests and the inline shell.
 */
import type { EntrySpec } from './har-entry'

export interface FixtureCase {
  name: string
  note?: string
  request: { method: string; path: string; headers?: { name: string; value: string }[] }
  response: { status: number; statusText?: string; headers: { name: string; value: string }[]; body?: string }
}

/** The entry's fields for a case answered at `origin` (its Location kept as the server sent it). */
export function fixtureEntrySpec(c: FixtureCase, origin: string): EntrySpec {
  const location = fixtureLocation(c)
  return {
    method: c.request.method,
    url: origin + c.request.path,
    status: c.response.status,
    statusText: c.response.statusText ?? '',
    requestHeaders: Object.fromEntries((c.request.headers ?? []).map((h) => [h.name, h.value])),
    headers: c.response.headers,
    body: c.response.body ?? '',
    redirectURL: c.response.status >= 300 && c.response.status < 400 ? location : '',
  }
}

/** The case's Location header, '' when it has none. */
export function fixtureLocation(c: FixtureCase): string {
  return c.response.headers.find((h) => h.name.toLowerCase() === 'location')?.value ?? ''
}
