/** API descriptions as they cross contexts (read state, the worker's fetch, the parser's answer), with their checks. */
import type { ApiDescription } from '../../core/openapi'
import { isInt, isObj, isStr, isStrList } from './checks'

export interface ApiDescriptionStatus {
  origin: string
  state: 'loading' | 'loaded' | 'not-found' | 'error'
  /** Where the document came from (URL or file name). */
  source?: string
  paths?: number
  title?: string
  /** Machine-readable reason: too-large, not-parsable, not-openapi, no-paths, no-permission, http-404, timeout… */
  reason?: string
  /** Every location tried, with what it answered. */
  tried?: Tried
}

/** Every location the worker tried for a description, with the HTTP status each answered. */
export type Tried = { url: string; status: number }[]

/** A description's text and a parse request may be this long; the worker stops reading beyond it. */
export const MAX_DESCRIPTION_TEXT = 5 * 1024 * 1024

const DESCRIPTION_STATES: readonly unknown[] = ['loading', 'loaded', 'not-found', 'error']

/** Only what the panel keys and branches on is checked; the rest is shown as text. */
export const isDescriptionStatus = (v: unknown): v is ApiDescriptionStatus =>
  isObj(v) && isStr(v.origin) && DESCRIPTION_STATES.includes(v.state)

export const isTried = (v: unknown): v is Tried =>
  Array.isArray(v) && v.every((x) => isObj(x) && isStr(x.url) && typeof x.status === 'number')

const isPathEntry = (v: unknown): boolean =>
  isObj(v) &&
  isStr(v.template, MAX_DESCRIPTION_TEXT) &&
  Array.isArray(v.parts) &&
  v.parts.every((p) => isStrList(p, Number.MAX_SAFE_INTEGER, MAX_DESCRIPTION_TEXT)) &&
  isStrList(v.methods, 8, 16) &&
  isInt(v.literals)

/** The parser's compact description: what the devtools page keeps and matches URLs against. */
export const isApiDescription = (v: unknown): v is ApiDescription =>
  isObj(v) &&
  (v.format === 'openapi3' || v.format === 'swagger2') &&
  isStr(v.title, 200) &&
  isStrList(v.basePaths, 22) &&
  isStrList(v.origins, 20) &&
  Array.isArray(v.paths) &&
  v.paths.length <= 5000 &&
  v.paths.every(isPathEntry)
