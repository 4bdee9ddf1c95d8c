import { sortMethods } from '../allowed'
import type { Text } from '../types'
import type { TrafficRecall } from './traffic-index'

/** Text ids of the notes on a long capture's traffic memory (en and vi: src/locales/{en,vi}/findings.json). */
export const TRAFFIC_NOTE_IDS = ['note_traffic_approximate', 'note_traffic_aged_out'] as const

/** A capture time as people read it, to the second, in UTC (the report's times are UTC too). */
export function utcTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`
}

/**
 * What the methods seen at an endpoint leave unsaid in a long capture: which of them are only
 * likely (recalled from the sketch of aged-out traffic), or, with none seen, that traffic before
 * some time may have been forgotten. Null when memory is exact.
 */
export function trafficNote(seen: TrafficRecall, agedOutBefore: number | null): Text | null {
  if (seen.recalled.size > 0)
    return { id: 'note_traffic_approximate', params: { methods: sortMethods(seen.recalled).join(', ') } }
  if (seen.methods.size === 0 && agedOutBefore !== null && Number.isFinite(agedOutBefore))
    return { id: 'note_traffic_aged_out', params: { time: utcTime(agedOutBefore) } }
  return null
}
