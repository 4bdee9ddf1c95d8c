import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type FixtureCase, fixtureEntrySpec, fixtureLocation } from '../../dev/fixture-entry'
import { entry } from './har'

export type { FixtureCase }

export interface StackFixture {
  stack: string
  product: string
  cases: FixtureCase[]
}

const DIR = join(import.meta.dirname, '../fixtures/frameworks')

export function stacks(): StackFixture[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as StackFixture)
}

export function stack(id: string): StackFixture {
  return JSON.parse(readFileSync(join(DIR, `${id}.json`), 'utf8')) as StackFixture
}

export function caseOf(fx: StackFixture, name: string): FixtureCase {
  const c =
    fx.cases.find((x) => x.name === name && x.note === undefined) ?? fx.cases.find((x) => x.name === name)
  if (!c) throw new Error(`${fx.stack} has no case ${name}`)
  return c
}

/** The fixture's real answer as a HAR entry, as a browser would have recorded it. */
export function asEntry(c: FixtureCase, fallbackOrigin = 'http://127.0.0.1:8100'): Record<string, unknown> {
  const location = fixtureLocation(c)
  // Absolute Locations name the port the stack ran on; the request must come from the same origin.
  const origin = /^https?:\/\//.test(location) ? new URL(location).origin : fallbackOrigin
  return entry(fixtureEntrySpec(c, origin))
}
