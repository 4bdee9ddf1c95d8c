/** Builders for HAR entries shaped like the ones browsers write (the shared builder: dev/har-entry.ts). */
import { entryBuilder } from '../../dev/har-entry'

export type { EntrySpec } from '../../dev/har-entry'

/** Entries 10 ms apart from 2026-11-25T10:00:00Z, 5 ms each: the times the tests assume. */
const builder = entryBuilder({ startsAt: Date.parse('2026-11-25T10:00:00.000Z'), stepMs: 10, durationMs: 5 })

export const entry = builder.entry
export const resetClock = builder.reset

export function har(entries: unknown[]): {
  log: { version: string; creator: { name: string; version: string }; entries: unknown[] }
} {
  return { log: { version: '1.2', creator: { name: 'test', version: '1' }, entries } }
}

/** The top-level document of a page at `origin`, as browsers record a navigation: its site may be probed. */
export function pageEntry(origin: string): Record<string, unknown> {
  return entry({
    method: 'GET',
    url: `${origin}/`,
    status: 200,
    resourceType: 'document',
    requestHeaders: { 'Sec-Fetch-Dest': 'document', 'Sec-Fetch-Mode': 'navigate' },
    headers: { 'Content-Type': 'text/html' },
  })
}
