import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { ApiDescriptions } from '../../src/core/api-descriptions'
import { Engine } from '../../src/core/engine'
import {
  type ApiDescription,
  ApiDescriptionError,
  DESCRIPTION_MAX_ALIASES,
  DESCRIPTION_MAX_DEPTH,
  DESCRIPTION_MAX_YAML_TOKENS,
  describePath,
  OPENAPI_MAX_BYTES,
  type PathEntry,
} from '../../src/core/openapi'
import { jsonNestsDeeperThan, parseApiDescription } from '../../src/core/openapi-parse'
import { segmentMatches, segmentParts } from '../../src/core/path-template'
import { buildTemplateTrie, findTemplate } from '../../src/core/template-trie'
import { asEntry, caseOf, stack } from '../helpers/frameworks'
import {
  aliasWalkBomb,
  BOMB_BYTES,
  billionLaughs,
  jsonBomb,
  redosTemplate,
  slowest,
  yamlCompactBomb,
  yamlFlatItems,
  yamlFlowBomb,
  yamlIndentBomb,
} from '../helpers/hostile-descriptions'
import { denseDescriptionYaml } from '../helpers/large-description'

/** Parses a named input in a child process: its outcome, time and peak RSS growth (MB). */
function measuredInChild(input: string): { outcome: string; ms: number; grewMb: number; bytes: number } {
  const script = new URL('../helpers/parse-description-child.ts', import.meta.url).pathname
  const out = execFileSync(process.execPath, ['--import', 'tsx', script, input], { encoding: 'utf8' })
  return JSON.parse(out) as { outcome: string; ms: number; grewMb: number; bytes: number }
}

/** The reason a document is refused, or 'ok'. */
function reasonOf(text: string, budget?: Parameters<typeof parseApiDescription>[1]): string {
  try {
    parseApiDescription(text, budget)
    return 'ok'
  } catch (e) {
    return e instanceof ApiDescriptionError ? e.reason : 'threw'
  }
}

const describeWith = (paths: Record<string, unknown>): ApiDescription =>
  parseApiDescription(JSON.stringify({ openapi: '3.0.0', paths }))

const oas3 = JSON.stringify({
  openapi: '3.1.0',
  info: { title: 'Items' },
  servers: [{ url: '/api' }],
  paths: {
    '/items': { get: {}, post: {} },
    '/items/{item_id}': { get: {}, put: {}, delete: {}, parameters: [] },
    '/items/search': { get: {} },
    '/files/{name}.json': { get: {} },
  },
})

const swagger2Yaml = `
swagger: "2.0"
info: { title: Legacy }
basePath: /v1
paths:
  /orders:
    post: {}
  /orders/{id}:
    get: {}
    patch: {}
`

describe('API descriptions', () => {
  it('OpenAPI 3 JSON with a servers path: literal segments beat templates', () => {
    const d = parseApiDescription(oas3)
    expect(d.format).toBe('openapi3')
    expect(describePath(d, 'http://a/api/items/1')).toEqual({
      template: '/items/{item_id}',
      methods: ['GET', 'PUT', 'DELETE'],
    })
    expect(describePath(d, 'http://a/api/items/search')).toEqual({
      template: '/items/search',
      methods: ['GET'],
    })
    expect(describePath(d, 'http://a/api/items')?.methods).toEqual(['GET', 'POST'])
    expect(describePath(d, 'http://a/api/files/report.json')?.template).toBe('/files/{name}.json')
    expect(describePath(d, 'http://a/items/1')).toBeNull()
    expect(describePath(d, 'http://a/api/items/1/extra')).toBeNull()
  })

  it('Swagger 2 YAML with basePath', () => {
    const d = parseApiDescription(swagger2Yaml)
    expect(d.format).toBe('swagger2')
    expect(describePath(d, 'http://a/v1/orders/9?x=1')?.methods).toEqual(['GET', 'PATCH'])
    expect(describePath(d, 'http://a/orders/9')).toBeNull()
  })

  it('malformed, hostile and oversized documents are refused with a reason', () => {
    const reason = (text: string) => {
      try {
        parseApiDescription(text)
        return 'ok'
      } catch (e) {
        return e instanceof ApiDescriptionError ? e.reason : 'threw'
      }
    }
    expect(reason('{"openapi": "3.0.0", "paths": ')).toBe('not-parsable')
    expect(reason('<html>not found</html>')).toBe('not-openapi')
    expect(reason('{"openapi": "3.0.0"}')).toBe('no-paths')
    expect(reason(' '.repeat(OPENAPI_MAX_BYTES + 1))).toBe('too-large')
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
      ),
    ].join('\n')
    expect(reason(bomb)).toBe('aliases')
    expect(
      reason(
        JSON.stringify({ openapi: '3.0.0', paths: { __proto__: { get: {} }, constructor: { post: {} } } }),
      ),
    ).toBe('ok')
    expect(({} as Record<string, unknown>).get).toBeUndefined()
  })

  it("FastAPI: the description's methods beat Starlette's partial Allow, and the disagreement is explained", () => {
    const fx = stack('fastapi')
    const engine = new Engine()
    engine.add(asEntry(caseOf(fx, 'PATCH /items/1')))
    expect(engine.findings()[0]!.allowed.methods).toEqual(['GET'])
    const descs = new ApiDescriptions()
    descs.set(
      'http://127.0.0.1:8100',
      parseApiDescription(
        JSON.stringify({ openapi: '3.1.0', paths: { '/items/{item_id}': { get: {}, put: {}, delete: {} } } }),
      ),
      '/openapi.json',
    )
    engine.setDeclaredLookup(descs.lookup)
    const f = engine.findings()[0]!
    expect(f.kind).toBe('wrong-method')
    expect(f.allowed.methods).toEqual(['GET', 'PUT', 'DELETE'])
    expect(f.allowed.sources.map((s) => s.source)).toEqual(['response-allow', 'openapi'])
    expect(f.allowed.notes.map((n) => n.id)).toEqual([
      'note_allow_contradicted',
      'note_starlette_first_route',
    ])
    expect(f.allowed.notes[0]!.params).toEqual({ methods: 'PUT, DELETE' })
  })
})

describe('path templates: linear matching', () => {
  const matches = (template: string, segment: string) => segmentMatches(segmentParts(template), segment)

  it('parameters and literals share a segment as OpenAPI means it', () => {
    expect(segmentParts('{name}.{ext}')).toEqual(['', '.', ''])
    expect(segmentParts('v{version}')).toEqual(['v', ''])
    expect(segmentParts('items')).toEqual(['items'])
    // `{}` and an unclosed `{` are text, as before.
    expect(segmentParts('a{}b')).toEqual(['a{}b'])
    expect(segmentParts('a{b')).toEqual(['a{b'])
    expect(matches('{name}.{ext}', 'report.json')).toBe(true)
    expect(matches('{name}.{ext}', 'archive.tar.gz')).toBe(true)
    expect(matches('{name}.{ext}', 'report')).toBe(false)
    expect(matches('{name}.{ext}', '.json')).toBe(false)
    expect(matches('{name}.{ext}', 'report.')).toBe(false)
    expect(matches('v{version}', 'v2')).toBe(true)
    expect(matches('v{version}', 'v')).toBe(false)
    expect(matches('v{version}', 'w2')).toBe(false)
    expect(matches('{id}', 'x')).toBe(true)
    expect(matches('{id}', '')).toBe(false)
    expect(matches('{a}-{b}-{c}', 'x-y-z')).toBe(true)
    expect(matches('{a}-{b}-{c}', 'x--z')).toBe(false)
    expect(matches('{a}-{b}-{c}', 'x-y-z-w')).toBe(true)
    expect(matches('{a}ab{b}', 'xabab')).toBe(true)
    expect(matches('{a}ab{b}', 'xab')).toBe(false)
    // A prefix and a suffix may not share characters.
    expect(matches('a{x}a', 'aa')).toBe(false)
    expect(matches('a{x}a', 'aba')).toBe(true)
  })

  it('adjacent parameters match any run at least as long as their count', () => {
    expect(matches('{a}{b}', 'ab')).toBe(true)
    expect(matches('{a}{b}', 'abcdef')).toBe(true)
    expect(matches('{a}{b}', 'a')).toBe(false)
    expect(matches('x{a}{b}{c}y', 'xabcy')).toBe(true)
    expect(matches('x{a}{b}{c}y', 'xaby')).toBe(false)
  })

  it('the most literal template wins; whole paths still match as before', () => {
    const d = describeWith({
      '/files/{id}': { get: {} },
      '/files/{name}.{ext}': { put: {} },
      '/v{version}/items': { post: {} },
    })
    expect(describePath(d, 'http://a/files/a.b')?.template).toBe('/files/{name}.{ext}')
    expect(describePath(d, 'http://a/files/ab')?.template).toBe('/files/{id}')
    expect(describePath(d, 'http://a/v2/items')?.methods).toEqual(['POST'])
    expect(describePath(d, 'http://a/v/items')).toBeNull()
  })

  it('among templates as literal as each other, the first in the document wins', () => {
    const d = describeWith({ '/a/{x}': { get: {} }, '/{y}/b': { put: {} }, '/{p}/{q}': { post: {} } })
    expect(describePath(d, 'http://h/a/b')?.template).toBe('/a/{x}')
    expect(describePath(d, 'http://h/c/b')?.template).toBe('/{y}/b')
    expect(describePath(d, 'http://h/c/d')?.template).toBe('/{p}/{q}')
  })

  it('5,000 hostile templates: a lookup costs them once per URL path, then nothing', () => {
    const paths: Record<string, unknown> = {}
    for (let i = 0; i < 5000; i++) paths[`/{a${i}}/{b}/{c}-{d}-{e}`] = { get: {} }
    const descs = new ApiDescriptions()
    descs.set('http://h', describeWith(paths), 'spec')
    // Every template fails only at its last segment: the most work a URL can ask of them.
    const url = (i: number) => `http://h/x${i}/y/${'q'.repeat(60)}`
    expect(slowest(1, () => Array.from({ length: 200 }, (_, i) => descs.lookup(url(i), 'GET')))).toBeLessThan(
      1000,
    )
    expect(descs.lookup(url(0), 'GET')).toBeNull()
    expect(
      slowest(1, () =>
        Array.from({ length: 50_000 }, (_, i) => descs.lookup(`${url(i % 200)}?n=${i}`, 'GET')),
      ),
    ).toBeLessThan(1000)
  })

  it('the trie finds what a scan of every template finds, ranking included (random templates and paths)', () => {
    // The reference: every template with as many segments, most literal segments, then the first.
    const scan = (paths: PathEntry[], segs: string[]) => {
      let best: PathEntry | null = null
      for (const p of paths)
        if (p.parts.length === segs.length && p.parts.every((s, i) => segmentMatches(s, segs[i]!)))
          if (!best || p.literals > best.literals) best = p
      return best
    }
    let seed = 7
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    const words = ['a', 'b', 'ab', 'a.b', 'v1', 'x-y']
    const shapes = ['a', 'b', '{p}', '{q}', '{p}.{e}', 'v{n}', '{a}-{b}', 'a{x}', '{x}b']
    for (let round = 0; round < 40; round++) {
      const spec: Record<string, unknown> = {}
      // Repeats and same-shaped templates (`{p}`, `{q}`) included: the first in the document wins.
      for (let i = 0; i < 30; i++) {
        const segs = Array.from({ length: 1 + rand(3) }, () => shapes[rand(shapes.length)])
        spec[`/${segs.join('/')}`] = { get: {} }
      }
      const d = describeWith(spec)
      const trie = buildTemplateTrie(d.paths)
      for (let k = 0; k < 60; k++) {
        const segs = Array.from({ length: 1 + rand(3) }, () => words[rand(words.length)]!)
        expect(findTemplate(trie, segs)?.template ?? null).toBe(scan(d.paths, segs)?.template ?? null)
      }
    }
  })

  it('a lookup costs the branches a path meets, not the description: 5,000 templates cost about what 50 do', () => {
    // Templates like a real API's (each resource its own literal segment), and 2,000 new URL paths.
    const spec = (n: number) => {
      const paths: Record<string, unknown> = {}
      for (let i = 0; i < n; i++) {
        paths[`/r${i}s`] = { get: {}, post: {} }
        paths[`/r${i}s/{id}`] = { get: {}, put: {}, delete: {} }
        paths[`/r${i}s/{id}/items/{item}.{ext}`] = { get: {} }
      }
      return describeWith(paths)
    }
    const cost = (desc: ApiDescription, resources: number) => {
      const urls = Array.from({ length: 2000 }, (_, i) => `http://h/r${i % resources}s/${i}/items/f${i}.json`)
      // The fastest of five runs, each over fresh lookups (no memo): the steadiest figure.
      let fastest = Number.POSITIVE_INFINITY
      for (let run = 0; run < 5; run++) {
        const descs = new ApiDescriptions()
        descs.set('http://h', desc, 'spec')
        const t = performance.now()
        for (const url of urls) expect(descs.lookup(url, 'GET')).toEqual(['GET'])
        fastest = Math.min(fastest, performance.now() - t)
      }
      return fastest
    }
    const big = spec(5000 / 3)
    const small = spec(50 / 3)
    describePath(big, 'http://h/warm')
    describePath(small, 'http://h/warm')
    // A scan of every template made this ratio about 100 (2,000 paths took 10 s against 5,000).
    expect(cost(big, 1666) / cost(small, 16)).toBeLessThan(5)
  })

  it('a ReDoS-shaped template (/x/{p0}{p1}…{p17}!) against long paths ends in under 1 s', () => {
    const d = describeWith({ [redosTemplate()]: { get: {} } })
    // 32 characters took 33 s with the old regular expression, doubling with each one more.
    for (const length of [32, 40, 1000, 8000]) {
      const path = `http://a/x/${'a'.repeat(length)}`
      expect(slowest(3, () => expect(describePath(d, path)).toBeNull())).toBeLessThan(1000)
      expect(describePath(d, `${path}!`)?.template).toBe(redosTemplate())
    }
    expect(describePath(d, `http://a/x/${'a'.repeat(17)}!`)).toBeNull()
  })

  it('hostile templates cost their length, not its square', () => {
    // Half a million `{` with no `}`, and half a million `{}`: both are literal text.
    const open = `/${'{'.repeat(500_000)}`
    const empty = `/${'{}'.repeat(250_000)}`
    const many = `/${'{p}-'.repeat(100_000)}{p}`
    const d = describeWith({ [open]: { get: {} }, [empty]: { put: {} }, [many]: { post: {} } })
    const path = `http://a/${'a-'.repeat(4000)}b`
    expect(slowest(3, () => describePath(d, path))).toBeLessThan(1000)
    expect(describePath(d, path)).toBeNull()
  })
})

describe('API descriptions: bounded parsing', () => {
  it(`a ${(BOMB_BYTES / 1048576).toFixed(1)} MB nesting bomb (YAML flow, block, compact; JSON) is refused in under 1 s`, () => {
    for (const bomb of [yamlFlowBomb(), yamlIndentBomb(), yamlCompactBomb(), jsonBomb()]) {
      expect(bomb.length).toBeLessThan(OPENAPI_MAX_BYTES)
      let reason = ''
      expect(slowest(3, () => (reason = reasonOf(bomb)))).toBeLessThan(1000)
      expect(reason).toBe('too-deep')
    }
  })

  it('nesting up to the limit is read; one level more is refused', () => {
    const nested = (levels: number) => {
      // The root map, paths, the path item, the operation, then `x:` maps to the depth asked for.
      let inner = '{}'
      for (let i = 0; i < levels - 4; i++) inner = `{"x": ${inner}}`
      return `openapi: 3.0.0\npaths: {"/a": {"get": ${inner}}}`
    }
    expect(reasonOf(nested(DESCRIPTION_MAX_DEPTH))).toBe('ok')
    expect(reasonOf(nested(DESCRIPTION_MAX_DEPTH + 1))).toBe('too-deep')
    expect(
      jsonNestsDeeperThan(
        `${'['.repeat(DESCRIPTION_MAX_DEPTH)}${']'.repeat(DESCRIPTION_MAX_DEPTH)}`,
        DESCRIPTION_MAX_DEPTH,
      ),
    ).toBe(false)
    expect(jsonNestsDeeperThan(`[${'"[[[",'.repeat(500)}1]`, 2)).toBe(false)
    expect(jsonNestsDeeperThan('[[["\\"[[["]]]', 2)).toBe(true)
  })

  it('alias bombs are refused in under 1 s: billion laughs, an alias of itself, too many aliases', () => {
    const laughs = billionLaughs()
    let reason = ''
    expect(slowest(3, () => (reason = reasonOf(laughs)))).toBeLessThan(1000)
    expect(reason).toBe('aliases')
    expect(reasonOf('openapi: 3.0.0\na: &a [1, *a]\npaths: {}')).toBe('aliases')
    // Many aliases next to a large document: yaml's own check walked the document for each (12 s).
    const walk = aliasWalkBomb(DESCRIPTION_MAX_ALIASES + 1, 200_000)
    expect(slowest(3, () => (reason = reasonOf(walk)))).toBeLessThan(1000)
    expect(reason).toBe('aliases')
  })

  it('a flat 4.9 MB `[a,a,…]` (no nesting, no alias) is refused by its token count, in little time and memory', () => {
    // Measured before the limit: 4.8 MB took 12.7 s and 2.4 GB; now ~1.3 s and ~130 MB (2 busy cores).
    const bomb = measuredInChild('flat-bomb')
    expect(bomb.bytes).toBeLessThan(OPENAPI_MAX_BYTES)
    expect(bomb.outcome).toBe('too-many-tokens')
    expect(bomb.ms).toBeLessThan(5000)
    expect(bomb.grewMb).toBeLessThan(300)
    // The worst the limit lets through, read whole: a flat sequence one token short of it.
    const under = measuredInChild('flat-under-limit')
    expect(under.outcome).toBe('not-openapi')
    expect(under.ms).toBeLessThan(8000)
    expect(under.grewMb).toBeLessThan(600)
  }, 60_000)

  // Each of these reads up to a million tokens: seconds on a busy machine, hence the timeouts.
  it('the token limit is exact and counts every token, line breaks and comments included', () => {
    // One token more than the flat sequence the child process above reads whole.
    expect(reasonOf(yamlFlatItems(Math.ceil(DESCRIPTION_MAX_YAML_TOKENS / 3)))).toBe('too-many-tokens')
    // The yaml package keeps a record of each line break and comment as well.
    expect(reasonOf(`openapi: 3.0.0\n${'\n'.repeat(DESCRIPTION_MAX_YAML_TOKENS)}`)).toBe('too-many-tokens')
    expect(reasonOf(`openapi: 3.0.0\n${'#\n'.repeat(DESCRIPTION_MAX_YAML_TOKENS / 2)}`)).toBe(
      'too-many-tokens',
    )
  }, 60_000)

  it('a dense 5,000-operation description is under the token limit; JSON has no such limit', () => {
    const d = parseApiDescription(denseDescriptionYaml(5000))
    expect(d.paths).toHaveLength(2000)
    expect(describePath(d, 'https://api.example.com/v1/resource999s/42')?.methods).toEqual([
      'GET',
      'PUT',
      'DELETE',
    ])
    const flatJson = `{"openapi": "3.0.0", "x": [${'1,'.repeat(DESCRIPTION_MAX_YAML_TOKENS)}1], "paths": {"/a": {"get": {}}}}`
    expect(reasonOf(flatJson)).toBe('ok')
  }, 60_000)

  it("the yaml package's error and warning records cannot pile up: the first error, or a second document, ends the read", {
    timeout: 60_000,
  }, () => {
    // 900,000 empty items, each an error recorded with a stack trace: 1 MB took 9.5 s and 930 MB.
    // They are all still lexed and parsed (the composer sees the document once it is complete).
    let reason = ''
    expect(slowest(1, () => (reason = reasonOf(`[${','.repeat(900_000)}]`)))).toBeLessThan(4000)
    expect(reason).toBe('not-parsable')
    // 400,000 documents, each composed and kept (1 MB: 2.1 s, 360 MB): the second one ends it.
    expect(slowest(1, () => (reason = reasonOf('---\n'.repeat(400_000))))).toBeLessThan(1000)
    expect(reason).toBe('not-parsable')
    // An unknown tag on every item is a warning each, no longer kept.
    const tagged = `openapi: 3.0.0\nx: [${'!t a,'.repeat(150_000)}a]\npaths: {/a: {get: {}}}`
    expect(slowest(1, () => (reason = reasonOf(tagged)))).toBeLessThan(5000)
    expect(reason).toBe('ok')
  })

  it('a few aliases still work, shared rather than copied', () => {
    const d = parseApiDescription(
      [
        'openapi: 3.0.0',
        'x-ops: &op {responses: {"200": {description: ok}}}',
        'paths:',
        '  /a: {get: *op, put: *op}',
        '  /b: {delete: *op}',
      ].join('\n'),
    )
    expect(describePath(d, 'http://h/a')?.methods).toEqual(['GET', 'PUT'])
    expect(describePath(d, 'http://h/b')?.methods).toEqual(['DELETE'])
    // Aliases under the value limit but many of them: linear, fast.
    expect(slowest(1, () => expect(reasonOf(aliasWalkBomb(900, 0))).toBe('ok'))).toBeLessThan(1000)
  })

  it('YAML parsing stops when its time budget runs out', () => {
    const yaml = `openapi: 3.0.0\npaths:\n${Array.from({ length: 3000 }, (_, i) => `  /a${i}: {get: {}}`).join('\n')}`
    let clock = 0
    // A clock that moves a millisecond each time it is read: deterministic on any machine.
    expect(reasonOf(yaml, { now: () => clock++, ms: 5 })).toBe('too-slow')
    expect(reasonOf(yaml)).toBe('ok')
  })

  it('duplicate keys: the last one wins (no quadratic check); __proto__ is just a key', () => {
    const d = parseApiDescription(
      'openapi: 3.0.0\npaths:\n  /a: {get: {}}\n  /a: {put: {}}\n  __proto__: {post: {}}',
    )
    expect(describePath(d, 'http://h/a')?.methods).toEqual(['PUT'])
    expect(({} as Record<string, unknown>).post).toBeUndefined()
    // 40,000 keys in one map: the yaml package's duplicate check alone took 262 s for 100,000.
    const many = `openapi: 3.0.0\nx-many:\n${Array.from({ length: 40_000 }, (_, i) => `  k${i}: 1`).join('\n')}\npaths: {/a: {get: {}}}`
    expect(slowest(1, () => expect(reasonOf(many)).toBe('ok'))).toBeLessThan(5000)
  })
})
