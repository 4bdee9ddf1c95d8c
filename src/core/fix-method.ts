import { isMethodName } from './headers'
import type { RuleContext, RuleHit } from './rules/rule'
import type { Allowed } from './types'

const WRITES = ['POST', 'PUT', 'PATCH', 'DELETE']

/**
 * The method and URL a corrected call should use; null when no call would help (e.g. PRG). Only a
 * plain method name (`isMethodName`) is ever suggested: whatever a server lists, nothing else.
 */
export function chooseFixMethod(
  hit: RuleHit,
  ctx: RuleContext,
  allowed: Allowed,
): { method: string; url: string } | null {
  const fix = choose(hit, ctx, allowed)
  return fix && isMethodName(fix.method) ? fix : null
}

function choose(hit: RuleHit, ctx: RuleContext, allowed: Allowed): { method: string; url: string } | null {
  const finalUrl = ctx.final.url
  switch (hit.kind) {
    case 'post-redirect-get':
      return null
    case 'redirect-method-change':
    case 'trailing-slash-redirect':
      // Keep the method the caller meant; go straight to where the redirect pointed.
      return {
        method: ctx.first.method,
        url: ctx.chain.length > 1 ? finalUrl : ctx.first.redirectURL || hit.url,
      }
    case 'wrong-method':
    case 'missing-allow-header': {
      const used = ctx.final.method
      const usable = (allowed.methods ?? []).filter((m) => m !== 'HEAD' && m !== 'OPTIONS' && isMethodName(m))
      if (usable.length === 0 || usable.includes(used)) return { method: used, url: finalUrl }
      const sameFamily = WRITES.includes(used) ? usable.find((m) => WRITES.includes(m)) : undefined
      return { method: sameFamily ?? usable[0]!, url: finalUrl }
    }
    default:
      return { method: hit.method, url: hit.url }
  }
}
