/**
 * The text, Markdown and JUnit reports speak the report's language throughout: kinds by the
 * panel's short labels and evidence by the panel's source tags, never the JSON's ids
 * (`wrong-method`, `response`), which only the JSON report and JUnit's machine-read `type` keep.
 */
import { describe, expect, it } from 'vitest'
import { formatJunit } from '../../src/core/format/junit'
import { formatMarkdown, mdText } from '../../src/core/format/markdown'
import { formatText } from '../../src/core/format/text'
import type { Lang } from '../../src/core/i18n'
import { shortLabelKey } from '../../src/core/kinds'
import { findingTranslator } from '../../src/core/messages-bundle'
import { buildReport } from '../../src/core/report'
import { demoFindings } from '../panel/helpers'

const findings = demoFindings()

function outputs(lang: Lang) {
  const report = buildReport(findings, { source: 'demo.har', toolVersion: '0.1.0', lang })
  const tr = findingTranslator(lang)
  return {
    report,
    tr,
    text: formatText(report, tr, { color: false }),
    markdown: formatMarkdown(report, tr),
    junit: formatJunit(report, tr, 'info'),
  }
}

describe.each(['vi', 'en'] as const)('reports in %s', (lang) => {
  const { report, tr, text, markdown, junit } = outputs(lang)
  const kinds = [...new Set(report.findings.map((f) => f.kind))]
  const sources = [...new Set(report.findings.flatMap((f) => f.evidence.map((e) => e.source)))]
  const label = (kind: string) => tr.msg(shortLabelKey(kind)!)

  it('covers several kinds and evidence sources (the checks below have something to check)', () => {
    expect(kinds.length).toBeGreaterThan(5)
    expect(sources.length).toBeGreaterThan(3)
  })

  it('name each kind by its short label, not its id', () => {
    for (const kind of kinds) {
      expect(text, kind).toContain(`[${label(kind)}]`)
      expect(text, kind).not.toContain(`[${kind}]`)
      expect(markdown, kind).toContain(`**${mdText(label(kind))}**`)
      expect(markdown, kind).not.toContain(`**${kind}**`)
      expect(junit, kind).toContain(`>${label(kind)} (`)
      // The failure's type attribute is for machines: it keeps the id.
      expect(junit, kind).toContain(`type="${kind}"`)
    }
  })

  it('tag evidence by where it came from, in the language', () => {
    for (const source of sources) {
      const tag = tr.msg(`evsrc_${source}`)
      expect(text, source).toContain(`[${tag}]`)
      expect(markdown, source).toContain(`- _${tag}_: `)
    }
  })
})

describe('Vietnamese reports', () => {
  const vi = outputs('vi')
  it('carry no English kind id or evidence tag', () => {
    for (const f of vi.report.findings) {
      expect(vi.text).not.toContain(`[${f.kind}]`)
      // Traffic is said in English by Vietnamese developers too (the glossary).
      for (const e of f.evidence.filter((x) => vi.tr.msg(`evsrc_${x.source}`) !== x.source)) {
        expect(vi.text).not.toContain(`[${e.source}]`)
        expect(vi.markdown).not.toContain(`_${e.source}_`)
      }
    }
    expect(vi.junit).not.toMatch(/\((error|warning|info)\)/)
    expect(vi.text).toContain('[Sai phương thức]')
    expect(vi.text).toContain('[phản hồi]')
  })
})
