import { isMethodName } from './headers'
import type { CorrectedCall, Rule, RuleContext, RuleHit } from './rules/rule'
import type { Allowed } from './types'

/**
 * The method and URL a corrected call should use, as the rule chooses it; null when no call would help
 * (e.g. PRG). Only a plain method name (`isMethodName`) is ever suggested: whatever a server lists,
 * nothing else.
 */
export function chooseFixMethod(
  rule: Rule,
  hit: RuleHit,
  ctx: RuleContext,
  allowed: Allowed,
): CorrectedCall | null {
  const fix = rule.correctedCall(hit, ctx, allowed)
  return fix && isMethodName(fix.method) ? fix : null
}
