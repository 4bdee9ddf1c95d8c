/**
 * The CLI's findings against the reference read's, finding by finding (ids are stable hashes of
 * what a finding is about). Identical means every field, evidence and texts included, as issue 18
 * asks of the streaming reader.
 */

/** The fields of a report finding this comparison names; the rest is compared as JSON. */
export interface ComparableFinding {
  id: string
  kind: string
  request: { method: string; url: string }
  status: number
  count: number
  [field: string]: unknown
}

export interface FindingsDiff {
  expected: number
  actual: number
  /** Findings the reference has and the CLI lacks, and the reverse. */
  missing: string[]
  extra: string[]
  /** Same finding, another occurrence count: `kind METHOD url: expected → actual`. */
  countChanged: string[]
  /** Same finding and count, other fields differ: `kind METHOD url: field, field`. */
  otherwiseChanged: string[]
  /** Both list the same findings in the same order (order is reported, not counted). */
  sameOrder: boolean
  /** missing + extra + changed: 0 means identical. */
  differing: number
  /** Findings per kind in the reference, for the record. */
  kinds: Record<string, number>
}

const name = (f: ComparableFinding): string => `${f.kind} ${f.request.method} ${f.request.url}`

/** JSON with object keys sorted, so key order never counts as a difference. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x !== null && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  )
}

export function compareFindings(
  expected: readonly ComparableFinding[],
  actual: readonly ComparableFinding[],
): FindingsDiff {
  const got = new Map(actual.map((f) => [f.id, f]))
  const want = new Set(expected.map((f) => f.id))
  const missing: string[] = []
  const countChanged: string[] = []
  const otherwiseChanged: string[] = []
  const kinds: Record<string, number> = {}
  for (const e of expected) {
    kinds[e.kind] = (kinds[e.kind] ?? 0) + 1
    const a = got.get(e.id)
    if (!a) {
      missing.push(name(e))
      continue
    }
    if (a.count !== e.count) {
      countChanged.push(`${name(e)}: ${e.count} → ${a.count}`)
      continue
    }
    const fields = [...new Set([...Object.keys(e), ...Object.keys(a)])].filter(
      (k) => canonical(e[k]) !== canonical(a[k]),
    )
    if (fields.length > 0) otherwiseChanged.push(`${name(e)}: ${fields.join(', ')}`)
  }
  const extra = actual.filter((f) => !want.has(f.id)).map(name)
  return {
    expected: expected.length,
    actual: actual.length,
    missing,
    extra,
    countChanged,
    otherwiseChanged,
    sameOrder: canonical(expected.map((f) => f.id)) === canonical(actual.map((f) => f.id)),
    differing: missing.length + extra.length + countChanged.length + otherwiseChanged.length,
    kinds,
  }
}
