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
const { pairKey } = await import('../../src/shared/origin-pairs')

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

/** The tab's list of URLs requested while `page` was its inspected top-level page. */
function tabSaw(urls: string[], page = `${origin}/`, tabId = 1): InstanceType<typeof ObservedUrls> {
  const observed = new ObservedUrls()
  observed.inspected(tabId, page)
  observed.add(tabId, new URL(page).origin, urls)
  return observed
}

let nextId = 1
const probe = (url: string, tabId = 1): Extract<DevtoolsToWorker, { type: 'devtools/probe-request' }> => ({
  type: 'devtools/probe-request',
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
    const observed = tabSaw([`${origin}/api/items?page=1`])
    observed.inspected(2, `${origin}/`)
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
    const observed = tabSaw([`${origin}/api/items`])
    const s = new ProbeService(observed)
    expect(await s.handle(probe(`${origin}/api/items`))).toMatchObject({
      type: 'worker/probe-refused',
      reason: 'no-permission',
    })
    expect(asked).toEqual([['http://127.0.0.1/*']])
    expect(seen).toEqual([])
  })

  it('sends exactly one OPTIONS, without credentials, to an observed URL it may reach', async () => {
    const observed = tabSaw([`${origin}/api/items?page=1`])
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
    const observed = tabSaw([`${origin}/api/kept`])
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
    const approvals = new Set([pairKey(origin, 'http://localhost:1')])
    const observed = tabSaw([`${origin}/api/creds`, 'http://localhost:1/api/other'])
    const s = new ProbeService(observed, null, async () => ({ approvals, credentials: optedIn }), fakeFetch)

    const anonymous = await s.handle({ ...probe(`${origin}/api/creds`), fresh: false })
    expect(anonymous.type === 'worker/probe-result' && anonymous.result.credentials).toBeUndefined()
    expect(inits.map((i) => i.credentials)).toEqual(['omit'])

    // Opted in: the cached anonymous answer does not count, and the probe carries credentials.
    optedIn.add(pairKey(origin, origin))
    const withCookies = await s.handle({ ...probe(`${origin}/api/creds`), fresh: false })
    expect(withCookies.type === 'worker/probe-result' && withCookies.result.credentials).toBe(true)
    expect(inits.map((i) => i.credentials)).toEqual(['omit', 'include'])
    // Another origin stays anonymous.
    await s.handle({ ...probe('http://localhost:1/api/other'), fresh: false })
    expect(inits[2]).toEqual({ url: 'http://localhost:1/api/other', credentials: 'omit' })

    // Opted out again: the credentialed answer is not reused; the earlier anonymous one still is.
    optedIn.delete(pairKey(origin, origin))
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
    const observed = tabSaw([`${origin}/api/inflight`])
    const s = new ProbeService(
      observed,
      null,
      async () => ({ approvals: new Set(), credentials: optedIn }),
      slowFetch,
    )
    const anonymous = s.handle({ ...probe(`${origin}/api/inflight`), fresh: false })
    await new Promise((r) => setTimeout(r, 20))
    optedIn.add(pairKey(origin, origin))
    const withCookies = s.handle({ ...probe(`${origin}/api/inflight`), fresh: false })
    await new Promise((r) => setTimeout(r, 20))
    release()
    const [a, b] = await Promise.all([anonymous, withCookies])
    expect(inits).toEqual(['omit', 'include'])
    expect(a.type === 'worker/probe-result' && a.result.credentials).toBeUndefined()
    expect(b.type === 'worker/probe-result' && b.result.credentials).toBe(true)
  })
})

describe('automatic probes go only to the inspected site; any other origin needs the click for that pair', () => {
  // An injected fetch: these rules are checked without sending anything anywhere.
  const A = 'http://127.0.0.1:8405'
  const B = 'http://127.0.0.1:9000'
  const C = 'http://localhost:3000'
  const world = () => {
    const sent: { method: string; url: string; credentials: string }[] = []
    const choices = { approvals: new Set<string>(), credentials: new Set<string>() }
    let onSend: () => void = () => undefined
    const fakeFetch = async (url: string, init: { method: string; credentials: string }) => {
      sent.push({ method: init.method, url, credentials: init.credentials })
      onSend()
      return { status: 404, headers: new Headers() }
    }
    const observed = new ObservedUrls()
    observed.inspected(1, `${A}/app/page?x=1`)
    observed.add(1, A, [`${A}/api/own`, `${B}/api/items`])
    observed.inspected(2, `${C}/`)
    observed.add(2, C, [`${B}/api/items`])
    const service = new ProbeService(observed, null, async () => choices, fakeFetch)
    return { sent, choices, observed, service, setOnSend: (f: () => void) => (onSend = f) }
  }
  const ask = (url: string, tabId = 1, suspect = false) => ({
    ...probe(url, tabId),
    request: { ...probe(url, tabId).request, suspect },
  })

  it("probes the inspected page's own origin without a click", async () => {
    const w = world()
    const answer = await w.service.handle(ask(`${A}/api/own`))
    expect(answer).toMatchObject({ type: 'worker/probe-result', site: A })
    expect(w.sent.map((x) => `${x.method} ${x.url} ${x.credentials}`)).toEqual([`OPTIONS ${A}/api/own omit`])
  })

  it('refuses another loopback port (host permission covers every port) until the user allows that pair', async () => {
    const w = world()
    expect(await w.service.handle(ask(`${B}/api/items`))).toMatchObject({
      type: 'worker/probe-refused',
      reason: 'not-approved',
      site: A,
    })
    expect(w.sent).toEqual([])
    // The approval of another pair, or of the reverse direction, does not count.
    w.choices.approvals.add(pairKey(C, B))
    w.choices.approvals.add(pairKey(B, A))
    expect(await w.service.handle(ask(`${B}/api/items`))).toMatchObject({ reason: 'not-approved' })
    expect(w.sent).toEqual([])
    // The click for (A, B): exactly the allowed probe goes out.
    w.choices.approvals.add(pairKey(A, B))
    expect(await w.service.handle(ask(`${B}/api/items`))).toMatchObject({
      type: 'worker/probe-result',
      site: A,
    })
    expect(w.sent.map((x) => `${x.method} ${x.url}`)).toEqual([`OPTIONS ${B}/api/items`])
  })

  it('an approval made while inspecting one site does nothing for a page of another site', async () => {
    const w = world()
    w.choices.approvals.add(pairKey(A, B))
    w.choices.credentials.add(pairKey(A, B))
    expect(await w.service.handle(ask(`${B}/api/items`, 2))).toMatchObject({
      type: 'worker/probe-refused',
      reason: 'not-approved',
      site: C,
    })
    expect(w.sent).toEqual([])
  })

  it('sends cookies only for the pair the user ticked, never for the same target from another site', async () => {
    const w = world()
    w.choices.approvals.add(pairKey(A, B))
    w.choices.approvals.add(pairKey(C, B))
    w.choices.credentials.add(pairKey(A, B))
    const fromA = await w.service.handle(ask(`${B}/api/items`))
    expect(fromA.type === 'worker/probe-result' && fromA.result.credentials).toBe(true)
    const fromC = await w.service.handle(ask(`${B}/api/items`, 2))
    expect(fromC.type === 'worker/probe-result' && fromC.result.credentials).toBeUndefined()
    // The same site's own origin is its own pair: (A, B) says nothing about (A, A).
    await w.service.handle(ask(`${A}/api/own`))
    expect(w.sent.map((x) => `${x.url} ${x.credentials}`)).toEqual([
      `${B}/api/items include`,
      `${B}/api/items omit`,
      `${A}/api/own omit`,
    ])
  })

  it('revoking stops the next probe, and a ladder under way stops before its next request', async () => {
    const w = world()
    w.choices.approvals.add(pairKey(A, B))
    // The user clicks Stop while the OPTIONS is out: HEAD (the next step of a suspect) is not sent.
    w.setOnSend(() => w.choices.approvals.delete(pairKey(A, B)))
    const answer = await w.service.handle(ask(`${B}/api/items`, 1, true))
    expect(answer.type === 'worker/probe-result' && answer.result.steps.map((s) => s.outcome)).toEqual([
      'answered',
      'refused',
    ])
    expect(w.sent.map((x) => x.method)).toEqual(['OPTIONS'])
    expect(await w.service.handle(ask(`${B}/api/items`))).toMatchObject({ reason: 'not-approved' })
    expect(w.sent).toHaveLength(1)
  })

  it('without a known http(s) page nothing is probed', async () => {
    const w = world()
    w.observed.add(3, '', [`${A}/api/own`])
    expect(await w.service.handle(ask(`${A}/api/own`, 3))).toMatchObject({ reason: 'not-approved', site: '' })
    w.observed.inspected(3, 'file:///home/me/index.html')
    expect(await w.service.handle(ask(`${A}/api/own`, 3))).toMatchObject({ reason: 'not-approved', site: '' })
    // A site the devtools page names that is not an http(s) origin counts as none.
    w.observed.add(3, 'file:///home/me/index.html', [`${A}/api/own`])
    expect(await w.service.handle(ask(`${A}/api/own`, 3))).toMatchObject({ reason: 'not-approved', site: '' })
    expect(w.sent).toEqual([])
    w.observed.forget(1)
    expect(w.observed.site(1)).toBeNull()
  })
})

describe('a probe is judged by the site the page was on when it requested the URL, not the site inspected now', () => {
  // Issue 14 review, finding 9: evil.example requests a loopback admin URL, gets a 405, then sets
  // `location` to that loopback origin (Preserve log on). Nothing may reach the URL it chose.
  const EVIL = 'https://evil.example'
  const LOOP = 'http://127.0.0.1:9000'
  const ADMIN = `${LOOP}/admin/reset?all=1`
  const world = () => {
    const sent: string[] = []
    const choices = { approvals: new Set<string>(), credentials: new Set<string>() }
    const fakeFetch = async (url: string, init: { method: string }) => {
      sent.push(`${init.method} ${url}`)
      return { status: 404, headers: new Headers() }
    }
    const observed = new ObservedUrls()
    const service = new ProbeService(observed, null, async () => choices, fakeFetch)
    return { sent, choices, observed, service }
  }
  const ask = (url: string) => ({ ...probe(url), request: { ...probe(url).request, suspect: true } })

  it("a URL another site requested is not probed after the tab navigates to the URL's origin", async () => {
    const w = world()
    w.observed.inspected(1, `${EVIL}/`)
    w.observed.add(1, EVIL, [ADMIN])
    expect(await w.service.handle(ask(ADMIN))).toMatchObject({ reason: 'not-approved', site: EVIL })
    w.observed.inspected(1, `${LOOP}/`)
    // The same probe asked again now that the inspected site is the target's own: still refused,
    // and the click it waits for is for (evil.example, target), never the loopback site's own.
    expect(await w.service.handle(ask(ADMIN))).toMatchObject({ reason: 'not-approved', site: EVIL })
    // The user's approval of the loopback site's own pair, or of another site's, changes nothing.
    w.choices.approvals.add(pairKey(LOOP, LOOP))
    w.choices.approvals.add(pairKey('https://other.example', LOOP))
    expect(await w.service.handle(ask(ADMIN))).toMatchObject({ reason: 'not-approved', site: EVIL })
    expect(w.sent).toEqual([])
  })

  it('the new page requesting the same URL itself makes it its own; the click for the pair is honoured', async () => {
    const w = world()
    w.observed.inspected(1, `${EVIL}/`)
    w.observed.add(1, EVIL, [ADMIN])
    w.observed.inspected(1, `${LOOP}/`)
    // The loopback page requests the URL itself: probed without a click, judged as its own.
    w.observed.add(1, LOOP, [ADMIN])
    expect(await w.service.handle(ask(ADMIN))).toMatchObject({ type: 'worker/probe-result', site: LOOP })
    expect(w.sent).toEqual([`OPTIONS ${ADMIN}`, `HEAD ${ADMIN}`, `GET ${ADMIN}`])
    // A URL only evil.example requested goes out after the user's click for (evil.example, target).
    const other = `${LOOP}/admin/drop`
    w.observed.add(1, EVIL, [other])
    expect(await w.service.handle(ask(other))).toMatchObject({ reason: 'not-approved', site: EVIL })
    w.choices.approvals.add(pairKey(EVIL, LOOP))
    expect(await w.service.handle(ask(other))).toMatchObject({ type: 'worker/probe-result', site: EVIL })
    expect(w.sent.slice(3)).toEqual([`OPTIONS ${other}`, `HEAD ${other}`, `GET ${other}`])
  })

  it("a site's own URL stays its own after the tab moves on (its page requested it)", async () => {
    const w = world()
    w.observed.inspected(1, `${LOOP}/`)
    w.observed.add(1, LOOP, [`${LOOP}/api/items`])
    w.observed.inspected(1, `${EVIL}/`)
    expect(await w.service.handle(ask(`${LOOP}/api/items`))).toMatchObject({
      type: 'worker/probe-result',
      site: LOOP,
    })
  })
})
