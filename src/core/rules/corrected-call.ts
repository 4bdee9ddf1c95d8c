import { isMethodName } from '../headers'
import type { Allowed } from '../types'
import type { CorrectedCall, RuleContext, RuleHit } from './rule'

const WRITES = ['POST', 'PUT', 'PATCH', 'DELETE']

/** The common case: the same method to the same URL, once the server side is fixed. */
export function sameCall(hit: RuleHit<string>): CorrectedCall {
  return { method: hit.method, url: hit.url }
}

/** No call would help (the finding is not a fault). */
export function noCall(): null {
  return null
}

/** Keep the method the caller meant; go straight to where the redirect pointed. */
export function callWhereRedirected(hit: RuleHit<string>, ctx: RuleContext): CorrectedCall {
  return {
    method: ctx.first.method,
    url: ctx.chain.length > 1 ? ctx.final.url : ctx.first.redirectURL || hit.url,
  }
}

/** A method the endpoint allows, preferring another write for a write; the used one if it is allowed. */
export function callWithAllowedMethod(
  _hit: RuleHit<string>,
  ctx: RuleContext,
  allowed: Allowed,
): CorrectedCall {
  const used = ctx.final.method
  const finalUrl = ctx.final.url
  const usable = (allowed.methods ?? []).filter((m) => m !== 'HEAD' && m !== 'OPTIONS' && isMethodName(m))
  if (usable.length === 0 || usable.includes(used)) return { method: used, url: finalUrl }
  const sameFamily = WRITES.includes(used) ? usable.find((m) => WRITES.includes(m)) : undefined
  return { method: sameFamily ?? usable[0]!, url: finalUrl }
}
