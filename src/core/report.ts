import type { Lang, Translator } from './i18n'
import { findingTranslator } from './messages-bundle'
import { type RedactOptions, redactText, redactUrl } from './redact'
import type { Finding, Text } from './types'

export const TOOL = 'method-doctor'
export const REPORT_VERSION = 1

export interface ReportText {
  code: string
  text: string
}

export interface ReportEvidence extends ReportText {
  source: string
}

export interface ReportFinding {
  id: string
  kind: string
  severity: string
  title: string
  request: { method: string; url: string }
  status: number
  count: number
  chain: { method: string; url: string; status: number; location?: string; error?: string }[]
  allowed: {
    methods: string[] | null
    sources: { source: string; label: string; methods: string[]; detail?: string }[]
    notes: ReportText[]
  }
  /** `passThrough`: only a relay was recognised; it passed the answer on, who wrote it is unknown. */
  framework: { id: string; name: string; role: string; passThrough?: true } | null
  evidence: ReportEvidence[]
  causes: ReportText[]
  fixes: ReportText[]
  snippets: { lang: string; code: string }[]
  prevention: ReportText[]
  links: { rfc: string; mdn: string }
  /** Where the request was sent from (see docs/report-format.md); absent when the capture does not say. */
  initiator?: { type: string; url: string; line?: number; column?: number; function?: string }
  /** Request ids on the answers, the failing one's first. */
  correlation?: { header: string; value: string }[]
}

export interface Report {
  tool: typeof TOOL
  version: string
  schemaVersion: typeof REPORT_VERSION
  lang: Lang
  source: string
  /** Present only when the user asked for secrets in this export: the report must not be shared. */
  secretsIncluded?: true
  findings: ReportFinding[]
}

export interface ReportOptions extends RedactOptions {
  lang?: Lang
  source: string
  toolVersion: string
}

/** An absolute URL or a path, whatever its key is called (`from`/`to` of a slash redirect). */
const URL_SHAPED = /^(?:[a-z][a-z0-9+.-]*:\/\/|\/)\S*$/i

/** URLs and paths get the URL rules (segments decoded, path parameters); anything else, the free-text ones. */
function cleanParams(
  params: Record<string, string> | undefined,
  opts: RedactOptions,
): Record<string, string> | undefined {
  if (!params) return undefined
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(params))
    out[k] =
      URL_SHAPED.test(v) || /url|location|target|origin/i.test(k) ? redactUrl(v, opts) : redactText(v, opts)
  return out
}

function texts(list: readonly Text[], tr: Translator, opts: RedactOptions): ReportText[] {
  const out: ReportText[] = []
  for (const t of list) {
    const text = tr.text({ ...t, params: cleanParams(t.params, opts) })
    if (text !== null) out.push({ code: t.id, text })
  }
  return out
}

/** One finding as it leaves the product: localised, redacted, plain data. */
export function reportFinding(f: Finding, tr: Translator, opts: RedactOptions = {}): ReportFinding {
  const k = f.kind.replace(/-/g, '_')
  return {
    id: f.id,
    kind: f.kind,
    severity: f.severity,
    title: tr.msg(`kind_${k}_title`),
    request: { method: f.request.method, url: redactUrl(f.request.url, opts) },
    status: f.status,
    count: f.count,
    chain: f.chain.map((h) => ({
      method: h.method,
      url: redactUrl(h.url, opts),
      status: h.status,
      ...(h.location ? { location: redactUrl(h.location, opts) } : {}),
      ...(h.error ? { error: redactText(h.error, opts) } : {}),
    })),
    allowed: {
      methods: f.allowed.methods,
      sources: f.allowed.sources.map((s) => ({
        source: s.source,
        label: tr.msg(`src_${s.source.replace(/-/g, '_')}`),
        methods: s.methods,
        ...(s.detail ? { detail: s.detail } : {}),
      })),
      notes: texts(f.allowed.notes, tr, opts),
    },
    framework: f.framework
      ? {
          id: f.framework.id,
          name: f.framework.name,
          role: f.framework.role,
          ...(f.framework.passThrough ? { passThrough: true as const } : {}),
        }
      : null,
    evidence: f.evidence.flatMap((e) => {
      const text = tr.text({ ...e, params: cleanParams(e.params, opts) })
      return text === null ? [] : [{ source: e.source, code: e.id, text }]
    }),
    causes: texts(f.causes, tr, opts),
    fixes: texts(f.fixes, tr, opts),
    // Snippets are code, built by the engine from values already redacted (or, kept apart, with
    // the request's own credentials for an export that asked for secrets). Never edited as text:
    // a pattern run over finished code can cut a quoted string open.
    snippets: ((opts.keepSecrets ? f.snippetsWithSecrets : undefined) ?? f.snippets).map((s) => ({
      lang: s.lang,
      code: s.code,
    })),
    prevention: texts(f.prevention, tr, opts),
    links: f.links,
    ...(f.initiator
      ? {
          initiator: {
            type: f.initiator.type,
            // A script's or document's URL can carry a token like any other.
            url: redactUrl(f.initiator.url, opts),
            ...(f.initiator.line ? { line: f.initiator.line } : {}),
            ...(f.initiator.column ? { column: f.initiator.column } : {}),
            ...(f.initiator.function ? { function: f.initiator.function } : {}),
          },
        }
      : {}),
    // A server may echo anything in its id: redacted like every other value it sent.
    ...(f.correlation
      ? { correlation: f.correlation.map((c) => ({ header: c.header, value: redactText(c.value, opts) })) }
      : {}),
  }
}

export function buildReport(findings: readonly Finding[], opts: ReportOptions): Report {
  const lang = opts.lang ?? 'en'
  const tr = findingTranslator(lang)
  return {
    tool: TOOL,
    version: opts.toolVersion,
    schemaVersion: REPORT_VERSION,
    lang,
    // The source can be the inspected page's URL, query tokens and all.
    source: redactText(opts.source, opts),
    ...(opts.keepSecrets ? { secretsIncluded: true as const } : {}),
    findings: findings.map((f) => reportFinding(f, tr, opts)),
  }
}
