// A loopback site for navigation tests: pages that send a write the server refuses, and a
// resource that answers GET. OPTIONS (the worker's probe) can be held back to keep probes pending.
import { createServer } from 'node:http'
import { onLoopback } from './loopback-server'

export interface NavSite {
  origin: string
  /** `METHOD path` of every request that reached this server. */
  log(): string[]
  close(): Promise<void>
}

const PAGE = '<!doctype html><meta charset="utf-8"><title>nav site</title><p>page</p>'

/** `/api/<anything>`: GET 200, OPTIONS 204 `Allow: GET` after `optionsDelayMs`, any other method 405. */
export async function startNavSite(optionsDelayMs = 0): Promise<NavSite> {
  const seen: string[] = []
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    seen.push(`${req.method} ${path}`)
    if (!path.startsWith('/api/')) return void res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE)
    if (req.method === 'GET' || req.method === 'HEAD')
      return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"id":1}')
    if (req.method === 'OPTIONS') {
      setTimeout(() => res.writeHead(204, { Allow: 'GET, HEAD, OPTIONS' }).end(), optionsDelayMs)
      return
    }
    res
      .writeHead(405, { Allow: 'GET, HEAD, OPTIONS', 'Content-Type': 'text/plain' })
      .end('Method Not Allowed')
  })
  const { origin, close } = await onLoopback(server)
  return { origin, log: () => [...seen], close }
}
