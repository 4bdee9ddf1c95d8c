import enFindings from '../locales/en/findings.json' with { type: 'json' }
import enReport from '../locales/en/report.json' with { type: 'json' }
import viFindings from '../locales/vi/findings.json' with { type: 'json' }
import viReport from '../locales/vi/report.json' with { type: 'json' }
import { createTranslator, type Lang, type MessageFile, type Translator } from './i18n'

/** Finding and report texts of both languages, for the CLI, the reports and the tests. */
export const FINDING_MESSAGES: Readonly<Record<Lang, MessageFile>> = { en: enFindings, vi: viFindings }
export const REPORT_MESSAGES: Readonly<Record<Lang, MessageFile>> = { en: enReport, vi: viReport }

export function findingTranslator(lang: Lang): Translator {
  return createTranslator(
    lang,
    [FINDING_MESSAGES[lang], REPORT_MESSAGES[lang]],
    [FINDING_MESSAGES.en, REPORT_MESSAGES.en],
  )
}
