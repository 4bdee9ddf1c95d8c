import { describe, expect, it } from 'vitest'
import { ApiDescriptions } from '../../src/core/api-descriptions'
import { Engine } from '../../src/core/engine'
import { ApiDescriptionError, describePath, OPENAPI_MAX_BYTES } from '../../src/core/openapi'
import { parseApiDescription } from '../../src/core/openapi-parse'
import { asEntry, caseOf, stack } from '../helpers/frameworks'

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
    expect(reason(bomb)).toBe('not-parsable')
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
