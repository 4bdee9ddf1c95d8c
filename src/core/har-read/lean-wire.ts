/**
 * Entries as a reading thread posts them on: one flat array of plain values per batch, which a
 * structured clone copies fast (cloning a batch of entry objects cost more than reading them).
 * A lean entry (entry-scan.ts) is a bitmask of the members it holds, then their values in a fixed
 * order; an entry parsed whole is -1, then its JSON text. `unflatten` gives back values equal to
 * what the reader handed over.
 */

import { entryParseError } from './doc-reader'

/** Where each member lives: the entry itself, its request or its response. */
const FIELDS: readonly (readonly [part: 'entry' | 'request' | 'response', name: string])[] = [
  ['entry', 'startedDateTime'],
  ['entry', 'time'],
  ['entry', '_resourceType'],
  ['entry', 'serverIPAddress'],
  ['entry', '_error'],
  ['entry', '_fetchedViaServiceWorker'],
  ['entry', 'pageref'],
  ['request', 'method'],
  ['request', 'url'],
  ['request', 'headers'],
  ['response', 'status'],
  ['response', 'statusText'],
  ['response', 'bodySize'],
  ['response', 'redirectURL'],
  ['response', '_fetchedViaServiceWorker'],
  ['response', '_error'],
  ['response', '_failureText'],
]

type Parts = Record<'entry' | 'request' | 'response', Record<string, unknown>>

const WHOLE = -1

/** Appends one entry to `out`: a lean one's members, or a whole one's JSON text. */
export function flattenEntry(entry: Record<string, unknown> | string, out: unknown[]): void {
  if (typeof entry === 'string') {
    out.push(WHOLE, entry)
    return
  }
  const parts: Parts = {
    entry,
    request: entry.request as Record<string, unknown>,
    response: entry.response as Record<string, unknown>,
  }
  const at = out.length
  out.push(0)
  let mask = 0
  for (let f = 0; f < FIELDS.length; f++) {
    const [part, name] = FIELDS[f]!
    const holder = parts[part]
    if (!(name in holder)) continue
    mask |= 1 << f
    out.push(holder[name])
  }
  out[at] = mask
}

/**
 * The entries `flattenEntry` wrote, in order, as the reader handed them over. An entry to parse
 * whole that is not JSON ends it there: returns JSON.parse's reason, as the reader would report it.
 */
export function unflatten(flat: readonly unknown[], onEntry: (entry: unknown) => void): string | null {
  let i = 0
  while (i < flat.length) {
    const mask = flat[i++] as number
    if (mask === WHOLE) {
      let entry: unknown
      try {
        entry = JSON.parse(flat[i++] as string)
      } catch (err) {
        return entryParseError(err)
      }
      onEntry(entry)
      continue
    }
    const request: Record<string, unknown> = {}
    const response: Record<string, unknown> = {}
    const entry: Record<string, unknown> = {}
    const parts: Parts = { entry, request, response }
    for (let f = 0; f < FIELDS.length; f++) {
      if ((mask & (1 << f)) === 0) continue
      const [part, name] = FIELDS[f]!
      parts[part][name] = flat[i++]
    }
    entry.request = request
    entry.response = response
    onEntry(entry)
  }
  return null
}
