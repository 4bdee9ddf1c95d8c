import fc from 'fast-check'
import { describe, it } from 'vitest'
import { Engine } from '../../src/core/engine'
import type { Finding } from '../../src/core/types'
import {
  anyUrl,
  BASE_TIME,
  content,
  headers,
  hostileBatch,
  hostileEntry,
  hostileUrl,
  method,
  nastyString,
  probeResult,
  redirectPair,
  startedDateTime,
} from './support/arbitraries'
import { checkFindings, checkOutputs, fail, render, runAll } from './support/pipeline'
import { params, timeoutFor } from './support/runs'

/** Shares of the suite's FUZZ_RUNS budget (see support/runs.ts); the other files hold the rest. */
const SHARE = { hostile: 0.22, quiet: 0.06, snippets: 0.08, changes: 0.08, midway: 0.06, probes: 0.07 }

describe('engine under hostile HAR entries', () => {
  it(
    'never throws; every finding is well-formed; every output stays well-formed',
    () => {
      fc.assert(
        fc.property(hostileBatch, fc.constantFrom('en' as const, 'vi' as const), (entries, lang) => {
          checkOutputs(runAll(entries, { lang }))
        }),
        params(SHARE.hostile),
      )
    },
    timeoutFor(SHARE.hostile),
  )

  it(
    'entries answered 2xx without a redirect never produce findings or probes',
    () => {
      const quiet = fc.record({
        startedDateTime,
        // No Access-Control-Request-Method: a preflight is judged by its CORS headers even when 2xx.
        request: fc.record(
          {
            method,
            url: anyUrl,
            headers: fc.constant([{ name: 'Origin', value: 'https://elsewhere.test' }]),
          },
          { requiredKeys: [] },
        ),
        response: fc.record(
          {
            status: fc.integer({ min: 200, max: 299 }),
            headers,
            content,
            redirectURL: fc.oneof(fc.constant(''), anyUrl),
          },
          { requiredKeys: ['status'] },
        ),
        _error: nastyString,
      })
      fc.assert(
        fc.property(fc.array(quiet, { maxLength: 12 }), (entries) => {
          const engine = new Engine()
          for (const e of entries) engine.add(e)
          if (engine.findings().length > 0)
            fail(`2xx entries produced ${engine.findings().map((f) => f.kind)}`)
          if (engine.takeChanges().upserts.length > 0) fail('2xx entries produced finding changes')
          if (engine.takeProbeTargets().length > 0) fail('2xx entries asked for a probe')
        }),
        params(SHARE.quiet),
      )
    },
    timeoutFor(SHARE.quiet),
  )

  it(
    'snippets only ever call http(s) URLs, whatever scheme the page or a Location used',
    () => {
      // Requests and redirect targets drawn mostly from data:, blob:, javascript:, about:, relative and broken URLs.
      const hostileRedirect = fc
        .record({
          from: fc.oneof(hostileUrl, anyUrl),
          to: fc.oneof(hostileUrl, anyUrl),
          m: method,
          status: fc.constantFrom(301, 302, 303, 307, 308, 405, 501, 404, 403, 0),
          t: fc.nat(100),
        })
        .map(({ from, to, m, status: s, t }) => ({
          startedDateTime: new Date(BASE_TIME + t).toISOString(),
          request: { method: m, url: from, headers: [{ name: 'Origin', value: 'http://127.0.0.1:8405' }] },
          response: {
            status: s,
            headers: [{ name: 'Location', value: to }],
            content: { text: 'Cannot POST /x' },
          },
        }))
      const batch = fc
        .array(
          fc.oneof(
            hostileRedirect.map((e) => [e]),
            redirectPair,
          ),
          { maxLength: 8 },
        )
        .map((g) => g.flat())
      fc.assert(
        fc.property(batch, (entries) => {
          const engine = new Engine()
          for (const e of entries) engine.add(e)
          checkFindings(engine.findings())
        }),
        params(SHARE.snippets),
      )
    },
    timeoutFor(SHARE.snippets),
  )

  it(
    'takeChanges, applied as they come, always rebuild exactly findings()',
    () => {
      fc.assert(
        fc.property(
          hostileBatch,
          fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
          (entries, takeAfter) => {
            const engine = new Engine()
            const view = new Map<string, Finding>()
            const apply = () => {
              const { upserts, removed } = engine.takeChanges()
              for (const id of removed) view.delete(id)
              for (const f of upserts) view.set(f.id, f)
            }
            entries.forEach((e, i) => {
              engine.add(e)
              if (takeAfter[i % takeAfter.length]) apply()
            })
            apply()
            const want = engine.findings()
            const got = [...view.values()].sort((a, b) => (a.id < b.id ? -1 : 1))
            const wantSorted = [...want].sort((a, b) => (a.id < b.id ? -1 : 1))
            if (JSON.stringify(got) !== JSON.stringify(wantSorted)) {
              fail(
                `changes rebuilt ${got.map((f) => f.id)} but findings() has ${wantSorted.map((f) => f.id)}`,
              )
            }
            const again = engine.takeChanges()
            if (again.upserts.length > 0 || again.removed.length > 0)
              fail('takeChanges reported changes twice')
          },
        ),
        params(SHARE.changes),
      )
    },
    timeoutFor(SHARE.changes),
  )

  it(
    'reading findings between entries changes nothing: the panel and a batch export agree',
    () => {
      fc.assert(
        fc.property(hostileBatch, (entries) => {
          const batch = new Engine()
          for (const e of entries) batch.add(e)
          const live = new Engine()
          for (const e of entries) {
            live.add(e)
            live.findings()
          }
          const a = JSON.stringify(batch.findings())
          const b = JSON.stringify(live.findings())
          if (a !== b) fail(`batch:\n${a}\nread as they came:\n${b}`)
        }),
        params(SHARE.midway),
      )
    },
    timeoutFor(SHARE.midway),
  )

  it(
    'hostile probe results, folded in at any point, keep findings and outputs well-formed',
    () => {
      const ops = fc.array(
        fc.oneof(
          { weight: 3, arbitrary: hostileEntry.map((e) => ({ entry: e })) },
          { weight: 2, arbitrary: redirectPair.map((p) => ({ pair: p })) },
          { weight: 2, arbitrary: probeResult.map((p) => ({ probe: p })) },
        ),
        { maxLength: 12 },
      )
      fc.assert(
        fc.property(ops, (list) => {
          const engine = new Engine()
          for (const op of list) {
            if ('entry' in op) engine.add(op.entry)
            else if ('pair' in op) for (const e of op.pair) engine.add(e)
            else engine.addProbe(op.probe)
            // The panel also asks for probe targets between entries; drain them as it would.
            for (const t of engine.takeProbeTargets())
              if (t.endpoint === '') fail('probe target without endpoint')
          }
          checkOutputs(render(engine.findings()))
        }),
        params(SHARE.probes),
      )
    },
    timeoutFor(SHARE.probes),
  )
})
