/** What the devtools page tells the panel about its capture: counts and settings, with their checks. */
import type { ProbeMode } from '../../core/probe/ladder'
import { isBool, isInt, isMode, isObj } from './checks'

export interface CaptureStats {
  /** Entries the devtools page received (events + backfill, after dedupe). */
  entries: number
  /** Findings currently listed. */
  findings: number
}

export interface CaptureSettings {
  preserveLog: boolean
  probeMode: ProbeMode
  probing: boolean
}

export const isStats = (v: unknown): v is CaptureStats => isObj(v) && isInt(v.entries) && isInt(v.findings)

/** The settings the panel changes: any subset, each of its own type. */
export const isSettingsPatch = (v: unknown): v is Partial<CaptureSettings> =>
  isObj(v) &&
  (v.preserveLog === undefined || isBool(v.preserveLog)) &&
  (v.probing === undefined || isBool(v.probing)) &&
  (v.probeMode === undefined || isMode(v.probeMode))
