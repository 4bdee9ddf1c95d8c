/**
 * The panel's translator: finding, report and UI texts of one language, English underneath.
 * The texts come from the extension's own `_locales/<lang>/messages.json` (the build merges
 * src/locales/<lang>/*.json into it), so they cost the panel bundle nothing. Where that file
 * cannot be fetched (the inline shell, tests) the JSON sources are a lazy chunk instead.
 */
import { createTranslator, LANGS, type Lang, type MessageFile, pickLang, type Translator } from '../core/i18n'
import { extensionUrl, storageGet, storageSet, uiLanguage } from './platform'

export const LANG_KEY = 'md.lang'

function isMessageFile(v: unknown): v is MessageFile {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  const first = Object.values(v)[0] as { message?: unknown } | undefined
  return first !== undefined && typeof first.message === 'string'
}

async function bundled(lang: Lang): Promise<MessageFile[]> {
  const files =
    lang === 'vi'
      ? await Promise.all([
          import('../locales/vi/findings.json'),
          import('../locales/vi/report.json'),
          import('../locales/vi/ui.json'),
        ])
      : await Promise.all([
          import('../locales/en/findings.json'),
          import('../locales/en/report.json'),
          import('../locales/en/ui.json'),
        ])
  return files.map((f) => f.default)
}

const loaded = new Map<Lang, Promise<MessageFile[]>>()

function messages(lang: Lang): Promise<MessageFile[]> {
  let p = loaded.get(lang)
  if (!p) {
    p = (async () => {
      try {
        const res = await fetch(extensionUrl(`_locales/${lang}/messages.json`))
        const data: unknown = res.ok ? await res.json() : null
        if (isMessageFile(data)) return [data]
      } catch {}
      return bundled(lang)
    })()
    loaded.set(lang, p)
  }
  return p
}

export async function loadTranslator(lang: Lang): Promise<Translator> {
  const [own, en] = await Promise.all([messages(lang), lang === 'en' ? [] : messages('en')])
  return createTranslator(lang, own, en)
}

const isLang = (v: unknown): v is Lang => typeof v === 'string' && (LANGS as readonly string[]).includes(v)

/** The user's choice from the switch if any, else the browser's UI language. */
export async function preferredLang(): Promise<Lang> {
  const stored = await storageGet(LANG_KEY)
  return isLang(stored) ? stored : pickLang(uiLanguage())
}

export function rememberLang(lang: Lang): Promise<void> {
  return storageSet(LANG_KEY, lang)
}
