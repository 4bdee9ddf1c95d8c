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
    expect(isDescriptionParseReply(structuredClone({ type: 'parser/parsed', desc }))).toBe(true)
    expect(isDescriptionParseReply({ type: 'parser/failed', reason: 'too-deep' })).toBe(true)
    expect(isDescriptionParseRequest({ type: 'devtools/parse-description', text: 'openapi: 3.0.0' })).toBe(
      true,
    )
  })

  it('anything else is dropped', () => {
    const bad = [
      null,
      { type: 'parser/parsed' },
      { type: 'parser/parsed', desc: { ...desc, format: 'raml' } },
      { type: 'parser/parsed', desc: { ...desc, paths: [{ ...desc.paths[0], parts: 'x' }] } },
      { type: 'parser/parsed', desc: { ...desc, paths: Array(5001).fill(desc.paths[0]) } },
      { type: 'parser/failed', reason: 'x'.repeat(65) },
      { type: 'devtools/parse-description', text: 'x'.repeat(5 * 1024 * 1024 + 1) },
    ]
    for (const m of bad) expect(isDescriptionParseReply(m) || isDescriptionParseRequest(m)).toBe(false)
  })
})
