import { describe, expect, it } from 'vitest'
import { findingMarkdown, formatMarkdown } from '../../src/core/format/markdown'
import { findingTranslator } from '../../src/core/messages-bundle'
import { buildReport, reportFinding } from '../../src/core/report'
import { exportFileName } from '../../src/panel/export'
import { findingAsMarkdown, reportJson, reportMarkdown } from '../../src/panel/report-text'
import { demoFindings } from './helpers'

const findings = demoFindings()
const opts = {
  source: 'http://127.0.0.1:8405/',
  lang: 'en' as const,
  keepSecrets: false,
  toolVersion: '0.1.0',
}

describe('exports', () => {
  it('JSON is exactly buildReport, pretty-printed', () => {
    const want = buildReport(findings, { source: opts.source, toolVersion: '0.1.0', lang: 'en' })
    expect(reportJson(findings, opts)).toBe(`${JSON.stringify(want, null, 2)}\n`)
  })

  it('redacts secrets by default and keeps them only when asked', () => {
    const redacted = reportJson(findings, { ...opts, source: 'http://x/?token=abc' })
    expect(redacted).not.toContain('8f14e45fceea167a5a36dedd4bea2543')
    expect(redacted).toContain('REDACTED')
    expect(JSON.parse(redacted).source).toBe('http://x/?token=REDACTED')
    const kept = reportJson(findings, { ...opts, keepSecrets: true })
    expect(kept).toContain('8f14e45fceea167a5a36dedd4bea2543')
  })

  it('Markdown is formatMarkdown of the same report, in the chosen language', () => {
    const tr = findingTranslator('vi')
    const want = formatMarkdown(
      buildReport(findings, { source: opts.source, toolVersion: '0.1.0', lang: 'vi' }),
      tr,
      false,
    )
    expect(reportMarkdown(findings, { ...opts, lang: 'vi' })).toBe(want)
    const kept = buildReport(findings, {
      source: opts.source,
      toolVersion: '0.1.0',
      lang: 'en',
      keepSecrets: true,
    })
    expect(reportMarkdown(findings, { ...opts, keepSecrets: true })).toBe(
      formatMarkdown(kept, findingTranslator('en'), true),
    )
  })

  it('copies one finding as Markdown', () => {
    const tr = findingTranslator('en')
    expect(findingAsMarkdown(findings[0]!, 'en')).toBe(findingMarkdown(reportFinding(findings[0]!, tr), tr))
  })

  it('names files after the host or file and the time', () => {
    const at = new Date(2026, 10, 25, 9, 5, 7)
    expect(exportFileName('http://127.0.0.1:8405/app', 'json', at)).toBe(
      'method-doctor-127.0.0.1_8405-20261125-090507.json',
    )
    expect(exportFileName('my capture.har', 'md', at)).toBe('method-doctor-my_capture-20261125-090507.md')
  })
})
