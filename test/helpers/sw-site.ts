// A loopback site whose service worker answers one path itself (as MSW does), passes another on
// to the network and leaves the rest alone: the source of the service-worker HAR fixtures.
import { createServer } from 'node:http'
import { onLoopback } from './loopback-server'

export interface SwSite {
  origin: string
  /** `METHOD path` of every request that reached this server. */
  log(): string[]
  close(): Promise<void>
}

const PAGE = `<!doctype html><meta charset="utf-8"><title>sw site</title>
<script>
window.ready = navigator.serviceWorker.register('/sw.js').then(async () => {
  await navigator.serviceWorker.ready
  if (!navigator.serviceWorker.controller)
    await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }))
})
window.runAll = async () => {
  await window.ready
  for (const path of ['/api/mocked', '/api/passthrough', '/api/direct'])
    await fetch(path, { method: 'POST', body: '{}' }).then((r) => r.text())
}
</script>`

// The mock is what MSW would serve for a handler that rejects the method: a bare 405, no Allow.
const WORKER = `self.addEventListener('install', () => self.skipWaiting())
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()))
self.addEventListener('fetch', (e) => {
  const path = new URL(e.request.url).pathname
  if (path === '/api/mocked') e.respondWith(new Response('', { status: 405, statusText: 'Method Not Allowed' }))
  else if (path === '/api/passthrough') e.respondWith(fetch(e.request))
})`

/** Starts the site on 127.0.0.1 (a free port). The server itself accepts POST everywhere but /api/passthrough and /api/direct. */
export async function startSwSite(): Promise<SwSite> {
  const seen: string[] = []
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    seen.push(`${req.method} ${path}`)
    if (path === '/') res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE)
    else if (path === '/sw.js') res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(WORKER)
    else if ((path === '/api/passthrough' || path === '/api/direct') && req.method === 'POST')
      res.writeHead(405, { 'Content-Type': 'text/plain' }).end('Method Not Allowed')
    else res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}')
  })
  const { origin, close } = await onLoopback(server)
  return { origin, log: () => [...seen], close }
}
