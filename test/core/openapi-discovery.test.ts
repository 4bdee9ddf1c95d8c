import { describe, expect, it } from 'vitest'
import { OPENAPI_MAX_BYTES } from '../../src/core/openapi'
import {
  type Acceptance,
  DISCOVERY_MAX_REQUESTS,
  type DiscoveryDeps,
  discoverDescription,
  discoveryCandidates,
  OPENAPI_LOCATIONS,
  sniffDescription,
} from '../../src/core/openapi-discovery'
import type { TextFetch } from '../../src/core/probe/fetch-text'

const O = 'http://api.test:8080'
const DOC = '{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{}}'

type Init = Parameters<TextFetch>[1]
/** What the fake server does for one path: the answer, or a hostile behaviour. */
type Answer =
  | { status: number; body?: string | null }
  | { endless: true }
  | { hang: 'headers' | 'body' }
  | { throws: string }

const bodyOf = (text: string) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(new TextEncoder().encode(text))
      c.close()
    },
  })

/** A fake fetch answering by path (404 for the rest), recording every call. */
function fakeServer(answers: Record<string, Answer> = {}) {
  const calls: { url: string; init: Init }[] = []
  let pulledBytes = 0
  const fetch: TextFetch = async (url, init) => {
    calls.push({ url, init })
    const a = answers[new URL(url).pathname] ?? { status: 404 }
    if ('throws' in a) throw new Error(a.throws)
    if ('hang' in a) {
      const aborted = new Promise<never>((_, fail) => {
        const signal = init.signal as AbortSignal & EventTarget
        signal.addEventListener('abort', () => fail(new Error('aborted')))
      })
      if (a.hang === 'headers') return aborted
      return {
        status: 200,
        body: new ReadableStream<Uint8Array>({ pull: () => aborted }),
      }
    }
    if ('endless' in a) {
      const chunk = new Uint8Array(64 * 1024).fill(0x61)
      return {
        status: 200,
        body: new ReadableStream<Uint8Array>({
          pull(c) {
            pulledBytes += chunk.byteLength
            c.enqueue(chunk)
          },
        }),
      }
    }
    return { status: a.status, body: a.body === null ? null : bodyOf(a.body ?? '') }
  }
  return { fetch, calls, pulled: () => pulledBytes }
}

const budget = (n = Number.POSITIVE_INFINITY) => {
  const taken: string[] = []
  return {
    taken,
    acquire: async (origin: string) => {
      if (taken.length >= n) return false
      taken.push(origin)
      return true
    },
  }
}

const deps = (
  server: ReturnType<typeof fakeServer>,
  extra: Partial<DiscoveryDeps<string>> = {},
): DiscoveryDeps<string> => ({
  fetch: server.fetch,
  acquire: budget().acquire,
  accept: sniffDescription,
  ...extra,
})

const at = (paths: readonly string[]) => paths.map((p) => O + p)

describe('OpenAPI discovery: candidates and order', () => {
  it('tries the usual locations of the origin, in order, when none answers', async () => {
    const server = fakeServer()
    const found = await discoverDescription({ origin: O }, deps(server))
    expect(server.calls.map((c) => c.url)).toEqual(at(OPENAPI_LOCATIONS))
    expect(found).toEqual({
      end: 'not-found',
      tried: at(OPENAPI_LOCATIONS).map((url) => ({ url, status: 404 })),
      problems: [],
    })
  })

  it('stops at the first description: the ones after it are never asked', async () => {
    const server = fakeServer({
      '/openapi.json': { status: 200, body: '<html>Not here</html>' },
      '/swagger/v1/swagger.json': { status: 200, body: DOC },
      '/openapi.yaml': { status: 200, body: 'openapi: 3.0.0' },
    })
    const found = await discoverDescription({ origin: O }, deps(server))
    expect(found).toMatchObject({ end: 'found', url: `${O}/swagger/v1/swagger.json`, value: DOC })
    expect(server.calls.map((c) => c.url)).toEqual(at(OPENAPI_LOCATIONS.slice(0, 3)))
    expect(found.tried.map((t) => t.status)).toEqual([200, 404, 200])
    // An HTML page at a guessed location is a plain miss, not worth saying.
    expect(found.problems).toEqual([])
  })

  it('reads a given URL alone, once, and nothing at the usual locations', async () => {
    const server = fakeServer({ '/docs/spec.json': { status: 200, body: DOC } })
    const b = budget()
    const found = await discoverDescription(
      { url: `${O}/docs/spec.json?v=1` },
      { ...deps(server), acquire: b.acquire },
    )
    expect(found).toMatchObject({ end: 'found', url: `${O}/docs/spec.json?v=1` })
    expect(server.calls.map((c) => c.url)).toEqual([`${O}/docs/spec.json?v=1`])
    expect(b.taken).toEqual([O])
  })

  it('every location stays on the origin asked about, whatever its spelling', () => {
    for (const origin of [
      'http://api.test',
      'https://user:pw@api.test:8443/some/path?q#f',
      'http://[::1]:3000',
      'http://127.0.0.1',
    ]) {
      const plan = discoveryCandidates({ origin })!
      const expected = new URL(origin).origin
      expect(plan.origin).toBe(expected)
      expect(plan.urls).toEqual(OPENAPI_LOCATIONS.map((p) => expected + p))
      for (const url of plan.urls) expect(new URL(url).origin).toBe(expected)
    }
  })

  it('a non-http origin or URL sends nothing', async () => {
    for (const target of [
      { origin: 'file:///etc' },
      { url: 'javascript:alert(1)' },
      { url: 'data:text/plain,openapi' },
      { origin: 'not a url' },
    ]) {
      const server = fakeServer()
      expect(await discoverDescription(target, deps(server))).toEqual({
        end: 'not-http',
        tried: [],
        problems: [],
      })
      expect(server.calls).toEqual([])
    }
  })

  it('sends GET without credentials, cookies, referrer or redirects', async () => {
    const server = fakeServer()
    await discoverDescription({ origin: O }, deps(server))
    for (const { init } of server.calls)
      expect(init).toMatchObject({
        method: 'GET',
        credentials: 'omit',
        redirect: 'manual',
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
      })
  })
})

describe('OpenAPI discovery: limits', () => {
  it('each request takes one from its origin budget first; a spent budget ends the search', async () => {
    const server = fakeServer()
    const b = budget(2)
    const found = await discoverDescription({ origin: O }, { ...deps(server), acquire: b.acquire })
    expect(found).toEqual({
      end: 'rate-limit',
      tried: at(OPENAPI_LOCATIONS.slice(0, 2)).map((url) => ({ url, status: 404 })),
      problems: [],
    })
    expect(server.calls).toHaveLength(2)
    expect(b.taken).toEqual([O, O])
    const none = fakeServer()
    expect(
      (await discoverDescription({ url: `${O}/x.json` }, { ...deps(none), acquire: budget(0).acquire })).end,
    ).toBe('rate-limit')
    expect(none.calls).toEqual([])
  })

  it('an endless body is cut off at 5 MB, said, and the search goes on', async () => {
    const server = fakeServer({
      '/openapi.json': { endless: true },
      '/v3/api-docs': { status: 200, body: DOC },
    })
    const found = await discoverDescription({ origin: O }, deps(server))
    expect(found).toMatchObject({
      end: 'found',
      url: `${O}/v3/api-docs`,
      tried: [
        { url: `${O}/openapi.json`, status: 0 },
        { url: `${O}/v3/api-docs`, status: 200 },
      ],
      problems: [{ url: `${O}/openapi.json`, reason: 'too-large' }],
    })
    expect(server.pulled()).toBeLessThan(OPENAPI_MAX_BYTES + 4 * 64 * 1024)
  })

  it('a server that never answers, or never finishes its body, times out: a plain miss at a guessed location', async () => {
    const server = fakeServer({
      '/openapi.json': { hang: 'headers' },
      '/v3/api-docs': { hang: 'body' },
      '/api-json': { status: 200, body: DOC },
    })
    const t = Date.now()
    const found = await discoverDescription({ origin: O }, { ...deps(server), timeoutMs: 50 })
    expect(Date.now() - t).toBeLessThan(2000)
    expect(found).toMatchObject({ end: 'found', url: `${O}/api-json`, problems: [] })
    expect(found.tried.slice(0, 2)).toEqual([
      { url: `${O}/openapi.json`, status: 0 },
      { url: `${O}/v3/api-docs`, status: 0 },
    ])
  })

  it('never more than DISCOVERY_MAX_REQUESTS requests, whatever the answers', async () => {
    expect(OPENAPI_LOCATIONS.length).toBeLessThanOrEqual(DISCOVERY_MAX_REQUESTS)
    const hostile: Answer[] = [
      { status: 404 },
      { status: 500, body: 'openapi' },
      { status: 302, body: null },
      { status: 0, body: null },
      { status: 200, body: null },
      { status: 200, body: '<!doctype html><title>Not here</title>' },
      { endless: true },
      { hang: 'body' },
      { throws: 'ECONNRESET' },
    ]
    for (const a of hostile) {
      const server = fakeServer(Object.fromEntries(OPENAPI_LOCATIONS.map((p) => [p, a])))
      const found = await discoverDescription({ origin: O }, { ...deps(server), timeoutMs: 20 })
      expect(found.end).toBe('not-found')
      expect(server.calls.length).toBeLessThanOrEqual(DISCOVERY_MAX_REQUESTS)
      expect(found.tried).toHaveLength(server.calls.length)
      for (const c of server.calls) expect(new URL(c.url).origin).toBe(O)
    }
  })
})

describe('OpenAPI discovery: hostile or odd answers', () => {
  it('a redirect is a miss: never followed, so nothing leaves the origin', async () => {
    // Node answers 302 unfollowed; a browser's manual redirect is an opaque status 0.
    const server = fakeServer({
      '/openapi.json': { status: 302, body: null },
      '/v3/api-docs': { status: 0, body: null },
    })
    const found = await discoverDescription({ origin: O }, deps(server))
    expect(found.end).toBe('not-found')
    expect(found.tried.slice(0, 2).map((t) => t.status)).toEqual([302, 0])
    expect(server.calls.every((c) => c.url.startsWith(`${O}/`))).toBe(true)
  })

  it('the content type does not matter; any 2xx with a description body counts', async () => {
    const server = fakeServer({ '/openapi.json': { status: 203, body: 'openapi: 3.1.0\npaths: {}' } })
    expect(await discoverDescription({ origin: O }, deps(server))).toMatchObject({
      end: 'found',
      url: `${O}/openapi.json`,
    })
  })

  it('a broken description at a guessed location is said and the search goes on; "not OpenAPI" is not said', async () => {
    const accept = (text: string): Acceptance<string> =>
      text === DOC ? { value: text } : { reason: text === 'html' ? 'not-openapi' : 'too-deep' }
    const server = fakeServer({
      '/openapi.json': { status: 200, body: 'html' },
      '/v3/api-docs': { status: 200, body: '[[[[' },
      '/api-json': { status: 200, body: DOC },
    })
    const found = await discoverDescription({ origin: O }, { ...deps(server), accept })
    expect(found).toMatchObject({
      end: 'found',
      url: `${O}/api-json`,
      problems: [{ url: `${O}/v3/api-docs`, reason: 'too-deep' }],
    })
  })

  it('an accept that throws is a refusal, not a crash', async () => {
    const server = fakeServer({ '/openapi.json': { status: 200, body: DOC } })
    const found = await discoverDescription(
      { url: `${O}/openapi.json` },
      {
        ...deps(server),
        accept: () => {
          throw new Error('boom')
        },
      },
    )
    expect(found).toMatchObject({ end: 'not-found', problems: [{ reason: 'error' }] })
  })

  it('for a given URL every failure is said: network error, timeout, not OpenAPI; a bare status is left to the caller', async () => {
    const url = `${O}/spec`
    const cases: [Answer, { reason: string }[], number][] = [
      [{ throws: 'connect ECONNREFUSED' }, [{ reason: 'connect ECONNREFUSED' }], 0],
      [{ hang: 'headers' }, [{ reason: 'timeout' }], 0],
      [{ endless: true }, [{ reason: 'too-large' }], 0],
      [{ status: 200, body: '<html></html>' }, [{ reason: 'not-openapi' }], 200],
      [{ status: 404 }, [], 404],
    ]
    for (const [answer, problems, status] of cases) {
      const server = fakeServer({ '/spec': answer })
      const found = await discoverDescription({ url }, { ...deps(server), timeoutMs: 20 })
      expect(found).toEqual({
        end: 'not-found',
        tried: [{ url, status }],
        problems: problems.map((p) => ({ url, ...p })),
      })
    }
  })

  it('at the usual locations, network errors and timeouts are not said', async () => {
    const server = fakeServer({
      '/openapi.json': { throws: 'ECONNREFUSED' },
      '/v3/api-docs': { hang: 'headers' },
    })
    const found = await discoverDescription({ origin: O }, { ...deps(server), timeoutMs: 20 })
    expect(found).toMatchObject({ end: 'not-found', problems: [] })
    expect(found.tried).toHaveLength(OPENAPI_LOCATIONS.length)
  })
})

describe("the worker's sniff", () => {
  it('takes a body naming openapi or swagger in its first 4 KB, and nothing else', () => {
    expect(sniffDescription(DOC)).toEqual({ value: DOC })
    expect(sniffDescription('swagger: "2.0"')).toEqual({ value: 'swagger: "2.0"' })
    expect(sniffDescription('<html>hello</html>')).toEqual({ reason: 'not-openapi' })
    expect(sniffDescription(`${' '.repeat(4096)}{"openapi":"3.0.0"}`)).toEqual({ reason: 'not-openapi' })
    expect(sniffDescription('{"myopenapi_x": 1}')).toEqual({ reason: 'not-openapi' })
  })
})
