/** A finding's "sent by" as a translatable text, shared by the panel and the report formats. */
import type { FindingInitiator, Text } from './types'

/** `url:line` as stack traces write it (the line only when known). */
export function sourcePlace(i: Pick<FindingInitiator, 'url' | 'line'>): string {
  return i.line ? `${i.url}:${i.line}` : i.url
}

const ID: Record<FindingInitiator['type'], string> = {
  script: 'sent_by_code',
  parser: 'sent_by_parser',
  navigation: 'sent_by_navigation',
  preflight: 'sent_by_preflight',
  other: 'sent_by_other',
}

/** "Sent by submitOrder at …/api.ts:42", "Submitted from the page …", and so on. */
export function initiatorText(i: FindingInitiator): Text {
  const place = sourcePlace(i)
  if (i.type === 'script' && i.function)
    return { id: 'sent_by_function', params: { function: i.function, place } }
  return { id: ID[i.type] ?? 'sent_by_other', params: { place } }
}
