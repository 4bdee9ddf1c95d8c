/**
 * The whole findings of the row being shown. The list holds summaries only; an import keeps its
 * whole findings in the panel, the live capture keeps them in the devtools page, which sends a
 * row's when it is opened and again whenever the row's summaries change.
 */
import { useEffect, useState } from 'preact/hooks'
import type { Finding } from '../core/types'
import type { FindingRow } from './rows'

export type AskFindings = (ids?: readonly string[]) => Promise<Finding[]>

/** `found` in the row's order (most severe first); null unless every one of its findings is there. */
export function inRowOrder(row: FindingRow, found: Iterable<Finding>): Finding[] | null {
  const byId = new Map<string, Finding>()
  for (const f of found) byId.set(f.id, f)
  const out: Finding[] = []
  for (const s of row.findings) {
    const f = byId.get(s.id)
    if (!f) return null
    out.push(f)
  }
  return out
}

/**
 * The shown row's whole findings, null while they are asked for. Asked again for each new
 * version of the row (a summary changed); meanwhile the last answer for the same request stays.
 */
export function useFullFindings(
  row: FindingRow | null,
  imported: ReadonlyMap<string, Finding> | null,
  ask: AskFindings,
): readonly Finding[] | null {
  const [got, setGot] = useState<{ rowId: string; findings: readonly Finding[] } | null>(null)
  useEffect(() => {
    if (!row || imported) return
    let current = true
    ask(row.findings.map((f) => f.id)).then(
      (found) => {
        const findings = current ? inRowOrder(row, found) : null
        if (findings) setGot({ rowId: row.id, findings })
      },
      // No answer (the devtools page went away): the next version of the row asks again.
      () => undefined,
    )
    return () => {
      current = false
    }
  }, [row, imported, ask])
  if (!row) return null
  if (imported)
    return inRowOrder(
      row,
      row.findings.flatMap((f) => imported.get(f.id) ?? []),
    )
  return got?.rowId === row.id ? got.findings : null
}
