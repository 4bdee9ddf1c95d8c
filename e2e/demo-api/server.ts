import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { isUnlogged, RequestLog } from './request-log.js'
import { drainBody, sendJson } from './respond.js'
import { type DemoContext, findRoute, type Handler, type Route } from './router.js'
import { corsFallback, corsRoutes } from './routes/cors.js'
import { mainFallback, mainRoutes } from './routes/main.js'

export type { LoggedRequest } from './request-log.js'

import type { LoggedRequest } from './request-log.js'

export interface DemoApi {
  /** The page's origin, serving the demo page and the same-origin scenarios. */
  origin: string
  /** A second server on another port, for the cross-origin scenarios. */
  corsOrigin: string
  log(): LoggedRequest[]
  clearLog(): void
  close(): Promise<void>
}

export interface DemoApiOptions {
  port?: number
  corsPort?: number
  host?: string
  slowOptionsMs?: number
}

/** What both servers share; origins are filled in once the ports are bound. */
type Shared = Omit<DemoContext, 'method' | 'path' | 'search'>

export async function startDemoApi(opts: DemoApiOptions = {}): Promise<DemoApi> {
  const host = opts.host ?? '127.0.0.1'
  const log = new RequestLog()
  const timers = new Set<NodeJS.Timeout>()
  const shared: Shared = {
    origin: '',
    corsOrigin: '',
    slowOptionsMs: opts.slowOptionsMs ?? 3000,
    log,
    later(ms, fn) {
      const timer = setTimeout(() => {
        timers.delete(timer)
        fn()
      }, ms)
      timers.add(timer)
    },
  }

  const main = serve(mainRoutes, mainFallback, shared, () => shared.origin)
  const cors = serve(corsRoutes, corsFallback, shared, () => shared.corsOrigin)
  let closing: Promise<void> | undefined
  const close = (): Promise<void> => {
    closing ??= (async () => {
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      await Promise.all([stop(main), stop(cors)])
    })()
    return closing
  }

  try {
    shared.origin = `http://${host}:${await listen(main, opts.port ?? 0, host)}`
    shared.corsOrigin = `http://${host}:${await listen(cors, opts.corsPort ?? 0, host)}`
  } catch (err) {
    await close()
    throw err
  }

  return {
    origin: shared.origin,
    corsOrigin: shared.corsOrigin,
    log: () => log.list(),
    clearLog: () => log.clear(),
    close,
  }
}

function serve(routes: Route[], fallback: Handler, shared: Shared, origin: () => string): Server {
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { detail: String(err) })
      else res.destroy()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname, search } = parseTarget(req.url ?? '/')
    if (!isUnlogged(pathname)) {
      const seq = shared.log.record((server.address() as AddressInfo).port, origin(), req)
      // As many servers do: an id on every answer that names its line in the log (/__log).
      res.setHeader('X-Request-Id', `demo-${seq}`)
    }
    res.setHeader('Cache-Control', 'no-store')

    const body = await drainBody(req)
    if (body === 'aborted') return
    if (body === 'too-large') {
      sendJson(res, 413, { detail: 'Request body exceeds 1 MB.' }, { Connection: 'close' })
      return
    }
    const ctx: DemoContext = {
      ...shared,
      origin: origin(),
      method: req.method ?? 'GET',
      path: pathname,
      search,
    }
    await (findRoute(routes, pathname) ?? fallback)(ctx, res)
  }

  return server
}

// Built by concatenation so a target like '//x' stays a path instead of becoming a host.
function parseTarget(target: string): { pathname: string; search: string } {
  try {
    const url = new URL(`http://demo${target.startsWith('/') ? '' : '/'}${target}`)
    return { pathname: url.pathname, search: url.search }
  } catch {
    return { pathname: target, search: '' }
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve((server.address() as AddressInfo).port)
    })
  })
}

// closeAllConnections() also drops sockets with an unanswered request (the hanging OPTIONS).
function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve()
    server.close(() => resolve())
    server.closeAllConnections()
  })
}
