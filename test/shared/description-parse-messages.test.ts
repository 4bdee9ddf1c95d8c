import { describe, expect, it } from 'vitest'
import { parseApiDescription } from '../../src/core/openapi-parse'
import { isDescriptionParseReply, isDescriptionParseRequest } from '../../src/shared/messages'

describe('messages between the devtools page and its description parser', () => {
  const desc = parseApiDescription(
    JSON.stringify({
      openapi: '3.0.0',
      servers: [{ url: '/api' }],
      paths: { '/files/{name}.{ext}': { get: {} } },
    }),
  )

  it('a parsed description, as the worker posts it (structured clone), passes the guard', () => {
    expect(isDescriptionParseReply(structuredClone({ type: 'parse/done', desc }))).toBe(true)
    expect(isDescriptionParseReply({ type: 'parse/failed', reason: 'too-deep' })).toBe(true)
    expect(isDescriptionParseRequest({ type: 'parse/text', text: 'openapi: 3.0.0' })).toBe(true)
  })

  it('anything else is dropped', () => {
    const bad = [
      null,
      { type: 'parse/done' },
      { type: 'parse/done', desc: { ...desc, format: 'raml' } },
      { type: 'parse/done', desc: { ...desc, paths: [{ ...desc.paths[0], parts: 'x' }] } },
      { type: 'parse/done', desc: { ...desc, paths: Array(5001).fill(desc.paths[0]) } },
      { type: 'parse/failed', reason: 'x'.repeat(65) },
      { type: 'parse/text', text: 'x'.repeat(5 * 1024 * 1024 + 1) },
    ]
    for (const m of bad) expect(isDescriptionParseReply(m) || isDescriptionParseRequest(m)).toBe(false)
  })
})
