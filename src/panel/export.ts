/** Export actions: report texts come from a lazy chunk, files leave as Blob downloads. */
import type { Lang } from '../core/i18n'
import type { Finding } from '../core/types'
import type { ExportOptions } from './report-text'

export type { ExportOptions }
export type ExportFormat = 'json' | 'md'

const loadReports = () => import('./report-text')

export async function exportText(
  format: ExportFormat,
  findings: readonly Finding[],
  o: ExportOptions,
): Promise<string> {
  const r = await loadReports()
  return format === 'json' ? r.reportJson(findings, o) : r.reportMarkdown(findings, o)
}

/** A row's findings as Markdown, one section each in the order given (most severe first), redacted. */
export async function findingsMarkdownText(findings: readonly Finding[], lang: Lang): Promise<string> {
  const r = await loadReports()
  return findings.map((f) => r.findingAsMarkdown(f, lang)).join('\n\n')
}

/** `method-doctor-example.com-20261125-101500.json`: host (or file stem) and local time. */
export function exportFileName(source: string, format: ExportFormat, now = new Date()): string {
  let stem = source
  try {
    stem = new URL(source).host
  } catch {
    stem = source.replace(/\.(har|json)$/i, '')
  }
  stem = stem.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60) || 'capture'
  const p = (n: number): string => String(n).padStart(2, '0')
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`
  return `method-doctor-${stem}-${stamp}.${format}`
}

export function download(text: string, fileName: string, format: ExportFormat): void {
  const type = format === 'json' ? 'application/json' : 'text/markdown'
  const a = document.createElement('a')
  // Straight from createObjectURL: a blob: URL of our own bytes is the only href set outside safeHref().
  a.href = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }))
  const url = a.href
  a.download = fileName
  a.rel = 'noopener'
  a.style.display = 'none'
  document.body.append(a)
  a.click()
  a.remove()
  // Revoked later: some browsers start reading the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
