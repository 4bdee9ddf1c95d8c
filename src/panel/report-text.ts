/**
 * Export texts, built only by core's report functions (localised, redacted by default).
 * Loaded lazily by export.ts: the report code and both languages' texts stay out of the
 * DevTools bundle until someone exports.
 */

import { findingMarkdown, formatMarkdown } from '../core/format/markdown'
import type { Lang } from '../core/i18n'
import { findingTranslator } from '../core/messages-bundle'
import { redactUrl } from '../core/redact'
import { buildReport, type ReportOptions, reportFinding } from '../core/report'
import type { Finding } from '../core/types'

export interface ExportOptions {
  /** What was analysed: the inspected page's URL or the imported file's name. */
  source: string
  lang: Lang
  keepSecrets: boolean
  toolVersion: string
}

function reportOptions(o: ExportOptions): ReportOptions {
  // The inspected URL may carry tokens too; it is redacted like every other URL.
  const source = o.keepSecrets ? o.source : redactUrl(o.source)
  return { source, toolVersion: o.toolVersion, lang: o.lang, ...(o.keepSecrets ? { keepSecrets: true } : {}) }
}

export function reportJson(findings: readonly Finding[], o: ExportOptions): string {
  return `${JSON.stringify(buildReport(findings, reportOptions(o)), null, 2)}\n`
}

export function reportMarkdown(findings: readonly Finding[], o: ExportOptions): string {
  return formatMarkdown(buildReport(findings, reportOptions(o)), findingTranslator(o.lang), o.keepSecrets)
}

/** One finding as Markdown, secrets redacted. */
export function findingAsMarkdown(f: Finding, lang: Lang): string {
  const tr = findingTranslator(lang)
  return findingMarkdown(reportFinding(f, tr), tr)
}
