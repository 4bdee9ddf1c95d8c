import { send } from '../respond.js'
import type { Handler } from '../router.js'

/** Script and markup a hostile server could put anywhere Method Doctor shows text. */
export const PAYLOAD = {
  img: '<img src=x onerror="window.__pwned=1">',
  script: '</script><script>window.__pwned=1</script>',
  svg: '<svg onload="window.__pwned=1">',
  js: 'javascript:window.__pwned=1',
  // A right-to-left override that would make "POST" read like "TSOP" and hide what follows.
  rtl: '\u202eTSOP\u202c',
} as const

const LONG = `${'A'.repeat(3000)}${PAYLOAD.img}`

/**
 * A server that answers with payloads in every field: the redirect's Location (a relative URL
 * whose query carries markup and a javascript: link), headers, the 405's Allow and its body.
 */
export const hostileRedirect: Handler = (ctx, res) => {
  if (ctx.method === 'GET') {
    hostileLanding(ctx, res)
    return
  }
  const next = `/api/hostile/landing?next=${encodeURIComponent(PAYLOAD.js)}&x=${encodeURIComponent(PAYLOAD.img)}&long=${'L'.repeat(1500)}`
  send(
    res,
    302,
    { Location: next, 'X-Evil': PAYLOAD.script, Server: PAYLOAD.img, 'Content-Type': 'text/html' },
    PAYLOAD.script,
  )
}

export const hostileLanding: Handler = (_ctx, res) => {
  send(
    res,
    405,
    {
      // Header values must stay Latin-1 on the wire; the RTL override travels in the URL and the body.
      Allow: `GET, ${PAYLOAD.svg}, ${PAYLOAD.js}`,
      Server: PAYLOAD.img,
      'X-Long': LONG,
      // Request ids are shown and copied: markup and a javascript: link must stay text.
      'X-Request-Id': PAYLOAD.img,
      'CF-Ray': PAYLOAD.js,
      'Content-Type': 'text/html',
    },
    `<html><body>${PAYLOAD.rtl}${PAYLOAD.script}${PAYLOAD.img}<a href="${PAYLOAD.js}">click</a></body></html>`,
  )
}
