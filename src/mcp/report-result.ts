/**
 * A report as a tool result: the report itself as `structuredContent` (the `analyze --json`
 * document) and its Markdown as text, cut to the findings that fit a model's context.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { findingMarkdown, formatMarkdown, mdText } from '../core/format/markdown'
import { findingTranslator } from '../core/messages-bundle'
import type { Report } from '../core/report'
import type { Analysis } from './run-analysis'

/** Markdown characters a tool result carries at most; the structured report always has everything. */
export const MAX_TEXT = 24_000

/** The Markdown report, or as many whole findings as fit, saying how many were left out. */
export function reportText(report: Report, max = MAX_TEXT): string {
  const tr = findingTranslator(report.lang)
  const full = formatMarkdown(report, tr)
  if (full.length <= max) return full
  // The heading counts every finding; then whole findings, most severe first, while they fit.
  const cut = full.indexOf('\n\n### ')
  const parts = [full.slice(0, cut === -1 ? max : Math.min(cut, max))]
  let size = parts[0]!.length
  let kept = 0
  for (const f of report.findings) {
    const md = findingMarkdown(f, tr)
    if (kept > 0 && size + md.length + 2 > max) break
    parts.push(md.length > max ? md.slice(0, max) : md)
    size += md.length + 2
    kept++
  }
  const rest = report.findings.slice(kept)
  const others = rest
    .slice(0, 50)
    .map(
      (f) => `- ${f.severity} · ${f.kind} · ${mdText(`${f.request.method} ${f.request.url}`)} → ${f.status}`,
    )
  return [
    parts.join('\n\n'),
    '',
    `_Summarised: this capture is large, so the Markdown shows ${kept} of ${report.findings.length} findings in full. All of them are in the structured report._`,
    ...(others.length > 0 ? ['', ...others] : []),
    ...(rest.length > 50 ? [`- … and ${rest.length - 50} more`] : []),
    '',
  ].join('\n')
}

export function errorResult(sentence: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: sentence }] }
}

/** An analysis as a tool result; its notes (probes skipped, descriptions loaded) follow the report. */
export function analysisResult(a: Analysis): CallToolResult {
  if ('error' in a) return errorResult(a.error)
  const notes = [...a.notes, ...(a.failed ? ['Findings at or above the failOn severity were found.'] : [])]
  return {
    content: [
      { type: 'text', text: reportText(a.report) },
      ...(notes.length > 0 ? [{ type: 'text' as const, text: notes.join('\n') }] : []),
    ],
    structuredContent: a.report as unknown as Record<string, unknown>,
  }
}
