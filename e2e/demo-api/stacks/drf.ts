import type { ServerResponse } from 'node:http'
import { send, sendJson } from '../respond.js'
import type { DemoContext, Handler } from '../router.js'

// What Django 4 + DRF under `runserver` sends with every response (security middlewares on).
const DJANGO_HEADERS = {
  Server: 'WSGIServer/0.2 CPython/3.11.2',
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
}

// DRF negotiates on Accept and the session middleware reads the cookie.
const DRF_HEADERS = { ...DJANGO_HEADERS, Vary: 'Accept, Cookie' }

export interface Reply {
  status: number
  body?: unknown
}

type ViewMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
export type ViewMethods = Partial<Record<ViewMethod, (ctx: DemoContext) => Reply>>

// Django's View.http_method_names order, which is the order DRF lists in Allow.
const METHOD_ORDER = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']

/** A DRF APIView: Allow on every response, HEAD mirrors GET, OPTIONS returns view metadata. */
export function drfView(name: string, methods: ViewMethods): Handler {
  const has = (m: string): boolean => m in methods || (m === 'HEAD' && 'GET' in methods) || m === 'OPTIONS'
  const allow = METHOD_ORDER.filter(has).join(', ')
  return (ctx, res) => {
    const method = ctx.method === 'HEAD' ? 'GET' : ctx.method
    const handler = methods[method as ViewMethod]
    if (ctx.method === 'OPTIONS') {
      drfSend(res, 200, allow, {
        name,
        description: '',
        renders: ['application/json', 'text/html'],
        parses: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'],
      })
    } else if (handler) {
      const reply = handler(ctx)
      drfSend(res, reply.status, allow, reply.body)
    } else {
      drfSend(res, 405, allow, { detail: `Method "${ctx.method}" not allowed.` })
    }
  }
}

function drfSend(res: ServerResponse, status: number, allow: string, body: unknown): void {
  if (body === undefined) send(res, status, { ...DRF_HEADERS, Allow: allow })
  else sendJson(res, status, body, { ...DRF_HEADERS, Allow: allow })
}

/** The project's JSON handler404, used for every path no view claims. */
export const drfNotFound: Handler = (_ctx, res) => {
  sendJson(res, 404, { detail: 'Not found.' }, DRF_HEADERS)
}

/** A redirect answered before any view runs, for every method, with an empty HTML body. */
export function djangoRedirect(status: number, location: string): Handler {
  return (ctx, res) => {
    send(res, status, {
      ...DJANGO_HEADERS,
      'Content-Type': 'text/html; charset=utf-8',
      Location: location + ctx.search,
    })
  }
}

/**
 * APPEND_SLASH-style redirect to the same path plus '/'. 301 is Django's CommonMiddleware
 * (with DEBUG off it redirects POSTs too); 302/303 stand for hand-written slash middlewares.
 */
export function djangoSlashRedirect(status: number): Handler {
  return (ctx, res) => djangoRedirect(status, `${ctx.path}/`)(ctx, res)
}
