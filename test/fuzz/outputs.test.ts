import fc from 'fast-check'
import { describe, it } from 'vitest'
import { Engine } from '../../src/core/engine'
import { BASE_TIME, harEntry, nastyString, ORIGINS } from './support/arbitraries'
import { checkOutputs, fail, type Outputs, runAll } from './support/pipeline'
import { params, timeoutFor } from './support/runs'

const SHARE = { injection: 0.15, redaction: 0.1 }

const at = (ms: number) => BASE_TIME + ms
const resolve = (to: string, base: string) => {
  try {
    return new URL(to, base).href
  } catch {
    return to
  }
}

/**
 * Captures that reliably produce findings, with hostile text in every place that reaches a
 * report: URL path and query, Location, Allow, Via, Server, bodies, errors, Origin.
 */
const injected = fc
  .record({
    shape: fc.constantFrom('405', 'redirect', '404', 'cors', 'proxy', 'preflight'),
    m: fc.constantFrom('POST', 'PUT', 'DELETE', 'PATCH'),
    origin: fc.constantFrom(...ORIGINS),
    path: nastyString,
    query: nastyString,
    location: nastyString,
    allow: nastyString,
    via: nastyString,
    server: nastyString,
    body: nastyString,
    error: nastyString,
    from: nastyString,
  })
  .map((r) => {
    const url = `${r.origin}/api/${r.path}?q=${r.query}`
    const h = (name: string, value: string) => ({ name, value })
    switch (r.shape) {
      case '405':
        return [
          harEntry({
            method: r.m,
            url,
            status: 405,
            start: at(0),
            headers: [h('Allow', r.allow), h('Server', `Werkzeug ${r.server}`)],
          }),
        ]
      case 'redirect': {
        const to = `/api/${r.location}/`
        return [
          harEntry({ method: 'POST', url, status: 301, start: at(0), headers: [h('Location', to)] }),
          harEntry({
            method: 'GET',
            url: resolve(to, url),
            status: 405,
            start: at(5),
            headers: [h('Allow', r.allow)],
          }),
        ]
      }
      case '404':
        return [
          harEntry({ method: r.m, url, status: 404, start: at(0), body: `Cannot ${r.m} /api/${r.body}` }),
          harEntry({ method: 'GET', url, status: 200, start: at(10) }),
        ]
      case 'cors': {
        // Status 0 alone is not CORS (request-failed): the refused preflight is the evidence.
        const e = harEntry({ method: r.m, url, status: 0, start: at(5) })
        const pre = harEntry({ method: 'OPTIONS', url, status: 403, start: at(0) })
        return [
          {
            ...pre,
            request: {
              method: 'OPTIONS',
              url,
              headers: [h('Access-Control-Request-Method', r.m), h('Origin', `http://other.test${r.from}`)],
            },
          },
          {
            ...e,
            request: {
              method: r.m,
              url,
              headers: [h('Origin', `http://other.test${r.from}`), h('Content-Type', 'application/json')],
            },
            _error: r.error,
          },
        ]
      }
      case 'preflight': {
        // The list must not grant PATCH (or `*`), so the preflight is rejected whatever junk it holds.
        const acam = `GET, ${r.allow.replace(/patch|\*/gi, '')}`
        const e = harEntry({
          method: 'OPTIONS',
          url,
          status: 200,
          start: at(0),
          headers: [h('Access-Control-Allow-Origin', '*'), h('Access-Control-Allow-Methods', acam)],
        })
        return [
          {
            ...e,
            request: {
              method: 'OPTIONS',
              url,
              headers: [h('Access-Control-Request-Method', 'PATCH'), h('Origin', r.from)],
            },
          },
        ]
      }
      default:
        return [
          harEntry({
            method: r.m,
            url,
            // A 405 without Allow through a relay: the relay's hostile header values become evidence.
            status: 405,
            start: at(0),
            headers: [h('Via', `1.1 ${r.via}`), h('Server', 'cloudflare'), h('cf-ray', r.server)],
          }),
        ]
    }
  })

describe('outputs under hostile text', () => {
  it(
    'terminal escapes, CR/LF, bidi overrides, markup and lone surrogates never reach any format raw',
    () => {
      const opts = fc.record({
        lang: fc.constantFrom('en' as const, 'vi' as const),
        keepSecrets: fc.boolean(),
      })
      fc.assert(
        fc.property(fc.array(injected, { minLength: 1, maxLength: 4 }), opts, (groups, o) => {
          const out = runAll(groups.flat(), o)
          if (out.findings.length === 0) fail('the capture was meant to produce findings')
          checkOutputs(out)
        }),
        params(SHARE.injection),
      )
    },
    timeoutFor(SHARE.injection),
  )

  it(
    'secrets in query, fragment, userinfo, Location and auth headers never reach a redacted output',
    () => {
      const secret = fc.stringMatching(/^[A-Za-z0-9]{16,24}$/).map((s) => `S3CRET${s}`)
      const place = fc.constantFrom(
        'token',
        'api_key',
        'access_token',
        'fragment',
        'hash-route',
        'userinfo',
        'authorization',
        'cookie',
        'x-api-key',
        'location',
        'location-fragment',
      )
      const capture = fc
        .record({
          secret,
          place,
          origin: fc.constantFrom(...ORIGINS),
          m: fc.constantFrom('POST', 'PUT', 'DELETE'),
        })
        .map(({ secret: s, place: p, origin, m }) => {
          const base = `${origin}/api/orders`
          const url =
            p === 'token' || p === 'api_key' || p === 'access_token'
              ? `${base}?page=1&${p}=${s}`
              : p === 'fragment'
                ? `${base}#access_token=${s}&state=x`
                : p === 'hash-route'
                  ? `${base}#/cb?token=${s}`
                  : p === 'userinfo'
                    ? base.replace('://', `://user:${s}@`)
                    : base
          const auth = p === 'authorization' ? [{ name: 'Authorization', value: `Bearer ${s}` }] : []
          const other =
            p === 'cookie'
              ? [{ name: 'Cookie', value: `session=${s}` }]
              : p === 'x-api-key'
                ? [{ name: 'X-Api-Key', value: s }]
                : []
          const location =
            p === 'location'
              ? `/api/orders/?code=${s}`
              : p === 'location-fragment'
                ? `/done#id_token=x&access_token=${s}`
                : '/api/orders/'
          const redirect = harEntry({
            method: m,
            url,
            status: 302,
            start: at(0),
            headers: [{ name: 'Location', value: location }],
          })
          const refused = harEntry({
            method: m,
            url,
            status: 405,
            start: at(20),
            headers: [{ name: 'Allow', value: 'GET' }],
          })
          const withHeaders = (e: Record<string, unknown>) => ({
            ...e,
            request: {
              ...(e.request as object),
              headers: [...auth, ...other, { name: 'Content-Type', value: 'application/json' }],
            },
          })
          return { secret: s, entries: [withHeaders(redirect), withHeaders(refused)] }
        })
      fc.assert(
        fc.property(
          capture,
          fc.constantFrom('en' as const, 'vi' as const),
          ({ secret: s, entries }, lang) => {
            const out: Outputs = runAll(entries, { lang })
            if (out.findings.length === 0) fail('the capture was meant to produce findings')
            for (const [name, text] of Object.entries({
              json: out.json,
              text: out.text,
              markdown: out.markdown,
              junit: out.junit,
            })) {
              if (text.includes(s)) fail(`${name} output leaks the secret`)
            }
            // Snippets are copied straight from the panel: they must be redacted already.
            for (const f of out.findings)
              for (const sn of f.snippets)
                if (sn.code.includes(s)) fail(`${sn.lang} snippet leaks the secret`)
          },
        ),
        params(SHARE.redaction),
      )
    },
    timeoutFor(SHARE.redaction),
  )

  it('the engine itself keeps raw URLs (the panel needs them); only reports redact', () => {
    // Guards the property above from passing vacuously: the secret is in what the engine holds.
    const engine = new Engine()
    const url = `${ORIGINS[0]}/api/orders?token=S3CRETabcdefghijklmnop`
    engine.add(harEntry({ method: 'POST', url, status: 405, start: at(0) }))
    const [f] = engine.findings()
    if (f?.request.url !== url) fail('expected the raw URL in the finding')
    checkOutputs(runAll([harEntry({ method: 'POST', url, status: 405, start: at(0) })]))
  })
})
