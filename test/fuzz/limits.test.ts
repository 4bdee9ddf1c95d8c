import fc from 'fast-check'
import { describe, it } from 'vitest'
import { analyzeHar } from '../../src/core/analyze-har'
import { MAX_HOPS } from '../../src/core/chains'
import { Engine } from '../../src/core/engine'
import { BASE_TIME, harEntry, hostileEntry, ORIGINS, probeResult, redirectPair } from './support/arbitraries'
import { FIELDS, hugeEntry, MB, PATTERNS } from './support/huge'
import { checkNoPollution, checkOutputs, fail, prototypeSnapshot, render } from './support/pipeline'
import { params, timeoutFor } from './support/runs'

const SHARE = { big: 0.004, chains: 0.002, pollution: 0.15 }
/** Generous per-entry bound: the real cost is a few ms, this only catches super-linear blow-ups. */
const ENTRY_MS = 250

function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now()
  const out = fn()
  return [out, performance.now() - t0]
}

/**
 * Runs `attempt` (which returns its slowest step in ms) and fails only when it is over the bound
 * twice in a row: real super-linear work repeats, a GC pause or a busy CI machine does not.
 */
function withinTwice(what: string, bound: number, attempt: () => number): void {
  const first = attempt()
  if (first <= bound) return
  const second = attempt()
  if (second > bound)
    fail(`${what} took ${first.toFixed(0)} ms, then ${second.toFixed(0)} ms (bound ${bound} ms)`)
}

/** Deterministic shuffle from a seed (a 1,000-element shuffledSubarray would be slow to shrink). */
function shuffle<T>(list: T[], seed: number): T[] {
  const out = [...list]
  let s = seed >>> 0 || 1
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    const j = s % (i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

describe('limits', () => {
  it(
    'an entry with a 1 MB header, URL, body, date, error or method is processed in bounded time',
    () => {
      const spec = fc.record({
        field: fc.constantFrom(...FIELDS),
        pattern: fc.constantFrom(...PATTERNS),
        status: fc.constantFrom(405, 301, 404, 403, 0, 200),
        before: fc.boolean(),
      })
      fc.assert(
        fc.property(spec, ({ field, pattern, status, before }) => {
          const entry = hugeEntry(field, pattern, status)
          let out = render([])
          withinTwice('one 1 MB entry (add, or findings + report + formats)', ENTRY_MS, () => {
            const engine = new Engine()
            // Sometimes a working GET first, so a 404 has traffic to become a finding.
            if (before)
              engine.add(
                harEntry({
                  method: 'GET',
                  url: `${ORIGINS[0]}/api/orders`,
                  status: 200,
                  start: BASE_TIME - 10,
                }),
              )
            const [, addMs] = timed(() => engine.add(entry))
            const [rendered, renderMs] = timed(() => render(engine.findings()))
            out = rendered
            return Math.max(addMs, renderMs)
          })
          checkOutputs(out)
          // Clipping keeps outputs small whatever came in.
          if (out.json.length > MB) fail(`JSON report of ${out.json.length} chars for one entry`)
        }),
        params(SHARE.big, 20),
      )
    },
    timeoutFor(SHARE.big, 400, 20),
  )

  it(
    'redirect loops and 1,000-hop chains, in any arrival order, stay bounded',
    () => {
      const spec = fc.record({
        hops: fc.oneof(fc.constant(1000), fc.integer({ min: 2, max: 1000 })),
        loop: fc.boolean(),
        dates: fc.constantFrom('distinct', 'same', 'missing'),
        status: fc.constantFrom(301, 302, 303, 307, 308),
        order: fc.oneof(fc.constant(0), fc.integer({ min: 1 })),
      })
      fc.assert(
        fc.property(spec, ({ hops, loop, dates, status, order }) => {
          const url = (i: number) => `${ORIGINS[0]}/hop/${i % hops}`
          const entries = Array.from({ length: hops }, (_, i) => {
            const last = i === hops - 1
            const e = harEntry({
              method: i === 0 ? 'POST' : 'GET',
              url: url(i),
              status: last && !loop ? 405 : status,
              start: BASE_TIME + (dates === 'distinct' ? i : 0),
              ...(last && !loop ? {} : { redirectURL: url(i + 1) }),
            })
            return dates === 'missing' ? { ...e, startedDateTime: 'NaN' } : e
          })
          const delivered = order === 0 ? entries : shuffle(entries, order)
          let engine = new Engine()
          withinTwice('one Engine.add of a long chain', ENTRY_MS, () => {
            engine = new Engine()
            let worst = 0
            for (const e of delivered) worst = Math.max(worst, timed(() => engine.add(e))[1])
            return worst
          })
          let out = render([])
          withinTwice('findings + report + formats of a long chain', ENTRY_MS, () => {
            const [rendered, ms] = timed(() => render(engine.findings()))
            out = rendered
            return ms
          })
          checkOutputs(out)
          for (const f of out.findings) if (f.chain.length > MAX_HOPS) fail(`chain of ${f.chain.length} hops`)
        }),
        params(SHARE.chains, 5),
      )
    },
    timeoutFor(SHARE.chains, 2000, 5),
  )

  it(
    '__proto__, constructor and prototype as keys and header names never pollute a prototype',
    () => {
      const before = prototypeSnapshot()
      const payload = fc.constantFrom(
        { polluted: 'yes', method: 'POST', url: 'http://evil.test/', status: 405, allow: 'GET', text: 'x' },
        { prototype: { polluted: 'yes' } },
        { constructor: { prototype: { polluted: 'yes' } } },
      )
      const protoHeader = fc.record({
        name: fc.constantFrom(
          '__proto__',
          'constructor',
          'prototype',
          '__defineGetter__',
          'hasOwnProperty',
          'Allow',
        ),
        value: fc.constantFrom(
          'polluted',
          '{"polluted":1}',
          '__proto__, constructor, prototype',
          'GET, POST',
        ),
      })
      const entry = fc
        .record({
          base: fc.oneof(
            redirectPair,
            hostileEntry.map((e) => [e]),
          ),
          payload,
          headers: fc.array(protoHeader, { maxLength: 4 }),
          status: fc.constantFrom(405, 404, 301, 200, 0),
        })
        .map(({ base, payload: p, headers, status }) => [
          ...base,
          {
            // `__PROTO__` becomes an own `__proto__` key through JSON.parse, as in a hostile HAR file.
            __PROTO__: p,
            constructor: p,
            startedDateTime: new Date(BASE_TIME).toISOString(),
            request: {
              __PROTO__: p,
              prototype: p,
              method: 'POST',
              url: `${ORIGINS[0]}/__proto__/constructor?__proto__[polluted]=1&constructor[prototype][polluted]=1`,
              headers,
            },
            response: {
              __PROTO__: p,
              status,
              headers: [...headers, { name: 'Location', value: '/__proto__/' }],
              content: { __PROTO__: p, text: '__proto__' },
            },
          },
        ])
      const probes = fc.array(probeResult, { maxLength: 2 })
      fc.assert(
        fc.property(fc.array(entry, { maxLength: 4 }), probes, (groups, ps) => {
          const doc0 = {
            __PROTO__: { polluted: 'log' },
            log: { __PROTO__: { entries: [] }, entries: groups.flat() },
          }
          const json = JSON.stringify(doc0, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))
          const doc: unknown = JSON.parse(json.replaceAll('"__PROTO__":', '"__proto__":'))
          const findings = analyzeHar(doc, ps)
          checkOutputs(render(findings))
          checkNoPollution(before)
        }),
        params(SHARE.pollution),
      )
    },
    timeoutFor(SHARE.pollution),
  )
})
