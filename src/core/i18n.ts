import type { Text } from './types'

export type Lang = 'en' | 'vi'
export const LANGS: readonly Lang[] = ['en', 'vi']

/** Chrome's `_locales` format: the same files feed browser.i18n, the panel and the CLI. */
export type MessageFile = Readonly<Record<string, { message: string; description?: string }>>

export interface Translator {
  lang: Lang
  /** Localised text, or null for an optional text that has no message. */
  text(t: Text): string | null
  msg(id: string, params?: Record<string, string>): string
}

export function createTranslator(
  lang: Lang,
  files: readonly MessageFile[],
  fallback: readonly MessageFile[] = [],
): Translator {
  const table = new Map<string, string>()
  for (const f of [...fallback, ...files]) for (const [k, v] of Object.entries(f)) table.set(k, v.message)
  const render = (id: string, params?: Record<string, string>): string | null => {
    const template = table.get(id)
    if (template === undefined) return null
    if (!params) return template
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      Object.hasOwn(params, name) ? String(params[name]) : whole,
    )
  }
  return {
    lang,
    text: (t) => render(t.id, t.params) ?? (t.optional ? null : t.id),
    msg: (id, params) => render(id, params) ?? id,
  }
}

export function pickLang(tag: string | undefined): Lang {
  // The primary subtag only: 'vic' (Virgin Islands Creole) is not Vietnamese.
  return tag?.split(/[-_]/)[0]?.toLowerCase() === 'vi' ? 'vi' : 'en'
}
