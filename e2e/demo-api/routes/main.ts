import { clearLog, getLog } from '../log-endpoints.js'
import { demoConfig, favicon, publicFile } from '../page.js'
import type { Handler, Route } from '../router.js'
import { probeEndpoints } from '../scenarios.js'
import { djangoRedirect, djangoSlashRedirect, drfNotFound, drfView } from '../stacks/drf.js'
import { expressRoute } from '../stacks/express.js'
import { fastifyRoute } from '../stacks/fastify.js'
import { htmlDocument, htmlPage } from '../stacks/forms.js'
import { gateway } from '../stacks/gateway.js'
import { hostileLanding, hostileRedirect } from '../stacks/hostile.js'
import { nginxStatic } from '../stacks/nginx.js'
import { plainJson } from '../stacks/plain.js'
import { starletteOpenApi, starletteRoutes } from '../stacks/starlette.js'

const ITEMS = [
  { id: 1, name: 'Widget', price: '9.99' },
  { id: 2, name: 'Gadget', price: '24.50' },
]
const created = (body: unknown) => () => ({ status: 201, body })

const contactForm = (action: string): string =>
  htmlDocument(
    'Contact',
    `<h1>Contact us</h1>\n<form method="post" action="${action}">\n<input name="name">\n<textarea name="message"></textarea>\n<button>Send</button>\n</form>`,
  )
// The static copy posts to itself: the classic "form on a static host" mistake.
const CONTACT_HTML = contactForm('/static/contact.html')
const CONTACT_FORM_HTML = contactForm('/form/contact')

// Probe endpoints: a hand-written handler that says GET is the only way in.
const probe = (options: Parameters<typeof plainJson>[0]['options']): Handler =>
  plainJson({ methods: { GET: { status: 200, body: { ok: true } } }, allow405: 'GET', options })

/** The page's own origin: the demo page plus every same-origin scenario, each behind its own stack. */
export const mainRoutes: Route[] = [
  { path: '/', handle: publicFile('index.html', 'text/html; charset=utf-8') },
  { path: '/demo.js', handle: publicFile('demo.js', 'text/javascript; charset=utf-8') },
  { path: '/demo.css', handle: publicFile('demo.css', 'text/css; charset=utf-8') },
  { path: '/demo-config.json', handle: demoConfig },
  { path: '/favicon.ico', handle: favicon },
  { path: '/__log', handle: getLog },
  { path: '/__log/clear', handle: clearLog },

  // A hostile server: payloads in Location, headers, Allow and body (the panel must show them as text).
  { path: /^\/api\/hostile\/landing$/, handle: hostileLanding },
  { path: /^\/api\/hostile\/[^/]*$/, handle: hostileRedirect },

  // FastAPI app: separate handlers per method; Starlette's Allow names only the first.
  {
    path: /^\/api\/inventory\/[^/]+$/,
    handle: starletteRoutes({
      GET: (id) => ({ id, name: 'Widget' }),
      PUT: (id) => ({ id, name: 'Widget', updated: true }),
      DELETE: (id) => ({ id, deleted: true }),
    }),
  },
  {
    path: '/openapi.json',
    handle: starletteOpenApi({
      '/api/inventory/{item_id}': ['GET', 'PUT', 'DELETE'],
      '/api/inventory': ['GET', 'POST'],
    }),
  },
  // The same document where no generator puts it: only a user-given address finds it.
  {
    path: '/docs/inventory-spec.json',
    handle: starletteOpenApi({
      '/api/inventory/{item_id}': ['GET', 'PUT', 'DELETE'],
      '/api/inventory': ['GET', 'POST'],
    }),
  },

  // Fastify app: wrong methods and OPTIONS answer 404, like a missing path.
  { path: '/api/accounts', handle: fastifyRoute({ GET: () => [{ id: 1, name: 'Ada' }] }) },
  { path: '/api/accounts/archive', handle: fastifyRoute({}) },

  // Django REST Framework app.
  { path: '/api/items', handle: drfView('Item List', { GET: () => ({ status: 200, body: ITEMS }) }) },
  {
    path: '/api/echo',
    handle: drfView('Echo', {
      GET: (ctx) => ({ status: 200, body: { method: ctx.method } }),
      POST: (ctx) => ({ status: 201, body: { method: ctx.method } }),
      PUT: (ctx) => ({ status: 200, body: { method: ctx.method } }),
      PATCH: (ctx) => ({ status: 200, body: { method: ctx.method } }),
      DELETE: (ctx) => ({ status: 200, body: { method: ctx.method } }),
    }),
  },
  { path: '/api/orders', handle: djangoSlashRedirect(301) },
  { path: '/api/orders/', handle: drfView('Order Create', { POST: created({ id: 17, item: 1, qty: 2 }) }) },
  { path: '/api/carts', handle: djangoSlashRedirect(302) },
  { path: '/api/carts/', handle: drfView('Cart Create', { POST: created({ id: 5, items: [1] }) }) },
  { path: '/api/profile', handle: djangoSlashRedirect(303) },
  {
    path: '/api/profile/',
    handle: drfView('Profile Update', { PUT: () => ({ status: 200, body: { name: 'Ada' } }) }),
  },
  { path: '/api/v1/upload', handle: djangoRedirect(307, '/api/v2/upload') },
  { path: '/api/v2/upload', handle: drfView('Upload', { POST: created({ id: 'up_1', stored: true }) }) },
  { path: '/api/legacy/comments', handle: djangoRedirect(308, '/api/comments') },
  {
    path: '/api/comments',
    handle: drfView('Comment List', {
      GET: () => ({ status: 200, body: [{ id: 1, text: 'First!' }] }),
      POST: created({ id: 2, text: 'Nice' }),
    }),
  },

  // Express 4 app.
  { path: '/api/users', handle: expressRoute({ GET: () => [{ id: 1, name: 'Ada' }] }) },

  // Hand-written handlers on a bare server.
  {
    path: '/api/reports',
    handle: plainJson({
      methods: { GET: { status: 200, body: [{ month: '2024-04', total: 1312 }] } },
      allow405: null,
      options: { kind: 'not-found' },
    }),
  },
  {
    path: /^\/api\/files\/\d+$/,
    handle: gateway(
      ['DELETE', 'PATCH'],
      plainJson({
        methods: {
          GET: { status: 200, body: { id: 42, name: 'report.pdf', size: 18231 } },
          PUT: { status: 200, body: { id: 42, name: 'report.pdf', size: 18231 } },
          PATCH: { status: 200, body: { id: 42, name: 'report.pdf', size: 18231 } },
          DELETE: { status: 204 },
        },
        allow405: 'GET, PUT, PATCH, DELETE, OPTIONS',
        options: { kind: 'allow', allow: 'GET, PUT, PATCH, DELETE, OPTIONS' },
      }),
    ),
  },
  { path: probeEndpoints.slow, handle: probe({ kind: 'allow', allow: 'GET, OPTIONS', slow: true }) },
  ...probeEndpoints.storm.map((path) => ({
    path,
    handle: probe({ kind: 'allow', allow: 'GET, HEAD, OPTIONS' }),
  })),
  { path: probeEndpoints.hang, handle: probe({ kind: 'hang' }) },

  // nginx in front of a static directory.
  { path: /^\/static\//, handle: nginxStatic({ '/static/contact.html': CONTACT_HTML }) },

  // A server-rendered forms app.
  {
    path: '/form/contact',
    handle: htmlPage(CONTACT_FORM_HTML, { status: 303, location: '/form/thanks' }),
  },
  { path: '/form/thanks', handle: htmlPage(htmlDocument('Thanks', '<h1>Thanks, we got your message.</h1>')) },
  {
    path: '/form/search',
    handle: htmlPage(htmlDocument('Search', '<h1>Search</h1>\n<p>No results.</p>')),
  },
]

export const mainFallback: Handler = drfNotFound
