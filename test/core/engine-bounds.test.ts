import { beforeEach, describe, expect, it } from 'vitest'
import { type ChainLink, ChainLinker } from '../../src/core/chains'
import { Engine } from '../../src/core/engine'
import { AgedSketch, BITS_PER_KEY, BLOOM_HASHES } from '../../src/core/engine/aged-sketch'
import { Intake } from '../../src/core/engine/intake'
import { PreflightIndex } from '../../src/core/engine/preflight-index'
import { ProbeTargets } from '../../src/core/engine/probe-targets'
import { TrafficIndex } from '../../src/core/engine/traffic-index'
import { TRAFFIC_NOTE_IDS, utcTime } from '../../src/core/engine/traffic-notes'
import { Watchers } from '../../src/core/engine/watchers'
import { normalizeEntry } from '../../src/core/har'
import { FINDING_MESSAGES } from '../../src/core/messages-bundle'
import type { Exchange, Finding } from '../../src/core/types'
import { entry, resetClock } from '../helpers/har'

const O = 'http://127.0.0.1:8405'
beforeEach(resetClock)

let seq = 0
function exchange(
  method: string,
  url: string,
  status: number,
  start = Date.parse('2026-11-25T10:00:00Z'),
): Exchange {
  return normalizeEntry(entry({ method, url, status, start }), seq++)!
}

/** Plain GET 200s on new paths: what ages the exact tiers out. */
function fill(engine: Engine, count: number, from: number, tag = 'r'): void {
  for (let i = 0; i < count; i++)
    engine.add(entry({ method: 'GET', url: `${O}/fill/${tag}/${from + i}`, status: 200 }))
}

const ids = (f: Finding): string[] => [...f.evidence.map((e) => e.id), ...f.allowed.notes.map((n) => n.id)]

describe('the aged-out sketch (two Bloom generations)', () => {
  it('is sized for about 1e-5 false positives at a generation’s capacity', () => {
    const rate = (1 - Math.exp(-BLOOM_HASHES / BITS_PER_KEY)) ** BLOOM_HASHES
    expect(rate).toBeGreaterThan(5e-6)
    expect(rate).toBeLessThan(1.5e-5)
  })

  it('never forgets a key it still holds, and rarely claims one it never saw', () => {
    const sketch = new AgedSketch(50_000)
    for (let i = 0; i < 50_000; i++) sketch.add(`GET ${O}/api/items/${i}`, i)
    for (let i = 0; i < 50_000; i++) expect(sketch.has(`GET ${O}/api/items/${i}`)).toBe(true)
    let wrong = 0
    // Keys that differ only in their last characters or method: what weak hashing would confuse.
    for (let i = 0; i < 100_000; i++) if (sketch.has(`GET ${O}/api/items/${50_000 + i}`)) wrong++
    for (let i = 0; i < 50_000; i++) if (sketch.has(`POST ${O}/api/items/${i}`)) wrong++
    // 150k queries at ~1e-5 is ~1.5 expected: hashing that clusters would show far more.
    expect(wrong).toBeLessThanOrEqual(8)
  })

  it('forgets a generation two rotations on, and says from when', () => {
    const sketch = new AgedSketch(100)
    expect(sketch.empty).toBe(true)
    for (let i = 0; i < 100; i++) sketch.add(`GET /a/${i}`, 1000 + i)
    expect(sketch.forgottenBefore).toBeNull()
    // The second generation: the first is still asked.
    for (let i = 0; i < 100; i++) sketch.add(`GET /b/${i}`, 2000 + i)
    expect(sketch.has('GET /a/5')).toBe(true)
    expect(sketch.forgottenBefore).toBeNull()
    // A third: the first is dropped; everything in it was last seen by the time it closed.
    sketch.add('GET /c/0', 3000)
    expect(sketch.has('GET /a/5')).toBe(false)
    expect(sketch.has('GET /b/5')).toBe(true)
    expect(sketch.forgottenBefore).toBe(2000)
  })
})

describe('the copy window (getHAR() copies of requests counted long ago)', () => {
  const start0 = Date.parse('2026-11-25T10:00:00Z')
  const get = (i: number, start = start0 + i * 10) => exchange('GET', `${O}/api/things/${i}`, 200, start)

  it('inside the window, copies are told from new requests exactly as before', () => {
    const intake = new Intake(8, 4)
    const x = get(1)
    for (let i = 0; i < 3; i++) expect(intake.admit({ ...x }, 'event', 0)?.change).toBe('added')
    // A getHAR() round lists all three again, plus a fourth of its own.
    for (let i = 0; i < 3; i++) expect(intake.admit({ ...x }, 'backfill', 1)).toBeNull()
    expect(intake.admit({ ...x }, 'backfill', 1)?.change).toBe('added')
    // Other rounds list the same four: each is a copy, in any order of rounds.
    for (const round of [2, 1, 3])
      for (let i = 0; i < 4; i++) expect(intake.admit({ ...x }, 'backfill', round)).toBeNull()
    expect(intake.entries).toBe(4)
    expect(intake.agedOutBackfills).toBe(0)
  })

  it('a backfill copy of a request older than the window counts as counted long ago', () => {
    const intake = new Intake(8, 4)
    // Two generations of four hold the last four to eight ids: twenty requests age the first out.
    for (let i = 0; i < 20; i++) intake.admit(get(i), 'event', 0)
    expect(intake.entries).toBe(20)
    expect(intake.admit(get(0), 'backfill', 1)).toBeNull()
    expect(intake.agedOutBackfills).toBe(1)
    // Recent ones are still recognised by their counts, not by the horizon.
    expect(intake.admit(get(19), 'backfill', 1)).toBeNull()
    expect(intake.agedOutBackfills).toBe(1)
    // A request the events missed (it finished while a navigation committed) is new: it started
    // after everything that aged out.
    expect(intake.admit(get(20), 'backfill', 1)?.change).toBe('added')
    expect(intake.entries).toBe(21)
  })

  it('at the horizon: a request no later than the newest aged-out start is taken as counted', () => {
    const intake = new Intake(8, 4)
    for (let i = 0; i < 20; i++) intake.admit(get(i), 'event', 0)
    // Each rotation drops a generation of four; the horizon is the newest start among them.
    const horizon = (intake as unknown as { copies: { horizon: number } }).copies.horizon
    expect(horizon).toBeGreaterThanOrEqual(start0)
    expect(horizon).toBeLessThan(start0 + 19 * 10)
    const before = intake.agedOutBackfills
    expect(intake.admit(exchange('GET', `${O}/never-seen`, 200, horizon), 'backfill', 2)).toBeNull()
    expect(intake.agedOutBackfills).toBe(before + 1)
    expect(intake.admit(exchange('GET', `${O}/never-seen`, 200, horizon + 1), 'backfill', 2)?.change).toBe(
      'added',
    )
    // Events are never judged by the horizon: each is a request.
    expect(intake.admit(exchange('GET', `${O}/old-event`, 200, start0 - 1000), 'event', 0)?.change).toBe(
      'added',
    )
  })

  it('the engine counts every request of a long capture once', () => {
    const engine = new Engine(8, { copyIds: 64 })
    const oks = Array.from({ length: 1000 }, (_, i) =>
      entry({ method: 'GET', url: `${O}/api/r/${i}`, status: 200 }),
    )
    for (const e of oks) expect(engine.add(e)).toBe(true)
    // The panel opens: getHAR() lists the whole log again.
    for (const e of oks) expect(engine.add(structuredClone(e), 'backfill', 1)).toBe(false)
    expect(engine.entries).toBe(1000)
    expect(engine.agedOutBackfills).toBeGreaterThan(800)
  })
})

describe('the traffic index: exact recent endpoints, pinned ones, a sketch for the rest', () => {
  const ok = (url: string, method = 'GET', start?: number) => exchange(method, url, 200, start)

  it('keeps the most recently successful endpoints exactly; older ones are only likely', () => {
    const t = new TrafficIndex(() => false, 4, new AgedSketch(100))
    t.note(ok(`${O}/a`))
    t.note(ok(`${O}/a`, 'PUT'))
    for (let i = 0; i < 3; i++) t.note(ok(`${O}/b/${i}`))
    // /a succeeded again: it is the most recent, /b/0 goes first.
    t.note(ok(`${O}/a`))
    t.note(ok(`${O}/c`))
    expect(t.at(`${O}/a`)).toEqual({ methods: new Set(['GET', 'PUT']), recalled: new Set() })
    expect(t.at(`${O}/b/0?x=1`)).toEqual({ methods: new Set(['GET']), recalled: new Set(['GET']) })
    // Likely is not enough to skip a probe.
    expect(t.knownToExist(`${O}/b/0`, 'POST')).toBe(false)
    expect(t.knownToExist(`${O}/a`, 'POST')).toBe(true)
    // Candidates are the origin's methods: PUT never worked at /b/0, and nothing at all elsewhere.
    expect(t.at(`${O}/never`)).toBeUndefined()
    expect(t.at('http://127.0.0.1:9999/b/0')).toBeUndefined()
    expect(t.agedOutBefore()).toBeNull()
  })

  it('an endpoint that matters stays exact however old', () => {
    const t = new TrafficIndex((ep) => ep === `${O}/keep`, 4, new AgedSketch(100))
    t.note(ok(`${O}/keep`))
    for (let i = 0; i < 50; i++) t.note(ok(`${O}/new/${i}`))
    expect(t.at(`${O}/keep`)).toEqual({ methods: new Set(['GET']), recalled: new Set() })
    expect(t.knownToExist(`${O}/keep`, 'DELETE')).toBe(true)
  })

  it('once a sketch generation is dropped, says from when traffic may be forgotten', () => {
    const t = new TrafficIndex(() => false, 2, new AgedSketch(10))
    const t0 = Date.parse('2026-11-25T10:00:00Z')
    for (let i = 0; i < 40; i++) t.note(ok(`${O}/p/${i}`, 'GET', t0 + i * 1000))
    expect(t.at(`${O}/p/0`)).toBeUndefined()
    const before = t.agedOutBefore()
    expect(before).not.toBeNull()
    // Everything forgotten was last seen no later than that; what came after it is still known.
    expect(before!).toBeGreaterThanOrEqual(t0 + 10 * 1000)
    expect(t.at(`${O}/p/39`)?.methods.has('GET')).toBe(true)
  })
})

describe('findings whose evidence aged out of exact memory', () => {
  const bounds = { exactEndpoints: 64, sketchKeys: 4096 }

  it('a 404 whose GET succeeded long ago is still found, its evidence labelled approximate', () => {
    const engine = new Engine(8, bounds)
    engine.add(entry({ method: 'GET', url: `${O}/api/orders/7`, status: 200 }))
    fill(engine, 500, 0)
    expect(engine.add(entry({ method: 'POST', url: `${O}/api/orders/7`, status: 404 }))).toBe(true)
    const [f, ...rest] = engine.findings()
    expect(rest).toEqual([])
    expect(f!.kind).toBe('wrong-method')
    // Likely is not confirmed: a warning, never shown as certain.
    expect(f!.severity).toBe('warning')
    expect(ids(f!)).toContain('ev_other_method_ok_approx')
    expect(ids(f!)).not.toContain('ev_other_method_ok')
    expect(f!.evidence.find((e) => e.id === 'ev_other_method_ok_approx')!.params).toEqual({ methods: 'GET' })
    expect(f!.allowed.notes).toContainEqual({ id: 'note_traffic_approximate', params: { methods: 'GET' } })
    expect(f!.allowed.sources.find((s) => s.source === 'traffic')?.methods).toEqual(['GET'])
  })

  it('the same failure soon after its GET is certain, as before', () => {
    const engine = new Engine(8, bounds)
    fill(engine, 500, 0)
    engine.add(entry({ method: 'GET', url: `${O}/api/orders/7`, status: 200 }))
    engine.add(entry({ method: 'POST', url: `${O}/api/orders/7`, status: 404 }))
    const [f] = engine.findings()
    expect(f!.severity).toBe('error')
    expect(ids(f!)).toContain('ev_other_method_ok')
    expect(ids(f!).some((id) => id.includes('approx') || TRAFFIC_NOTE_IDS.includes(id as never))).toBe(false)
  })

  it('a method seen working exactly is cited as certain, an aged-out one beside it only as likely', () => {
    const engine = new Engine(8, bounds)
    engine.add(entry({ method: 'GET', url: `${O}/api/orders/7`, status: 200 }))
    fill(engine, 500, 0)
    engine.add(entry({ method: 'PUT', url: `${O}/api/orders/7`, status: 200 }))
    engine.add(entry({ method: 'POST', url: `${O}/api/orders/7`, status: 404 }))
    const [f] = engine.findings()
    expect(f!.severity).toBe('error')
    expect(f!.evidence.find((e) => e.id === 'ev_other_method_ok')!.params).toEqual({ methods: 'PUT' })
    expect(f!.allowed.methods).toEqual(['GET', 'PUT'])
    expect(f!.allowed.notes).toContainEqual({ id: 'note_traffic_approximate', params: { methods: 'GET' } })
  })

  it('a 405 keeps its Allow and shows the aged-out GET as likely', () => {
    const engine = new Engine(8, bounds)
    engine.add(entry({ method: 'GET', url: `${O}/api/orders/7`, status: 200 }))
    fill(engine, 500, 0)
    engine.add(entry({ method: 'POST', url: `${O}/api/orders/7`, status: 405, headers: { Allow: 'GET' } }))
    const [f] = engine.findings()
    expect(f!.severity).toBe('error')
    expect(f!.allowed.sources.map((s) => s.source)).toEqual(['response-allow', 'traffic'])
    expect(f!.allowed.notes).toContainEqual({ id: 'note_traffic_approximate', params: { methods: 'GET' } })
  })

  it('a refusal of a method that worked long ago blames the relay only as likely', () => {
    const engine = new Engine(8, bounds)
    engine.add(entry({ method: 'DELETE', url: `${O}/api/files/42`, status: 204 }))
    fill(engine, 500, 0)
    engine.add(entry({ method: 'DELETE', url: `${O}/api/files/42`, status: 405 }))
    const f = engine.findings().find((x) => x.kind === 'blocked-by-proxy')!
    expect(f.severity).toBe('warning')
    expect(ids(f)).toContain('ev_traffic_method_worked_approx')
    expect(ids(f)).not.toContain('ev_traffic_method_worked')
  })

  it('what a finding recovered stays with it after the sketch forgets, through re-evaluation', () => {
    const engine = new Engine(8, { exactEndpoints: 16, sketchKeys: 64 })
    engine.add(entry({ method: 'GET', url: `${O}/api/orders/7`, status: 200 }))
    fill(engine, 40, 0)
    engine.add(entry({ method: 'POST', url: `${O}/api/orders/7`, status: 404 }))
    expect(engine.findings()).toHaveLength(1)
    // Enough new endpoints to drop both generations the GET was ever in.
    fill(engine, 400, 100)
    engine.setDeclaredLookup(() => null)
    const [f] = engine.findings()
    expect(f!.kind).toBe('wrong-method')
    expect(ids(f!)).toContain('ev_other_method_ok_approx')
  })

  it('once traffic was forgotten, a finding without traffic evidence says from when', () => {
    const engine = new Engine(8, { exactEndpoints: 16, sketchKeys: 64 })
    fill(engine, 400, 0)
    engine.add(
      entry({ method: 'POST', url: `${O}/api/never-worked`, status: 405, headers: { Allow: 'GET' } }),
    )
    const [f] = engine.findings()
    const note = f!.allowed.notes.find((n) => n.id === 'note_traffic_aged_out')
    expect(note?.params?.time).toMatch(/^2026-11-25 10:00:\d\d UTC$/)
    const forgotten = (engine as unknown as { traffic: TrafficIndex }).traffic.agedOutBefore()!
    expect(note!.params!.time).toBe(utcTime(forgotten))
    // A fresh capture says nothing of the kind.
    const fresh = new Engine()
    fresh.add(entry({ method: 'POST', url: `${O}/api/never-worked`, status: 405, headers: { Allow: 'GET' } }))
    expect(fresh.findings()[0]!.allowed.notes.map((n) => n.id)).not.toContain('note_traffic_aged_out')
  })

  it('an endpoint with a finding keeps exact evidence however many endpoints come after', () => {
    const engine = new Engine(8, bounds)
    engine.add(entry({ method: 'GET', url: `${O}/api/orders/7`, status: 200 }))
    engine.add(entry({ method: 'POST', url: `${O}/api/orders/7`, status: 404 }))
    fill(engine, 1000, 0)
    engine.add(entry({ method: 'POST', url: `${O}/api/orders/7?again=1`, status: 404 }))
    const [f] = engine.findings()
    expect(f!.count).toBe(2)
    expect(f!.severity).toBe('error')
    expect(ids(f!)).toContain('ev_other_method_ok')
    expect(engine.knownToExist(`${O}/api/orders/7`, 'POST')).toBe(true)
  })

  it('the texts exist in English and Vietnamese', () => {
    for (const id of [...TRAFFIC_NOTE_IDS, 'ev_other_method_ok_approx', 'ev_traffic_method_worked_approx']) {
      expect(FINDING_MESSAGES.en[id], id).toBeDefined()
      expect(FINDING_MESSAGES.vi[id], id).toBeDefined()
    }
  })
})

describe('what else is kept per URL stays bounded', () => {
  const head = (url: string): ChainLink => ({ x: exchange('DELETE', url, 404), prev: null, next: null })

  it('watchers let go of the oldest chains that show no finding, never of flagged ones', () => {
    const flagged = new Set<ChainLink>()
    const w = new Watchers((h) => flagged.has(h), 16)
    const heads = Array.from({ length: 1000 }, (_, i) => head(`${O}/gone/${i}`))
    for (const [i, h] of heads.entries()) {
      if (i % 100 === 0) flagged.add(h)
      w.watch(h, `DELETE ${O}/gone/${i}`, h.x.url)
    }
    const watched = new Set(w.heads())
    expect(watched.size).toBeLessThanOrEqual(2 * (16 + flagged.size))
    for (const h of flagged) expect(watched.has(h)).toBe(true)
    // The most recent suspects are still waiting for their probe.
    expect(w.awaitingProbe(`DELETE ${O}/gone/999`)).toEqual([heads[999]])
    expect(w.atEndpoint(`${O}/gone/3`)).toEqual([])
    expect(w.watchesEndpoint(`${O}/gone/3`)).toBe(false)
    // Unwatching removes a chain everywhere, and no key is left behind empty.
    w.unwatch(heads[0]!, heads[0]!.x)
    expect(w.watchesEndpoint(`${O}/gone/0`)).toBe(false)
  })

  it('the preflight index and probe targets keep their most recent entries', () => {
    const pre = new PreflightIndex(8)
    for (let i = 0; i < 100; i++) {
      const x = normalizeEntry(
        entry({
          method: 'OPTIONS',
          url: `${O}/w/${i}`,
          status: 204,
          requestHeaders: { 'Access-Control-Request-Method': 'PUT' },
        }),
        seq++,
      )!
      pre.note(x)
    }
    expect(pre.for('PUT', `${O}/w/99`)).toBeDefined()
    expect(pre.for('PUT', `${O}/w/0`)).toBeUndefined()
    const probes = new ProbeTargets(4, 8)
    for (let i = 0; i < 20; i++)
      probes.record({ endpoint: `POST ${O}/p/${i}`, url: `${O}/p/${i}`, at: i, steps: [] })
    expect(probes.resultFor(`POST ${O}/p/19`)).toBeDefined()
    expect(probes.resultFor(`POST ${O}/p/0`)).toBeUndefined()
  })

  it('the chain linker forgets a redirect once its follow-up is linked', () => {
    const linker = new ChainLinker()
    for (let i = 0; i < 200; i++) {
      const start = Date.parse('2026-11-25T10:00:00Z') + i * 100
      const r: ChainLink = {
        x: normalizeEntry(
          entry({ method: 'GET', url: `${O}/d/${i}`, status: 301, redirectURL: `${O}/d/${i}/`, start }),
          seq++,
        )!,
        prev: null,
        next: null,
      }
      const f: ChainLink = {
        x: normalizeEntry(
          entry({ method: 'GET', url: `${O}/d/${i}/`, status: 200, start: start + 5 }),
          seq++,
        )!,
        prev: null,
        next: null,
      }
      linker.link(r)
      linker.link(f)
      expect(r.next).toBe(f)
    }
    const inside = linker as unknown as { waiting: Map<string, unknown>; waitingOrder: Set<ChainLink> }
    expect(inside.waiting.size).toBe(0)
    expect(inside.waitingOrder.size).toBe(0)
  })

  it('a long capture on ever-new URLs holds a bounded number of links and keys', () => {
    const engine = new Engine(64, { exactEndpoints: 256, sketchKeys: 1024, copyIds: 256 })
    const inside = engine as unknown as {
      intake: { byKey: Map<string, unknown>; heldOrder: unknown[] }
      traffic: { recent: Map<string, unknown>; pinned: Map<string, unknown> }
      preflights: { byKey: Map<string, unknown> }
    }
    for (let i = 0; i < 6000; i++) {
      if (i % 50 === 0) engine.add(entry({ method: 'DELETE', url: `${O}/gone/${i}`, status: 404 }))
      else if (i % 50 === 1)
        engine.add(
          entry({
            method: 'OPTIONS',
            url: `${O}/w/${i}`,
            status: 204,
            requestHeaders: { 'Access-Control-Request-Method': 'PUT' },
          }),
        )
      else engine.add(entry({ method: 'GET', url: `${O}/r/${i}`, status: 200 }))
      if (i % 400 === 0) engine.takeChanges()
    }
    expect(engine.entries).toBe(6000)
    expect(inside.traffic.recent.size).toBe(256)
    expect(inside.traffic.pinned.size).toBeLessThan(64)
    expect(inside.intake.byKey.size).toBeLessThanOrEqual(2 * 64 + 2 * 1024)
    expect(inside.preflights.byKey.size).toBeLessThanOrEqual(1024)
  })
})
