import type { ServerResponse } from 'node:http'
import type { RequestLog } from './request-log.js'

/** What every endpoint handler gets to know about the request and the running demo. */
export interface DemoContext {
  method: string
  /** Pathname only; `search` holds the query ('' or '?…'). */
  path: string
  search: string
  origin: string
  corsOrigin: string
  slowOptionsMs: number
  log: RequestLog
  /** A timer that close() cancels, so delayed answers never keep the process alive. */
  later(ms: number, fn: () => void): void
}

export type Handler = (ctx: DemoContext, res: ServerResponse) => void | Promise<void>

export interface Route {
  path: string | RegExp
  handle: Handler
}

export function findRoute(routes: Route[], pathname: string): Handler | undefined {
  const route = routes.find((r) => (typeof r.path === 'string' ? r.path === pathname : r.path.test(pathname)))
  return route?.handle
}
