/** Probe requests, answers and states as they cross contexts, with their checks. */
import type { ProbeResult } from '../../core/types'
import { isBool, isObj, isStr } from './checks'

export type ProbeState = 'pending' | 'done' | 'no-permission' | 'refused' | 'error'

export interface ProbeStatus {
  endpoint: string
  origin: string
  /** The inspected site the worker judged this probe against ('' while unknown): see origin-pairs.ts. */
  site?: string
  state: ProbeState
  result?: ProbeResult
  reason?: string
}

/** What the devtools page asks the worker to probe. */
export interface LadderRequestMessage {
  endpoint: string
  url: string
  method: string
  suspect: boolean
  knownToExist: boolean
}

export type ProbeRefusal = 'not-observed' | 'not-http' | 'no-permission' | 'not-approved' | 'invalid'

export const isLadderRequest = (v: unknown): v is LadderRequestMessage =>
  isObj(v) &&
  isStr(v.endpoint) &&
  isStr(v.url) &&
  isStr(v.method, 32) &&
  isBool(v.suspect) &&
  isBool(v.knownToExist)

const STEP_METHODS = ['OPTIONS', 'HEAD', 'GET']
const OUTCOMES = ['answered', 'timeout', 'network-error', 'refused', 'no-permission', 'skipped']
const isStep = (v: unknown): boolean =>
  isObj(v) &&
  STEP_METHODS.includes(v.method as string) &&
  isStr(v.url) &&
  OUTCOMES.includes(v.outcome as string) &&
  typeof v.status === 'number' &&
  typeof v.durationMs === 'number' &&
  isObj(v.headers) &&
  Object.values(v.headers).every((h) => isStr(h, 2048)) &&
  (v.location === undefined || isStr(v.location)) &&
  (v.reason === undefined || isStr(v.reason, 256))

/** A probe's steps as the worker reports them (also checked when read back from the worker's storage). */
export const isProbeResult = (v: unknown): boolean =>
  isObj(v) &&
  isStr(v.endpoint) &&
  isStr(v.url) &&
  typeof v.at === 'number' &&
  Array.isArray(v.steps) &&
  v.steps.length <= 3 &&
  v.steps.every(isStep) &&
  (v.credentials === undefined || v.credentials === true)

const PROBE_STATES: readonly unknown[] = ['pending', 'done', 'no-permission', 'refused', 'error']

export const isProbeStatus = (v: unknown): v is ProbeStatus =>
  isObj(v) &&
  isStr(v.endpoint) &&
  isStr(v.origin) &&
  (v.site === undefined || isStr(v.site, 2048)) &&
  PROBE_STATES.includes(v.state) &&
  (v.result === undefined || isProbeResult(v.result))
