import type { ServerResponse } from 'node:http'
import { send, sendJson } from '../respond.js'
import type { DemoContext, Handler } from '../router.js'

/** How a hand-written JSON handler deals with OPTIONS. */
/** `allow`: 204 with Allow, after the server's slowOptionsMs when `slow`. */
export type OptionsBehaviour =
  | { kind: 'allow'; allow: string; slow?: boolean }
  | { kind: 'not-found' }
  | { kind: 'hang' }

export interface PlainRoute {
  /** Status and body per method it implements; HEAD mirrors GET. */
  methods: Partial<Record<string, { status: number; body?: unknown }>>
  /** Allow sent with its own 405, or null for handlers that forget it. */
  allow405: string | null
  options: OptionsBehaviour
}

/** A hand-rolled JSON handler on a bare Node server: no framework filling in the gaps. */
export function plainJson(route: PlainRoute): Handler {
  return (ctx, res) => {
    if (ctx.method === 'OPTIONS') {
      answerOptions(route.options, ctx, res)
      return
    }
    const reply = route.methods[ctx.method === 'HEAD' ? 'GET' : ctx.method]
    if (!reply) {
      sendJson(res, 405, { error: 'method not allowed' }, route.allow405 ? { Allow: route.allow405 } : {})
    } else if (reply.body === undefined) {
      send(res, reply.status, {})
    } else {
      sendJson(res, reply.status, reply.body)
    }
  }
}

function answerOptions(options: OptionsBehaviour, ctx: DemoContext, res: ServerResponse): void {
  switch (options.kind) {
    case 'not-found':
      sendJson(res, 404, { error: 'not found' })
      break
    case 'hang':
      // Never answered; close() destroys the socket so shutdown isn't blocked.
      break
    case 'allow': {
      const answer = (): void => send(res, 204, { Allow: options.allow })
      if (options.slow) ctx.later(ctx.slowOptionsMs, answer)
      else answer()
    }
  }
}
