/** "Try the fix" between the panel and the devtools page: the states and views, with their checks. */
import type { TryAnswer } from '../../core/try-fix/answer'
import { MAX_TRY_BODY, type TryView } from '../../core/try-fix/request'
import type { TryVerdict } from '../../core/try-fix/verdict'
import { isBool, isInt, isObj, isStr, isStrList } from './checks'

export { MAX_TRY_BODY }

/** Why the devtools page offers no request for a finding. */
export type TryRefusal = 'no-call' | 'not-found'

/**
 * Where a confirmed try is: sent and waiting; done (with the verdict and, when the network log had
 * it, the answer); the page cannot run it (`reason`: what eval said, shown as text); or the
 * dialog's request had expired (never sent).
 */
export type TryState =
  | { phase: 'sending' }
  | { phase: 'done'; verdict: TryVerdict; answer: TryAnswer | null }
  | { phase: 'cannot-run'; reason: string }
  | { phase: 'expired' }

const isPairs = (v: unknown, max: number): v is [string, string][] =>
  Array.isArray(v) &&
  v.length <= max &&
  v.every((p) => Array.isArray(p) && p.length === 2 && isStr(p[0], 256) && isStr(p[1], 8192))

export const isTryView = (v: unknown): v is TryView =>
  isObj(v) &&
  isStr(v.method, 32) &&
  isStr(v.url) &&
  isPairs(v.headers, 32) &&
  (v.credentials === 'include' || v.credentials === 'same-origin') &&
  isBool(v.unsafe) &&
  isBool(v.bodyAllowed) &&
  isStr(v.body, MAX_TRY_BODY) &&
  (v.bodyFrom === 'capture' || v.bodyFrom === 'none' || v.bodyFrom === 'secret') &&
  isStrList(v.leftOut, 32, 256) &&
  (v.otherPage === null || isStr(v.otherPage, 8192))

const OUTCOMES: readonly unknown[] = ['verified', 'failing', 'unknown']
const REASONS: readonly unknown[] = [
  'answered',
  'redirect-not-followed',
  'redirect-changes-method',
  'unreadable-in-page',
  'no-answer',
  'not-seen',
]

const isVerdict = (v: unknown): v is TryVerdict =>
  isObj(v) &&
  OUTCOMES.includes(v.outcome) &&
  isStr(v.method, 32) &&
  isInt(v.status) &&
  REASONS.includes(v.reason)

const isAnswer = (v: unknown): v is TryAnswer =>
  isObj(v) && isInt(v.status) && isStr(v.statusText, 128) && isPairs(v.headers, 12) && isStr(v.body, 4096)

export const isTryState = (v: unknown): v is TryState => {
  if (!isObj(v)) return false
  switch (v.phase) {
    case 'sending':
    case 'expired':
      return true
    case 'done':
      return isVerdict(v.verdict) && (v.answer === null || isAnswer(v.answer))
    case 'cannot-run':
      return isStr(v.reason, 256)
    default:
      return false
  }
}

/** The body the user typed; '' for none. */
export const isTryBody = (v: unknown): v is string => isStr(v, MAX_TRY_BODY)
export const isToken = (v: unknown): v is string => isStr(v, 64) && /^[A-Za-z0-9]+$/.test(v as string)
