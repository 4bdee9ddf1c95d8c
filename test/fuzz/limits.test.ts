import fc from 'fast-check'
import { describe, it } from 'vitest'
import { analyzeHar } from '../../src/core/analyze'
import { MAX_HOPS } from '../../src/core/chains'
import { Engine } from '../../src/core/engine'
import { BASE_TIME, harEntry, hostileEntry, ORIGINS, probeResult, redirectPair } from './support/arbitraries'
import { checkNoPollution, checkOutputs, fail, prototypeSnapshot, render } from './support/pipeline'
import { params, timeoutFor } from './support/runs'

const SHARE = { big: 0.004, chains: 0.002, pollution: 0.15 }
/** Generous per-entry bound: the real cost is a few ms, this only catches super-linear blow-ups. */
const ENTRY_MS = 250

const MB = 1 << 20
const big = new Map<string, string>()
/** 1 MB strings, built once per pattern (fast-check would take ages to generate them). */
function mb(pattern: string): string {
  let s = big.get(pattern)
  if (s === undefined) {
    s = pattern.repeat(Math.ceil(MB / pattern.length)).slice(0, MB)
    big.set(pattern, s)
  }
  return s
}

/** Shapes chosen for the regexes they meet: redaction, fingerprints, Allow parsing, body patterns. */
const PATTERNS = ['A', ',', ', GET', ' ', '\u001b[2J', 'é', '💥', '/', '=', 'Bearer ', 'cookie ', 'eyJ', '?token=', 'Cannot POST /', '<center>nginx', '\\"'] as const
const FIELDS = ['allow', 'location', 'server', 'via', 'acam', 'url', 'query', 'body', 'body-base64', 'date', 'error', 'status-text', 'method', 'header-name', 'origin', 'many-headers'] as const

export function hugeEntry(field: (typeof FIELDS)[number], pattern: string, status: number): unknown {
  const v = mb(pattern)
  const url = `${ORIGINS[0]}/api/orders`
  const e = harEntry({ method: 'POST', url, status, start: BASE_TIME })
  const req = e.request as Record<string, unknown>
  const res = e.response as Record<string, unknown>
  const h = (name: string, value: string) => [{ name, value }]
  switch (field) {
    case 'allow':
      return { ...e, response: { ...res, headers: h('Allow', v) } }
    case 'location':
      return { ...e, response: { ...res, headers: h('Location', v) } }
    case 'server':
      return { ...e, response: { ...res, headers: [...h('Server', v), ...h('cf-ray', v)] } }
    case 'via':
      return { ...e, response: { ...res, headers: h('Via', v) } }
    case 'acam':
      return { ...e, request: { ...req, method: 'OPTIONS', headers: h('Access-Control-Request-Method', v) }, response: { ...res, headers: h('Access-Control-Allow-Methods', v) } }
    case 'url':
      return { ...e, request: { ...req, url: url + v } }
    case 'query':
      return { ...e, request: { ...req, url: `${url}?token=${v}` } }
    case 'body':
      return { ...e, response: { ...res, content: { text: v } } }
    case 'body-base64':
      return { ...e, response: { ...res, content: { text: Buffer.from(v).toString('base64'), encoding: 'base64' } } }
    case 'date':
      return { ...e, startedDateTime: v }
    case 'error':
      return { ...e, request: { ...req, method: 'PUT', headers: h('Origin', `http://other.test${v}`) }, response: { ...res, status: 0 }, _error: v }
    case 'status-text':
      return { ...e, response: { ...res, statusText: v } }
    case 'method':
      return { ...e, request: { ...req, method: v } }
    case 'header-name':
      return { ...e, response: { ...res, headers: [{ name: v, value: v }] } }
    case 'origin':
      return { ...e, request: { ...req, method: 'DELETE', headers: [...h('Origin', v), ...h('Referer', v)] }, response: { ...res, status: 0 } }
    default:
      // 500 headers of 8 KB each: the most a HAR entry keeps, all under one name.
      return { ...e, response: { ...res, headers: Array.from({ length: 600 }, () => ({ name: 'Server', value: v.slice(0, 8192) })) } }
  }
}

function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now()
  const out = fn()
  return [out, performance.now() - t0]
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
          const engine = new Engine()
          // Sometimes a working GET first, so a 404 has traffic to become a finding.
          if (before) engine.add(harEntry({ method: 'GET', url: `${ORIGINS[0]}/api/orders`, status: 200, start: BASE_TIME - 10 }))
          const [, addMs] = timed(() => engine.add(entry))
          const [out, renderMs] = timed(() => render(engine.findings()))
          if (addMs > ENTRY_MS) fail(`Engine.add took ${addMs.toFixed(0)} ms`)
          if (renderMs > ENTRY_MS) fail(`findings + report + formats took ${renderMs.toFixed(0)} ms`)
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
          const engine = new Engine()
          let worst = 0
          const [, totalMs] = timed(() => {
            for (const e of order === 0 ? entries : shuffle(entries, order)) {
              const [, ms] = timed(() => engine.add(e))
              worst = Math.max(worst, ms)
            }
          })
          if (worst > ENTRY_MS) fail(`one Engine.add took ${worst.toFixed(0)} ms`)
          const [out, renderMs] = timed(() => render(engine.findings()))
          if (renderMs > 20 * ENTRY_MS) fail(`rendering took ${renderMs.toFixed(0)} ms (adds: ${totalMs.toFixed(0)} ms)`)
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
        name: fc.constantFrom('__proto__', 'constructor', 'prototype', '__defineGetter__', 'hasOwnProperty', 'Allow'),
        value: fc.constantFrom('polluted', '{"polluted":1}', '__proto__, constructor, prototype', 'GET, POST'),
      })
      const entry = fc
        .record({ base: fc.oneof(redirectPair, hostileEntry.map((e) => [e])), payload, headers: fc.array(protoHeader, { maxLength: 4 }), status: fc.constantFrom(405, 404, 301, 200, 0) })
        .map(({ base, payload: p, headers, status }) => [
          ...base,
          {
            // `__PROTO__` becomes an own `__proto__` key through JSON.parse, as in a hostile HAR file.
            __PROTO__: p,
            constructor: p,
            startedDateTime: new Date(BASE_TIME).toISOString(),
            request: { __PROTO__: p, prototype: p, method: 'POST', url: `${ORIGINS[0]}/__proto__/constructor?__proto__[polluted]=1&constructor[prototype][polluted]=1`, headers },
            response: { __PROTO__: p, status, headers: [...headers, { name: 'Location', value: '/__proto__/' }], content: { __PROTO__: p, text: '__proto__' } },
          },
        ])
      const probes = fc.array(probeResult, { maxLength: 2 })
      fc.assert(
        fc.property(fc.array(entry, { maxLength: 4 }), probes, (groups, ps) => {
          const json = JSON.stringify({ __PROTO__: { polluted: 'log' }, log: { __PROTO__: { entries: [] }, entries: groups.flat() } })
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
