import { readFile } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { send, sendJson } from './respond.js'
import type { DemoContext, Handler } from './router.js'
import { scenarios } from './scenarios.js'

const PUBLIC_DIR = new URL('./public/', import.meta.url)

function getOnly(ctx: DemoContext, res: ServerResponse): boolean {
  if (ctx.method === 'GET' || ctx.method === 'HEAD') return true
  sendJson(res, 405, { detail: `Method "${ctx.method}" not allowed.` }, { Allow: 'GET, HEAD' })
  return false
}

/** Serves a file of the demo page, read on each request so edits show without a restart. */
export function publicFile(name: string, type: string): Handler {
  return async (ctx, res) => {
    if (!getOnly(ctx, res)) return
    send(res, 200, { 'Content-Type': type }, await readFile(new URL(name, PUBLIC_DIR)))
  }
}

/** Tells the page where the second origin lives and what to run. */
export const demoConfig: Handler = (ctx, res) => {
  if (!getOnly(ctx, res)) return
  sendJson(res, 200, { origin: ctx.origin, corsOrigin: ctx.corsOrigin, scenarios })
}

// Answered so the browser's automatic request doesn't show up as a failure in DevTools.
export const favicon: Handler = (_ctx, res) => send(res, 204, {})

/** The demo page that runs every scenario once on load (its own script reads `?run=`). */
export function runAllUrl(origin: string): string {
  return `${origin}/?run=all`
}
