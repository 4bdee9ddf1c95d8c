/**
 * The field checks every message guard is built from. Each one bounds what it accepts (string
 * lengths, non-negative integers, list sizes): a message may come from a compromised page of our
 * own origin, so a check never trusts a length or a shape it did not look at.
 */
import type { ProbeMode } from '../../core/probe/ladder'

export type Obj = Record<string, unknown>

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
export const isStr = (v: unknown, max = 8192): v is string => typeof v === 'string' && v.length <= max
export const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0
export const isBool = (v: unknown): v is boolean => typeof v === 'boolean'
export const isMode = (v: unknown): v is ProbeMode => v === 'options' || v === 'full'
export const isStrList = (v: unknown, max: number, len = 8192): v is string[] =>
  Array.isArray(v) && v.length <= max && v.every((x) => isStr(x, len))
