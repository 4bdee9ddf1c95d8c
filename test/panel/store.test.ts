import { describe, expect, it } from 'vitest'
import { SEVERITY_RANK } from '../../src/core/types'
import { compareFindings } from '../../src/panel/order'
import { requestKey } from '../../src/panel/rows'
import {
  type Action,
  currentSet,
  initialState,
  type PanelState,
  reduce,
  selectedFinding,
  selectedRow,
} from '../../src/panel/store'
import {
  type DevtoolsToPanel,
  normalizeFinding,
  normalizeSummary,
  summarize,
} from '../../src/shared/messages'
import { demoFindings, variant } from './helpers'

const stats = { entries: 10, findings: 0 }
const settings = { preserveLog: false, probeMode: 'options' as const, probing: true }

function snapshot(findings = demoFindings()): DevtoolsToPanel {
  return {
    type: 'devtools/snapshot',
    findings,
    probes: [],
    stats,
    settings,
    inspectedUrl: 'http://127.0.0.1:8405/',
  }
}

function run(state: PanelState, ...actions: Action[]): PanelState {
  return actions.reduce(reduce, state)
}

const messages = (...m: DevtoolsToPanel[]): Action => ({ type: 'messages', messages: m })

/** A listed row of the state's current source. */
const rowOf = (s: PanelState, id: string) => currentSet(s).rows.byId.get(id)!

describe('store: live capture', () => {
  it('applies a snapshot: connected, sorted errors first then newest', () => {
    const s = run(initialState('devtools'), messages(snapshot()))
    expect(s.connected).toBe(true)
    const list = s.live.order.map((id) => s.live.byId.get(id)!)
    expect(list.length).toBeGreaterThan(8)
    for (let i = 1; i < list.length; i++) {
      expect(SEVERITY_RANK[list[i - 1]!.severity]).toBeGreaterThanOrEqual(SEVERITY_RANK[list[i]!.severity])
      expect(compareFindings(list[i - 1]!, list[i]!)).toBeLessThan(0)
    }
    // One row per request, where its first (most severe, newest) finding sorts.
    expect(s.visible).toEqual(s.live.rows.order)
    const firsts = s.live.order.filter(
      (id, i) =>
        s.live.order.findIndex(
          (x) => requestKey(s.live.byId.get(x)!) === requestKey(s.live.byId.get(id)!),
        ) === i,
    )
    expect(s.visible.map((id) => rowOf(s, id).findings[0]!.id)).toEqual(firsts)
    expect(s.visible.length).toBeLessThan(list.length)
    expect(s.counts['wrong-method']).toBe(list.filter((f) => f.kind === 'wrong-method').length)
  })

  it('batch after batch, the live set changed in place equals the same findings listed afresh', () => {
    const all = demoFindings()
    const kinds = [...new Set(all.map((f) => f.kind))]
    let s = run(initialState('devtools'), messages(snapshot(all.slice(0, 5))))
    const held = new Map(all.slice(0, 5).map((f) => [f.id, f]))
    // Upserts that change kinds, counts and times, new findings and removals, in many small batches.
    for (let i = 0; i < 60; i++) {
      const f = all[(i * 7) % all.length]!
      const upsert = variant(f, {
        kind: kinds[i % kinds.length]!,
        count: i + 2,
        lastSeen: f.lastSeen + i * 1000,
      })
      const gone = i % 5 === 4 ? [...held.keys()][i % held.size]! : null
      held.set(upsert.id, upsert)
      if (gone !== null && gone !== upsert.id) held.delete(gone)
      const removed = gone !== null && gone !== upsert.id ? [gone] : []
      s = run(s, messages({ type: 'devtools/changes', upserts: [upsert], removed, stats }))
    }
    const fresh = run(initialState('devtools'), messages(snapshot([...held.values()])))
    expect(s.live.order).toEqual(fresh.live.order)
    expect(s.live.rows.order).toEqual(fresh.live.rows.order)
    expect([...s.live.rows.byId.values()].map((r) => [r.id, r.findings.map((f) => f.id)])).toEqual(
      expect.arrayContaining(
        [...fresh.live.rows.byId.values()].map((r) => [r.id, r.findings.map((f) => f.id)]),
      ),
    )
    expect(s.live.rows.byId.size).toBe(fresh.live.rows.byId.size)
    expect(s.counts).toEqual(fresh.counts)
    expect(s.visible).toEqual(fresh.visible)
  })

  it('upserts move a finding to its sorted place and removals drop it', () => {
    const all = demoFindings()
    let s = run(initialState('devtools'), messages(snapshot()))
    const oldest = all.find((f) => f.id === s.live.order.at(-1))!
    const newer = variant(oldest, { lastSeen: Date.parse('2030-01-01'), count: oldest.count + 1 })
    const gone = all.find((f) => f.id !== oldest.id)!
    s = run(s, messages({ type: 'devtools/changes', upserts: [newer], removed: [gone.id], stats }))
    expect(s.live.byId.get(oldest.id)?.count).toBe(oldest.count + 1)
    expect(s.live.byId.has(gone.id)).toBe(false)
    const sorted = [...s.live.byId.values()].sort(compareFindings).map((f) => f.id)
    expect(s.live.order).toEqual(sorted)
  })

  it('applies a whole batch in order: snapshot, changes, clear, changes', () => {
    const all = demoFindings()
    const s = run(
      initialState('devtools'),
      messages(
        snapshot(all.slice(0, 3)),
        { type: 'devtools/changes', upserts: all.slice(3, 6), removed: [], stats },
        { type: 'devtools/cleared', stats: { entries: 0, findings: 0 } },
        { type: 'devtools/changes', upserts: [all[7]!], removed: [], stats },
      ),
    )
    expect(s.live.order).toEqual([all[7]!.id])
    expect(s.stats).toEqual(stats)
  })

  it('records probe status by endpoint', () => {
    const s = run(
      initialState('devtools'),
      messages({
        type: 'devtools/probe',
        status: { endpoint: 'POST http://a/x', origin: 'http://a', state: 'pending' },
      }),
    )
    expect(s.probes.get('POST http://a/x')?.state).toBe('pending')
    expect(s.live.order).toEqual([])
  })

  it('settings change locally at once (the devtools page only reports them in snapshots)', () => {
    const before = initialState('devtools')
    // Away from the default (src/shared/settings.ts), or the test shows no change and cannot fail.
    expect(before.settings.probeMode).not.toBe('options')
    const s = run(before, { type: 'settings', settings: { probeMode: 'options' } })
    expect(s.settings.probeMode).toBe('options')
    expect(s.settings.probing).toBe(true)
  })
})

describe('store: selection and keyboard', () => {
  const base = (): PanelState => run(initialState('devtools'), messages(snapshot()))

  it('↓ from nothing selects the first row, ↑ the last; moves clamp', () => {
    const s = base()
    expect(run(s, { type: 'move', by: 1 }).selected).toBe(s.visible[0])
    expect(run(s, { type: 'move', by: -1 }).selected).toBe(s.visible.at(-1))
    expect(run(s, { type: 'move', by: 1 }, { type: 'move', by: -5 }).selected).toBe(s.visible[0])
    expect(run(s, { type: 'move', by: 'last' }, { type: 'move', by: 3 }).selected).toBe(s.visible.at(-1))
    expect(run(s, { type: 'move', by: 1 }, { type: 'move', by: 2 }).selected).toBe(s.visible[2])
  })

  it('Enter opens the detail only with a selection; Esc closes it', () => {
    const s = base()
    expect(run(s, { type: 'open' }).detail).toBe(false)
    const open = run(s, { type: 'move', by: 1 }, { type: 'open' })
    expect(open.detail).toBe(true)
    expect(selectedRow(open)?.id).toBe(s.visible[0])
    expect(selectedFinding(open)?.id).toBe(s.live.order[0])
    expect(run(open, { type: 'close' }).detail).toBe(false)
  })

  it('a click selects and opens; selecting an unknown id is ignored', () => {
    const s = base()
    const picked = run(s, { type: 'select', id: s.visible[2]!, open: true })
    expect(picked.detail).toBe(true)
    expect(run(picked, { type: 'select', id: 'nope' })).toBe(picked)
  })

  it('a removed selection closes the detail', () => {
    const s = run(base(), { type: 'move', by: 1 }, { type: 'open' })
    const ids = selectedRow(s)!.findings.map((f) => f.id)
    const gone = run(s, messages({ type: 'devtools/changes', upserts: [], removed: ids, stats }))
    expect(gone.selected).toBeNull()
    expect(gone.detail).toBe(false)
  })
})

describe('store: one row per request', () => {
  const slash = demoFindings().filter((f) => f.request.url.endsWith('/api/orders'))

  it('a kind joining a request keeps its row and the selection; the last finding leaving drops both', () => {
    const [error, warning] = [
      slash.find((f) => f.severity === 'error')!,
      slash.find((f) => f.severity === 'warning')!,
    ]
    let s = run(initialState('devtools'), messages(snapshot([warning])))
    s = run(s, { type: 'move', by: 1 }, { type: 'open' })
    const id = s.selected!
    expect(selectedRow(s)!.kinds).toEqual([warning.kind])
    s = run(s, messages({ type: 'devtools/changes', upserts: [error], removed: [], stats }))
    expect(s.selected).toBe(id)
    expect(s.detail).toBe(true)
    expect(selectedRow(s)!.kinds).toEqual([error.kind, warning.kind])
    expect(selectedFinding(s)!.id).toBe(error.id)
    expect(s.visible).toEqual([id])
    // Counts stay per kind (findings), not per row.
    expect(s.counts[error.kind]).toBe(1)
    expect(s.counts[warning.kind]).toBe(1)
    s = run(s, messages({ type: 'devtools/changes', upserts: [], removed: [error.id], stats }))
    expect(s.selected).toBe(id)
    s = run(s, messages({ type: 'devtools/changes', upserts: [], removed: [warning.id], stats }))
    expect(s.selected).toBeNull()
    expect(s.visible).toEqual([])
  })
})

describe('store: filters', () => {
  const base = (): PanelState => run(initialState('devtools'), messages(snapshot()))

  it('kind filter toggles and keeps counts of the whole source', () => {
    const s = run(base(), { type: 'kind', kind: 'redirect-method-change' })
    expect(s.visible.length).toBe(s.counts['redirect-method-change'])
    expect(s.visible.every((id) => rowOf(s, id).kinds.includes('redirect-method-change'))).toBe(true)
    expect(run(s, { type: 'kind', kind: 'redirect-method-change' }).kind).toBeNull()
  })

  it('text filter: all terms must match, -term excludes, case-insensitive', () => {
    const s = base()
    const only = run(s, { type: 'filter', text: 'PATCH 405' })
    expect(only.visible.length).toBeGreaterThan(0)
    expect(only.visible.every((id) => rowOf(s, id).findings.every((f) => f.request.method === 'PATCH'))).toBe(
      true,
    )
    const without = run(s, { type: 'filter', text: '-api.example.com' })
    expect(
      without.visible.every((id) =>
        rowOf(s, id).findings.every((f) => !f.request.url.includes('api.example.com')),
      ),
    ).toBe(true)
    expect(run(s, { type: 'filter', text: 'nginx' }).visible.map((id) => rowOf(s, id).kinds)).toEqual([
      ['static-host'],
    ])
    expect(run(s, { type: 'filter', text: 'zzz-none' }).visible).toEqual([])
  })
})

describe('store: import', () => {
  it('standalone starts on the (empty) imported source and stays there', () => {
    const s = initialState('standalone')
    expect(s.source).toBe('imported')
    let done = run(
      s,
      { type: 'import-start', name: 'a.har', total: 1000 },
      { type: 'import-progress', bytes: 400 },
    )
    expect(done.importing).toEqual({ name: 'a.har', bytes: 400, total: 1000 })
    // Cancelled: nothing imported, nothing said.
    const cancelled = run(done, { type: 'import-cancelled' })
    expect(cancelled.importing).toBeNull()
    expect(cancelled.importError).toBeNull()
    expect(cancelled.imported).toBeNull()
    done = run(done, { type: 'import-done', name: 'a.har', findings: demoFindings(), requests: 26 })
    expect(done.importing).toBeNull()
    expect(currentSet(done).order.length).toBeGreaterThan(0)
    expect(run(done, { type: 'source', source: 'live' }).source).toBe('imported')
    const closed = run(done, { type: 'import-close' })
    expect(closed.imported).toBeNull()
    expect(closed.visible).toEqual([])
  })

  it('in DevTools an import is a separate source, with a way back to live capture', () => {
    const live = run(initialState('devtools'), messages(snapshot(demoFindings().slice(0, 2))))
    const imp = run(live, { type: 'import-done', name: 'b.har', findings: demoFindings(), requests: 26 })
    expect(imp.source).toBe('imported')
    expect(imp.visible.length).toBe(imp.imported!.rows.order.length)
    const back = run(imp, { type: 'source', source: 'live' })
    expect(back.visible).toEqual(live.visible)
    // Live changes keep flowing while the import is shown.
    const more = run(
      imp,
      messages({ type: 'devtools/changes', upserts: demoFindings().slice(2, 4), removed: [], stats }),
    )
    expect(more.live.order.length).toBe(4)
    expect(more.visible).toEqual(imp.visible)
    expect(run(more, { type: 'import-close' }).source).toBe('live')
  })

  it('an error is a notice (message id + params), dismissable', () => {
    const err = run(initialState('standalone'), {
      type: 'import-error',
      error: { id: 'ui_import_err_not_har', params: { name: 'x' } },
    })
    expect(err.importError?.id).toBe('ui_import_err_not_har')
    expect(run(err, { type: 'dismiss-error' }).importError).toBeNull()
  })
})

describe('store: under load', () => {
  it('1,000 findings and 1,000 single-change batches stay sorted (speed: npm run bench, panel)', () => {
    const seed = demoFindings()[0]!
    const findings = Array.from({ length: 1000 }, (_, i) =>
      variant(seed, { id: `f${i}`, severity: (['error', 'warning', 'info'] as const)[i % 3]!, lastSeen: i }),
    )
    let s = run(initialState('devtools'), messages(snapshot(findings)))
    for (let i = 0; i < 1000; i++) {
      const f = variant(findings[(i * 37) % 1000]!, { lastSeen: 2000 + i, count: i })
      s = reduce(s, messages({ type: 'devtools/changes', upserts: [f], removed: [], stats }))
    }
    expect(s.live.order).toEqual([...s.live.byId.values()].sort(compareFindings).map((f) => f.id))
  })
})

describe('store: robustness', () => {
  it('fills in what a partial finding lacks, so the views cannot crash on it', () => {
    const partial = {
      id: 'p1',
      kind: 'wrong-method',
      request: { method: 'POST', url: 'http://x/' },
      chain: [],
    }
    const s = run(initialState('devtools'), messages(snapshot([partial as never])))
    const f = s.live.byId.get('p1')!
    expect(f.allowed).toEqual({ methods: null, sources: [] })
    expect(f.severity).toBe('info')
    expect(f.count).toBe(1)
    // The whole finding, as a row's detail and an export receive it.
    const whole = normalizeFinding(partial as never)
    expect(whole.allowed).toEqual({ methods: null, sources: [], notes: [] })
    expect(whole.evidence).toEqual([])
    const real = demoFindings()[0]!
    expect(normalizeFinding(real)).toBe(real)
    expect(normalizeSummary(summarize(real))).toEqual(summarize(real))
  })
})
