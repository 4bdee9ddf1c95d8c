import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Engine } from '../../src/core/engine'
import { FINGERPRINTS, type FingerprintRow, fingerprint, matchRow } from '../../src/core/fingerprints'
import { BODY_KEEP } from '../../src/core/har'
import { headerMap } from '../../src/core/headers'
import { asEntry, caseOf, type FixtureCase, stack, stacks } from '../helpers/frameworks'

/** Which fingerprint each real stack's wrong-method answer should be recognised as. */
const EXPECTED_FINGERPRINT: Record<string, { case: string; id: string | null }> = {
  fastapi: { case: 'POST /items', id: 'fastapi' },
  flask: { case: 'POST /items', id: 'flask' },
  django: { case: 'POST /items', id: 'django' },
  drf: { case: 'POST /items', id: 'drf' },
  express: { case: 'POST /items', id: 'express' },
  express4: { case: 'POST /items', id: 'express' },
  fastify: { case: 'POST /items', id: 'fastify' },
  hono: { case: 'POST /items', id: 'hono' },
  koa: { case: 'POST /items', id: 'koa' },
  nestjs: { case: 'POST /items', id: 'nestjs' },
  'go-nethttp': { case: 'POST /items', id: 'go' },
  gin: { case: 'POST /items', id: 'gin' },
  nginx: { case: 'PUT /items/1', id: 'nginx' },
  apache: { case: 'PUT /items/1', id: 'apache' },
  rails: { case: 'POST /items', id: 'rails' },
  'rails-development': { case: 'POST /items', id: 'rails' },
  nextjs: { case: 'POST /items', id: 'nextjs' },
  sveltekit: { case: 'POST /items', id: 'sveltekit' },
  nuxt: { case: 'POST /items', id: 'nuxt' },
  // Astro's 404 page carries nothing specific: it must stay unknown, not be guessed.
  astro: { case: 'POST /items', id: null },
}

/** What the engine says about a wrong method, given the earlier successful GET on the same URL. */
const EXPECTED_KINDS: Record<string, { case: string; kinds: string[] }> = {
  fastapi: { case: 'POST /items', kinds: ['wrong-method'] },
  flask: { case: 'POST /items', kinds: ['wrong-method'] },
  django: { case: 'POST /items', kinds: ['wrong-method'] },
  drf: { case: 'POST /items', kinds: ['wrong-method'] },
  express: { case: 'POST /items', kinds: ['wrong-method'] },
  express4: { case: 'POST /items', kinds: ['wrong-method'] },
  fastify: { case: 'POST /items', kinds: ['wrong-method'] },
  hono: { case: 'POST /items', kinds: ['wrong-method'] },
  koa: { case: 'POST /items', kinds: ['wrong-method'] },
  nestjs: { case: 'POST /items', kinds: ['wrong-method'] },
  'go-nethttp': { case: 'POST /items', kinds: ['wrong-method'] },
  gin: { case: 'POST /items', kinds: ['wrong-method'] },
  nginx: { case: 'PUT /items/1', kinds: ['static-host'] },
  apache: { case: 'PUT /items/1', kinds: ['static-host'] },
  rails: { case: 'POST /items', kinds: ['wrong-method'] },
  'rails-development': { case: 'POST /items', kinds: ['wrong-method'] },
  nextjs: { case: 'POST /items', kinds: ['wrong-method', 'missing-allow-header'] },
  sveltekit: { case: 'POST /items', kinds: ['wrong-method'] },
  nuxt: { case: 'POST /items', kinds: ['wrong-method'] },
  astro: { case: 'POST /items', kinds: ['wrong-method'] },
}

describe('fingerprints against real server answers', () => {
  for (const fx of stacks()) {
    const want = EXPECTED_FINGERPRINT[fx.stack]
    it(`${fx.stack}: recognised from its own ${want?.case}`, () => {
      expect(want, `add ${fx.stack} to EXPECTED_FINGERPRINT`).toBeDefined()
      const c = caseOf(fx, want!.case)
      // Only as much body as the engine keeps: a signature further down is never seen in practice.
      const fw = fingerprint(
        c.response.status,
        headerMap(c.response.headers),
        (c.response.body ?? '').slice(0, BODY_KEEP),
      )
      expect(fw?.id ?? null).toBe(want!.id)
    })
  }
})

const FIXTURE_DIRS = {
  captured: join(import.meta.dirname, '../fixtures/frameworks'),
  documented: join(import.meta.dirname, '../fixtures/documented'),
}

/** The files (captured or documented) that hold the fixture a row names: exactly one, or the name is wrong. */
const fixtureFiles = (name: string): string[] =>
  Object.values(FIXTURE_DIRS)
    .map((dir) => join(dir, `${name}.json`))
    .filter((file) => existsSync(file))

/**
 * The responses in `row`'s own fixture that the row matches by itself (the project's matchRow)
 * and that the whole table then recognises as the row's framework.
 */
function backingCases(row: FingerprintRow): FixtureCase[] {
  const [file] = fixtureFiles(row.fixture)
  if (!file) return []
  const { cases } = JSON.parse(readFileSync(file, 'utf8')) as { cases: FixtureCase[] }
  return cases.filter((c) => {
    const { status, statusText = '' } = c.response
    // As much body as the engine keeps: a signature further down never shows in practice.
    const body = (c.response.body ?? '').slice(0, BODY_KEEP)
    const headers = headerMap(c.response.headers)
    return (
      matchRow(row, status, headers, body.trim(), statusText) !== null &&
      fingerprint(status, headers, body, statusText)?.id === row.id
    )
  })
}

describe('every fingerprint row is backed by a response it recognises', () => {
  FINGERPRINTS.forEach((row, i) => {
    const signals = [...Object.keys(row.headers ?? {}), row.body && 'body', row.statusText && 'statusText']
    it(`#${i} ${row.id} [${signals.filter(Boolean).join(', ')}] ← ${row.fixture}`, () => {
      const files = fixtureFiles(row.fixture)
      expect(
        files,
        `${row.fixture}.json must exist in exactly one of frameworks/ and documented/`,
      ).toHaveLength(1)
      expect(
        backingCases(row).map((c) => c.name),
        `no response in ${files[0]} is recognised by row #${i} (${row.id})`,
      ).not.toEqual([])
    })
  })

  it('the check fails for a row that no response matches', () => {
    const edges = FINGERPRINTS.find((r) => r.fixture === 'edges')!
    expect(backingCases({ ...edges, headers: { 'x-never-sent': /./ }, body: undefined })).toEqual([])
    // Matching by itself is not enough: the table must also name the row's framework.
    expect(backingCases({ ...edges, id: 'not-cloudfront' })).toEqual([])
  })

  it('every documented fixture says it is documented, not captured', () => {
    for (const f of readdirSync(FIXTURE_DIRS.documented).filter((n) => n.endsWith('.json'))) {
      const fx = JSON.parse(readFileSync(join(FIXTURE_DIRS.documented, f), 'utf8')) as { provenance?: string }
      expect(fx.provenance, f).toBe('documented')
    }
  })
})

describe('diagnosis of real stacks', () => {
  for (const fx of stacks()) {
    const want = EXPECTED_KINDS[fx.stack]!
    it(`${fx.stack}: ${want.case} after a working GET → ${want.kinds.join(', ')}`, () => {
      const engine = new Engine()
      const path = caseOf(fx, want.case).request.path
      const get = fx.cases.find(
        (c) => c.request.method === 'GET' && c.request.path === path && c.response.status < 300 && !c.note,
      )
      if (get) engine.add(asEntry(get))
      engine.add(asEntry(caseOf(fx, want.case)))
      const findings = engine.findings()
      expect(findings.map((f) => f.kind).sort()).toEqual([...want.kinds].sort())
      if (want.kinds.includes('wrong-method')) {
        const wm = findings.find((f) => f.kind === 'wrong-method')!
        expect(wm.severity).toBe('error')
        expect(wm.allowed.methods).not.toBeNull()
      }
    })

    it(`${fx.stack}: a missing path yields no error finding`, () => {
      const engine = new Engine()
      for (const name of ['GET /missing', 'POST /missing', 'HEAD /missing']) {
        if (fx.cases.some((c) => c.name === name)) engine.add(asEntry(caseOf(fx, name)))
      }
      expect(engine.findings().filter((f) => f.severity === 'error')).toEqual([])
    })
  }

  it('FastAPI: the OPTIONS probe and the partial Allow are reported with the Starlette note', () => {
    const fx = stack('fastapi')
    const engine = new Engine()
    engine.add(asEntry(caseOf(fx, 'PATCH /items/1')))
    const f = engine.findings()[0]!
    expect(f.kind).toBe('wrong-method')
    expect(f.allowed.methods).toEqual(['GET'])
    expect(f.allowed.notes.map((n) => n.id)).toContain('note_starlette_first_route')
  })

  /** The real answer of `stack` to `name`, as a one-step OPTIONS probe result. */
  const optionsProbe = (engine: Engine, id: string, name: string) => {
    const [target] = engine.takeProbeTargets()
    const r = caseOf(stack(id), name).response
    const allow = r.headers.find((h) => h.name.toLowerCase() === 'allow')?.value
    engine.addProbe({
      endpoint: target!.endpoint,
      url: target!.url,
      at: 0,
      steps: [
        {
          method: 'OPTIONS',
          url: target!.url,
          outcome: 'answered',
          status: r.status,
          headers: allow === undefined ? {} : { allow },
          durationMs: 1,
        },
      ],
    })
  }

  it('Express: an unconfirmed "Cannot POST" is a warning, confirmed by its automatic OPTIONS', () => {
    const fx = stack('express')
    const engine = new Engine()
    engine.add(asEntry(caseOf(fx, 'POST /items')))
    expect(engine.findings()[0]).toMatchObject({ kind: 'wrong-method', severity: 'warning' })
    optionsProbe(engine, 'express', 'OPTIONS /items')
    const f = engine.findings()[0]!
    expect(f).toMatchObject({ kind: 'wrong-method', severity: 'error' })
    expect(f.allowed.methods).toEqual(['GET', 'HEAD'])
    expect(f.allowed.sources.map((s) => s.source)).toEqual(['probe-allow'])
    expect(f.allowed.notes.map((n) => n.id)).toContain('note_express_auto_options')
  })

  it('Django: OPTIONS refused by require_http_methods is explained, and its Allow still counts', () => {
    const engine = new Engine()
    engine.add(asEntry(caseOf(stack('django'), 'GET /form')))
    optionsProbe(engine, 'django', 'OPTIONS /form')
    const f = engine.findings().find((x) => x.kind === 'wrong-method')!
    expect(f.allowed.methods).toEqual(['POST'])
    expect(f.allowed.notes.map((n) => n.id)).toContain('note_django_options_405')
  })

  it('FastAPI: an Allow that leaves out a method that succeeded earlier on the URL says it is partial', () => {
    const fx = stack('fastapi')
    const engine = new Engine()
    engine.add(asEntry(caseOf(fx, 'PUT /items/1')))
    engine.add(asEntry(caseOf(fx, 'PATCH /items/1')))
    const f = engine.findings().find((x) => x.kind === 'wrong-method')!
    expect(f.allowed.methods).toEqual(['GET', 'PUT'])
    expect(f.allowed.notes).toEqual(
      expect.arrayContaining([
        { id: 'note_allow_contradicted_by_traffic', params: { methods: 'PUT' } },
        { id: 'note_starlette_first_route' },
      ]),
    )
  })

  it('slash redirects of real stacks: 301 (Django, Go) flags the method change; 307/308 (FastAPI, Flask) do not', () => {
    const cases: [string, string, boolean][] = [
      ['django', 'POST /things', true],
      ['go-nethttp', 'POST /things', true],
      ['fastapi', 'POST /things', false],
      ['flask', 'POST /things', false],
    ]
    for (const [id, name, changes] of cases) {
      const engine = new Engine()
      engine.add(asEntry(caseOf(stack(id), name)))
      const kinds = engine.findings().map((f) => f.kind)
      expect(kinds.includes('redirect-method-change'), `${id} ${name}`).toBe(changes)
      expect(kinds, `${id} ${name}`).toContain('trailing-slash-redirect')
    }
  })
})

describe('fingerprints against documented answers of hosted services', () => {
  for (const file of readdirSync(FIXTURE_DIRS.documented).filter((n) => n.endsWith('.json'))) {
    const fx = JSON.parse(readFileSync(join(FIXTURE_DIRS.documented, file), 'utf8')) as {
      cases: (FixtureCase & { expect: string })[]
    }
    for (const c of fx.cases) {
      it(`${c.name} → ${c.expect}`, () => {
        expect(fingerprint(c.response.status, headerMap(c.response.headers), c.response.body ?? '')?.id).toBe(
          c.expect,
        )
      })
    }
  }

  it('edges: a method rejected by the edge itself is blocked-by-proxy; API Gateway is a missing route; a relay alone proves nothing', () => {
    const fx = JSON.parse(
      readFileSync(join(import.meta.dirname, '../fixtures/documented/edges.json'), 'utf8'),
    ) as { cases: (FixtureCase & { expect: string })[] }
    // Headers such services put on every response they relay: alone, no proof the edge answered.
    const relayOnly = new Set(['Fastly', 'A generic gateway named in Via'])
    for (const c of fx.cases) {
      const engine = new Engine()
      engine.add(asEntry(c))
      const kinds = engine
        .findings()
        .map((f) => f.kind)
        .sort()
      const want = relayOnly.has(c.name)
        ? ['missing-allow-header', 'wrong-method']
        : [c.expect === 'api-gateway' ? 'wrong-method' : 'blocked-by-proxy']
      expect(kinds, c.name).toEqual(want)
    }
  })

  it('static hosts: a write is static-host', () => {
    const fx = JSON.parse(
      readFileSync(join(import.meta.dirname, '../fixtures/documented/static-hosts.json'), 'utf8'),
    ) as { cases: FixtureCase[] }
    for (const c of fx.cases) {
      const engine = new Engine()
      engine.add(asEntry(c))
      expect(
        engine.findings().map((f) => f.kind),
        c.name,
      ).toEqual(['static-host'])
    }
  })
})

describe('an application behind a relay is still the one that answered', () => {
  // Real answers of real stacks, as they would arrive through a CDN that stamps every response.
  const RELAYS: Record<string, { name: string; value: string }[]> = {
    cloudflare: [
      { name: 'Server', value: 'cloudflare' },
      { name: 'CF-RAY', value: '8a1b2c3d4e5f6789-FRA' },
    ],
    cloudfront: [
      { name: 'X-Amz-Cf-Id', value: 'q2Xk3-exampleexampleexample==' },
      { name: 'X-Cache', value: 'Error from cloudfront' },
      { name: 'Via', value: '1.1 0123456789abcdef.cloudfront.net (CloudFront)' },
    ],
    fastly: [
      { name: 'X-Served-By', value: 'cache-fra-etou8220123-FRA' },
      { name: 'Via', value: '1.1 varnish' },
    ],
  }
  const behind = (c: FixtureCase, relay: { name: string; value: string }[]): FixtureCase => ({
    ...c,
    response: {
      ...c.response,
      // A CDN replaces Server (Cloudflare) or adds its own headers (CloudFront, Fastly).
      headers: [
        ...c.response.headers.filter((h) => !(relay.some((r) => r.name === 'Server') && h.name === 'Server')),
        ...relay,
      ],
    },
  })

  for (const [relay, headers] of Object.entries(RELAYS)) {
    for (const name of ['drf', 'django', 'flask', 'fastapi']) {
      it(`${name} 405 with Allow through ${relay}: wrong-method, not blocked-by-proxy`, () => {
        const c = behind(caseOf(stack(name), 'POST /items'), headers)
        const engine = new Engine()
        engine.add(asEntry(c))
        const [f, ...rest] = engine.findings()
        expect(rest).toEqual([])
        expect(f?.kind).toBe('wrong-method')
        // Cloudflare replaces Server: then only the relay is recognised, and said to be only that.
        if (f?.framework?.role === 'edge') expect(f.framework.passThrough).toBe(true)
      })
    }
  }

  it('an app JSON 403 for PUT through CloudFront is not blamed on CloudFront', () => {
    const engine = new Engine()
    engine.add(
      asEntry({
        name: 'app 403',
        request: { method: 'PUT', path: '/api/items/1', headers: [] },
        response: {
          status: 403,
          statusText: 'Forbidden',
          headers: [{ name: 'Content-Type', value: 'application/json' }, ...RELAYS.cloudfront!],
          body: '{"error":"not your item"}',
        },
      } as FixtureCase),
    )
    expect(engine.findings().map((f) => f.kind)).not.toContain('blocked-by-proxy')
  })

  it('a relay alone says where the answer came from, not who wrote it', () => {
    const fw = fingerprint(
      405,
      headerMap([...RELAYS.cloudflare!, { name: 'Allow', value: 'GET' }]),
      '{"message":"nope"}',
    )
    expect(fw).toMatchObject({ id: 'cloudflare', passThrough: true })
    const engine = new Engine()
    engine.add(
      asEntry({
        name: 'relay + Allow',
        request: { method: 'POST', path: '/api/x', headers: [] },
        response: {
          status: 405,
          statusText: 'Method Not Allowed',
          headers: [...RELAYS.cloudflare!, { name: 'Allow', value: 'GET' }],
          body: '{"message":"nope"}',
        },
      } as FixtureCase),
    )
    const [f] = engine.findings()
    expect(f?.kind).toBe('wrong-method')
    expect(f?.evidence.map((e) => e.id)).toContain('ev_passed_through')
    expect(f?.fixes.map((x) => x.id)).not.toContain('fw_cloudflare_fix')
  })
})
