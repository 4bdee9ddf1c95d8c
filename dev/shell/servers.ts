/**
 * The fake servers behind the scenarios' origins, and the fetch through which the shell's worker
 * reaches them instead of the network: the recorded stacks answer as they were recorded, the demo
 * origin as the demo API does (its OPTIONS, its one GET route, its OpenAPI description).
 */
import { DEMO } from './scenarios'
import { fixtureCase, STACKS } from './stacks'

export interface ServerAnswer {
  status: number
  headers: Record<string, string>
  body?: string
}

const DEMO_OPTIONS: Record<string, string> = {
  '/api/items': 'GET, HEAD, OPTIONS',
  '/api/orders/': 'POST, OPTIONS',
  '/api/profile/': 'PUT, PATCH, OPTIONS',
  '/api/files/42': 'GET, DELETE, OPTIONS',
}

const ok = { responses: { '200': { description: 'OK' } } }

/** The demo API's own description, where FastAPI publishes one: the first place discovery looks. */
const DEMO_DESCRIPTION = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'Demo API', version: '1' },
  paths: {
    '/api/items': { get: ok },
    '/api/reports': { get: ok },
    '/api/orders/': { post: ok },
    '/api/profile/': { put: ok, patch: ok },
    '/api/files/{id}': { get: ok, delete: ok },
  },
})

const NOT_FOUND: ServerAnswer = { status: 404, headers: {} }

/** What the server at `url`'s origin answers to `method`. */
export function serverAnswer(method: string, url: string): ServerAnswer {
  const u = new URL(url)
  const stack = STACKS.find((s) => s.origin === u.origin)
  if (stack) {
    const c = fixtureCase(stack.fx, `${method} ${u.pathname}`)
    if (!c) return NOT_FOUND
    const headers = Object.fromEntries(c.response.headers.map((h) => [h.name.toLowerCase(), h.value]))
    return { status: c.response.status, headers, ...(c.response.body ? { body: c.response.body } : {}) }
  }
  if (u.origin === DEMO && method === 'GET' && u.pathname === '/openapi.json')
    return { status: 200, headers: { 'content-type': 'application/json' }, body: DEMO_DESCRIPTION }
  if (method === 'OPTIONS') {
    const allow = DEMO_OPTIONS[u.pathname]
    return allow && u.origin === DEMO ? { status: 204, headers: { allow } } : NOT_FOUND
  }
  return u.origin === DEMO && u.pathname === '/api/reports' ? { status: 200, headers: {} } : NOT_FOUND
}

/** The part of fetch the worker's probes and description reads use. */
export type ServerFetch = (url: string, init: { method: string; signal?: AbortSignal }) => Promise<Response>

/** A fetch that asks the fake servers, each answer `latencyMs` late (so the panel shows probes pending). */
export function serverFetch(latencyMs = 0): ServerFetch {
  return async (url, init) => {
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs))
    init.signal?.throwIfAborted()
    const a = serverAnswer(init.method, url)
    const noBody = init.method === 'HEAD' || a.status === 204 || a.status === 304
    return new Response(noBody ? null : (a.body ?? ''), { status: a.status, headers: a.headers })
  }
}
