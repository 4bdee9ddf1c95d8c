import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export const LOCALES = join(import.meta.dirname, '../../src/locales')
export type Messages = Record<string, { message: string }>

/** Every message of one language, all its locale files merged (as the build merges them). */
export function mergedMessages(lang: string): Messages {
  const out: Messages = {}
  for (const f of readdirSync(join(LOCALES, lang)))
    Object.assign(out, JSON.parse(readFileSync(join(LOCALES, lang, f), 'utf8')) as Messages)
  return out
}
