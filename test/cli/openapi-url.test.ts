import { describe, expect, it } from 'vitest'
import { loadOpenApi } from '../../src/cli/openapi'
import { Engine } from '../../src/core/engine'
import type { TextFetch } from '../../src/core/probe/fetch-text'

// --openapi <url> and --openapi auto through the shared discovery (src/core/openapi-discovery.ts),
// with an injected fetch: what the CLI says for each outcome, and what it asked for.

const O = 'http://api.test'
const DOC = JSON.stringify({
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths: { '/a': { get: {} } },
})

function fakeFetch(answers: Record<string, { status: number; body?: string }>) {
  const asked: string[] = []
  const fetch: TextFetch = async (url) => {
    asked.push(url)
    const a = answers[url] ?? { status: 404 }
    const bytes = new TextEncoder().encode(a.body ?? '')
    return {
      status: a.status,
      body: new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(bytes)
          c.close()
        },
      }),
    }
  }
  return { fetch, asked }
}

const counting = () => {
  const taken: string[] = []
  const acquire = async (o: string) => {
    taken.push(o)
    return true
  }
  return { taken, acquire }
}

describe('--openapi <url>', () => {
  it('a miss is said with its status; the download counts against its origin budget', async () => {
    const f = fakeFetch({})
    const b = counting()
    const notes = await loadOpenApi(new Engine(), `${O}/spec.json`, [], b.acquire, f.fetch)
    expect(notes).toEqual([
      { id: 'cli_openapi_failed', params: { source: `${O}/spec.json`, reason: 'HTTP 404' } },
    ])
    expect(f.asked).toEqual([`${O}/spec.json`])
    expect(b.taken).toEqual([O])
  })

  it('a spent budget sends nothing and says so', async () => {
    const f = fakeFetch({})
    const notes = await loadOpenApi(new Engine(), `${O}/spec.json`, [], async () => false, f.fetch)
    expect(notes).toEqual([
      { id: 'cli_openapi_failed', params: { source: `${O}/spec.json`, reason: 'rate-limit' } },
    ])
    expect(f.asked).toEqual([])
  })

  it('a page that is no description says why; a description is loaded', async () => {
    const f = fakeFetch({
      [`${O}/page`]: { status: 200, body: '<html></html>' },
      [`${O}/spec`]: { status: 200, body: DOC },
    })
    expect(await loadOpenApi(new Engine(), `${O}/page`, [], undefined, f.fetch)).toEqual([
      { id: 'cli_openapi_failed', params: { source: `${O}/page`, reason: 'not-openapi' } },
    ])
    expect(await loadOpenApi(new Engine(), `${O}/spec`, [], undefined, f.fetch)).toEqual([
      { id: 'cli_openapi_loaded', params: { source: `${O}/spec`, paths: '1' } },
    ])
  })
})

describe('--openapi auto', () => {
  it('a broken description at one location is said, and the next location is used', async () => {
    const f = fakeFetch({
      [`${O}/openapi.json`]: { status: 200, body: '{"openapi": "3.0.0", "paths": ' },
      [`${O}/v3/api-docs`]: { status: 200, body: DOC },
    })
    const notes = await loadOpenApi(new Engine(), 'auto', [O], undefined, f.fetch)
    expect(notes.map((n) => [n.id, n.params.source, n.params.reason])).toEqual([
      ['cli_openapi_failed', `${O}/openapi.json`, 'not-parsable'],
      ['cli_openapi_loaded', `${O}/v3/api-docs`, undefined],
    ])
    expect(f.asked).toEqual([`${O}/openapi.json`, `${O}/v3/api-docs`])
  })

  it('nothing at any location is one line per origin; a spent budget is said instead', async () => {
    const f = fakeFetch({ [`${O}/openapi.json`]: { status: 200, body: '<html>docs</html>' } })
    expect(await loadOpenApi(new Engine(), 'auto', [O], undefined, f.fetch)).toEqual([
      { id: 'cli_openapi_none', params: { origin: O } },
    ])
    let left = 3
    const notes = await loadOpenApi(new Engine(), 'auto', [O], async () => left-- > 0, fakeFetch({}).fetch)
    expect(notes).toEqual([{ id: 'cli_openapi_failed', params: { source: O, reason: 'rate-limit' } }])
  })
})
