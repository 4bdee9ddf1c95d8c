/** The fake servers behind the scenarios' origins: what each answers to a probe. */
import { fixtureCase, STACKS } from './stacks'

/** What the fake servers answer to the probe ladder's OPTIONS / HEAD / GET. */
export function probeAnswer(
  method: string,
  url: string,
): { status: number; headers: Record<string, string> } {
  const u = new URL(url)
  const stack = STACKS.find((s) => s.origin === u.origin)
  if (stack) {
    const c = fixtureCase(stack.fx, `${method} ${u.pathname}`)
    if (c) {
      const headers: Record<string, string> = {}
      for (const h of c.response.headers) {
        const n = h.name.toLowerCase()
        if (n === 'allow' || n.startsWith('access-control-') || n === 'location') headers[n] = h.value
      }
      return { status: c.response.status, headers }
    }
    return { status: 404, headers: {} }
  }
  const DEMO_OPTIONS: Record<string, string> = {
    '/api/items': 'GET, HEAD, OPTIONS',
    '/api/orders/': 'POST, OPTIONS',
    '/api/profile/': 'PUT, PATCH, OPTIONS',
    '/api/files/42': 'GET, DELETE, OPTIONS',
  }
  if (method === 'OPTIONS') {
    const allow = DEMO_OPTIONS[u.pathname]
    return allow ? { status: 204, headers: { allow } } : { status: 404, headers: {} }
  }
  return { status: u.pathname === '/api/reports' ? 200 : 404, headers: {} }
}
