import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { DevtoolsToWorker } from '../../src/shared/messages'

// The one browser API the service touches: host permissions, answered per test.
const granted = { value: true }
const asked: string[][] = []
vi.mock('webextension-polyfill', () => ({
  default: {
    permissions: {
      contains: async (p: { origins: string[] }) => {
        asked.push(p.origins)
        return granted.value
      },
    },
  },
}))

const { ObservedUrls } = await import('../../src/background/observed')
const { ProbeService } = await import('../../src/background/probe-service')

let server: Server
let origin = ''
const seen: { method: string; url: string; headers: IncomingHttpHeaders }[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers })
    res.writeHead(req.method === 'OPTIONS' ? 204 : 405, { Allow: 'GET, HEAD, OPTIONS' })
    res.end()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))
beforeEach(() => {
  seen.length = 0
  asked.length = 0
  granted.value = true
})

let nextId = 1
const probe = (url: string, tabId = 1): Extract<DevtoolsToWorker, { type: 'worker/probe' }> => ({
  type: 'worker/probe',
  id: nextId++,
  tabId,
  request: {
    endpoint: `POST ${url.split('?')[0]}`,
    url,
    method: 'POST',
    suspect: false,
    knownToExist: false,
  },
  mode: 'full',
  fresh: true,
})

describe('the worker probe service checks every rule before sending anything', () => {
  it('refuses a URL that is not http(s)', async () => {
    const s = new ProbeService(new ObservedUrls())
    for (const url of [
      'ftp://127.0.0.1/x',
      'javascript:alert(1)',
      'data:text/plain,x',
      'chrome-extension://a/b',
    ])
      expect(await s.handle(probe(url))).toMatchObject({ type: 'worker/probe-refused', reason: 'not-http' })
    expect(seen).toEqual([])
  })

  it('refuses a URL the inspected tab never requested, even the same path with another query', async () => {
    const observed = new ObservedUrls()
    observed.add(1, [`${origin}/api/items?page=1`])
    const s = new ProbeService(observed)
    for (const m of [
      probe(`${origin}/admin`),
      probe(`${origin}/api/items?page=2`),
      probe(`${origin}/api/items?page=1`, 2),
    ])
      expect(await s.handle(m)).toMatchObject({ type: 'worker/probe-refused', reason: 'not-observed' })
    expect(seen).toEqual([])
  })

  it('refuses without host permission, asking for the origin without its port', async () => {
    granted.value = false
    const observed = new ObservedUrls()
    observed.add(1, [`${origin}/api/items`])
    const s = new ProbeService(observed)
    expect(await s.handle(probe(`${origin}/api/items`))).toMatchObject({
      type: 'worker/probe-refused',
      reason: 'no-permission',
    })
    expect(asked).toEqual([['http://127.0.0.1/*']])
    expect(seen).toEqual([])
  })

  it('sends exactly one OPTIONS, without credentials, to an observed URL it may reach', async () => {
    const observed = new ObservedUrls()
    observed.add(1, [`${origin}/api/items?page=1`])
    const s = new ProbeService(observed)
    const answer = await s.handle(probe(`${origin}/api/items?page=1`))
    expect(answer.type).toBe('worker/probe-result')
    if (answer.type !== 'worker/probe-result') return
    expect(answer.result.steps.map((x) => `${x.method} ${x.status} ${x.headers.allow}`)).toEqual([
      'OPTIONS 204 GET, HEAD, OPTIONS',
    ])
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual(['OPTIONS /api/items?page=1'])
    expect(seen[0]?.headers.cookie).toBeUndefined()
    expect(seen[0]?.headers.authorization).toBeUndefined()
  })
})

describe('the limits outlive the worker (Chrome stops idle workers, Firefox suspends event pages)', () => {
  it('a restarted worker answers a repeat from the stored cache and keeps counting the budget', async () => {
    const stored: Record<string, unknown> = {}
    const store = {
      get: async (key: string) => (key in stored ? { [key]: structuredClone(stored[key]) } : {}),
      set: async (items: Record<string, unknown>) => {
        Object.assign(stored, structuredClone(items))
      },
    }
    const observed = new ObservedUrls()
    observed.add(1, [`${origin}/api/kept`])
    const first = new ProbeService(observed, store)
    expect((await first.handle({ ...probe(`${origin}/api/kept`), fresh: false })).type).toBe(
      'worker/probe-result',
    )
    expect(seen).toHaveLength(1)
    await new Promise((r) => setTimeout(r, 250))
    expect(Object.keys(stored)).toEqual(['probeLimits'])

    // A new worker: same store, nothing in memory.
    const second = new ProbeService(observed, store)
    const again = await second.handle({ ...probe(`${origin}/api/kept`), fresh: false })
    expect(again.type).toBe('worker/probe-result')
    expect(seen).toHaveLength(1)
    // Stored state that is not what the worker wrote is ignored, never trusted.
    stored.probeLimits = { sent: 'x', cache: { bad: { at: Date.now(), result: { steps: 'nope' } } } }
    const third = new ProbeService(observed, store)
    expect((await third.handle({ ...probe(`${origin}/api/kept`), fresh: false })).type).toBe(
      'worker/probe-result',
    )
    expect(seen).toHaveLength(2)
  })

  it('sends credentials only to an origin the user opted in, and never reuses an answer across the two choices', async () => {
    const inits: { url: string; credentials: string }[] = []
    const fakeFetch = async (url: string, init: { credentials: string }) => {
      inits.push({ url, credentials: init.credentials })
      return { status: 204, headers: new Headers({ allow: 'GET, HEAD, OPTIONS' }) }
    }
    const optedIn = new Set<string>()
    const observed = new ObservedUrls()
    observed.add(1, [`${origin}/api/creds`, 'http://localhost:1/api/other'])
    const s = new ProbeService(observed, null, async () => optedIn, fakeFetch)

    const anonymous = await s.handle({ ...probe(`${origin}/api/creds`), fresh: false })
    expect(anonymous.type === 'worker/probe-result' && anonymous.result.credentials).toBeUndefined()
    expect(inits.map((i) => i.credentials)).toEqual(['omit'])

    // Opted in: the cached anonymous answer does not count, and the probe carries credentials.
    optedIn.add(origin)
    const withCookies = await s.handle({ ...probe(`${origin}/api/creds`), fresh: false })
    expect(withCookies.type === 'worker/probe-result' && withCookies.result.credentials).toBe(true)
    expect(inits.map((i) => i.credentials)).toEqual(['omit', 'include'])
    // Another origin stays anonymous.
    await s.handle({ ...probe('http://localhost:1/api/other'), fresh: false })
    expect(inits[2]).toEqual({ url: 'http://localhost:1/api/other', credentials: 'omit' })

    // Opted out again: the credentialed answer is not reused; the earlier anonymous one still is.
    optedIn.delete(origin)
    const again = await s.handle({ ...probe(`${origin}/api/creds`), fresh: false })
    expect(again.type === 'worker/probe-result' && again.result.credentials).toBeUndefined()
    expect(inits.map((i) => i.credentials)).toEqual(['omit', 'include', 'omit'])
  })

  it('a probe in flight is not joined across the two choices, and one whose choice changed while it waited is not sent', async () => {
    const inits: string[] = []
    let release: () => void = () => undefined
    const gate = new Promise<void>((r) => {
      release = r
    })
    const slowFetch = async (_url: string, init: { credentials: string }) => {
      inits.push(init.credentials)
      await gate
      return { status: 204, headers: new Headers({ allow: 'GET' }) }
    }
    const optedIn = new Set<string>()
    const observed = new ObservedUrls()
    observed.add(1, [`${origin}/api/inflight`])
    const s = new ProbeService(observed, null, async () => optedIn, slowFetch)
    const anonymous = s.handle({ ...probe(`${origin}/api/inflight`), fresh: false })
    await new Promise((r) => setTimeout(r, 20))
    optedIn.add(origin)
    const withCookies = s.handle({ ...probe(`${origin}/api/inflight`), fresh: false })
    await new Promise((r) => setTimeout(r, 20))
    release()
    const [a, b] = await Promise.all([anonymous, withCookies])
    expect(inits).toEqual(['omit', 'include'])
    expect(a.type === 'worker/probe-result' && a.result.credentials).toBeUndefined()
    expect(b.type === 'worker/probe-result' && b.result.credentials).toBe(true)
  })
})
