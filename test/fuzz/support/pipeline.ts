import { MAX_HOPS } from '../../../src/core/chains'
import { Engine } from '../../../src/core/engine'
import { formatJunit } from '../../../src/core/format/junit'
import { formatMarkdown } from '../../../src/core/format/markdown'
import { formatText } from '../../../src/core/format/text'
import type { Lang } from '../../../src/core/i18n'
import { findingTranslator } from '../../../src/core/messages-bundle'
import { buildReport, type Report } from '../../../src/core/report'
import {
  FINDING_KINDS,
  type Finding,
  type ProbeResult,
  type Severity,
  type Snippet,
} from '../../../src/core/types'
import { validateReport } from '../../helpers/schema'

/** Everything a HAR becomes: the engine's findings, the report and every output format. */
export interface Outputs {
  findings: Finding[]
  report: Report
  json: string
  text: string
  textColor: string
  markdown: string
  junit: string
}

export interface RunOptions {
  lang?: Lang
  keepSecrets?: boolean
  probes?: readonly ProbeResult[]
  failOn?: Severity | 'never'
}

export function runAll(entries: readonly unknown[], opts: RunOptions = {}): Outputs {
  const engine = new Engine()
  for (const e of entries) engine.add(e)
  for (const p of opts.probes ?? []) engine.addProbe(p)
  return render(engine.findings(), opts)
}

export function render(findings: Finding[], opts: RunOptions = {}): Outputs {
  const lang = opts.lang ?? 'en'
  const tr = findingTranslator(lang)
  const report = buildReport(findings, {
    lang,
    source: 'fuzz.har',
    toolVersion: '0.0.0-fuzz',
    keepSecrets: opts.keepSecrets ?? false,
  })
  return {
    findings,
    report,
    json: JSON.stringify(report, null, 2),
    text: formatText(report, tr, { color: false }),
    textColor: formatText(report, tr, { color: true }),
    markdown: formatMarkdown(report, tr, opts.keepSecrets ?? false),
    junit: formatJunit(report, tr, opts.failOn ?? 'warning'),
  }
}

export function fail(message: string): never {
  throw new Error(message)
}

const show = (s: string) => JSON.stringify(s.length > 200 ? `${s.slice(0, 200)}…` : s)

// ---------- findings ----------

const SEVERITIES: readonly string[] = ['error', 'warning', 'info']
const METHOD = /^[A-Z][A-Z0-9_-]{0,31}$/

/** The first URL a snippet calls, read back from its code. */
export function snippetUrl(s: Snippet): string {
  const m =
    s.lang === 'curl'
      ? /^curl (?:--globoff )?(?:-X \S+ |--head )?((?:'[^']*'|"'"|"\\\\")+)/.exec(s.code)
      : s.lang === 'fetch'
        ? /fetch\(("(?:[^"\\]|\\.)*")/.exec(s.code)
        : /httpx\.(?:request\("(?:[^"\\]|\\.)*", |\w+\()("(?:[^"\\]|\\.)*")/.exec(s.code)
  if (!m?.[1]) return fail(`no URL found in ${s.lang} snippet ${show(s.code)}`)
  // A curl word is single-quoted runs with "'" and "\\" between them (src/core/quote.ts).
  if (s.lang === 'curl')
    return [...m[1].matchAll(/'([^']*)'|"(')"|"\\(\\)"/g)].map((x) => x[1] ?? x[2] ?? x[3]).join('')
  return JSON.parse(m[1]) as string
}

function isHttp(url: string): boolean {
  if (!/^https?:\/\//.test(url)) return false
  try {
    const p = new URL(url).protocol
    return p === 'http:' || p === 'https:'
  } catch {
    return false
  }
}

/** What every finding must satisfy whatever the input. */
export function checkFindings(findings: readonly Finding[]): void {
  const ids = new Set<string>()
  for (const f of findings) {
    const where = `${f.kind} ${show(f.request.url)}`
    if (!(FINDING_KINDS as readonly string[]).includes(f.kind)) fail(`unknown kind ${f.kind}`)
    if (!SEVERITIES.includes(f.severity)) fail(`bad severity ${f.severity} (${where})`)
    if (ids.has(f.id)) fail(`duplicate id ${f.id}`)
    ids.add(f.id)
    if (f.chain.length < 1 || f.chain.length > MAX_HOPS) fail(`chain of ${f.chain.length} hops (${where})`)
    if (f.evidence.length < 1) fail(`no evidence (${where})`)
    if (!Number.isInteger(f.count) || f.count < 1) fail(`count ${f.count} (${where})`)
    if (!(f.status === 0 || (Number.isInteger(f.status) && f.status >= 100 && f.status <= 999)))
      fail(`status ${f.status} (${where})`)
    if (!(f.firstSeen <= f.lastSeen)) fail(`firstSeen ${f.firstSeen} > lastSeen ${f.lastSeen} (${where})`)
    if (!METHOD.test(f.request.method)) fail(`request method ${show(f.request.method)} (${where})`)
    for (const h of f.chain) if (!METHOD.test(h.method)) fail(`hop method ${show(h.method)} (${where})`)
    for (const s of f.snippets) {
      const url = snippetUrl(s)
      if (!isHttp(url)) fail(`${s.lang} snippet calls a non-http URL ${show(url)} (${where})`)
    }
  }
}

// ---------- outputs ----------

/** Only what JSON can carry, so JSON.parse(JSON.stringify(x)) gives x back exactly. */
export function checkJsonSafe(v: unknown, path = '$'): void {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) fail(`${path} is ${v}`)
    if (Object.is(v, -0)) fail(`${path} is -0`)
    return
  }
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) checkJsonSafe(x, `${path}[${i}]`)
    return
  }
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) fail(`${path}.${k} is undefined`)
      checkJsonSafe(x, `${path}.${k}`)
    }
    return
  }
  fail(`${path} is not plain JSON (${typeof v})`)
}

export function checkReport(o: Outputs): void {
  checkJsonSafe(o.report)
  if (JSON.stringify(JSON.parse(o.json)) !== JSON.stringify(o.report))
    fail('report does not round-trip through JSON')
  if (!validateReport(o.report))
    fail(`report breaks docs/report.schema.json: ${JSON.stringify(validateReport.errors?.slice(0, 2))}`)
}

/** Anything that moves the cursor, clears the screen, rewrites a line or reorders text; \n aside. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
export const TEXT_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
export const SGR = /\u001b\[(?:0|1|2|31|32|33|34|36)m/g

/** Terminal output: no control characters but \n, no bidi overrides; with colour, only our own SGR codes. */
export function checkText(text: string, color: boolean): void {
  const plain = color ? text.replace(SGR, '') : text
  const m = TEXT_CONTROL.exec(plain)
  if (m)
    fail(
      `text output carries raw U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')} near ${show(plain.slice(Math.max(0, m.index - 40), m.index + 40))}`,
    )
}

/** Markdown: outside code fences every `<` is escaped, so no HTML from data renders; fences close. */
export function checkMarkdown(md: string): void {
  let fence: string | null = null
  for (const line of md.split('\n')) {
    const open = /^(`{3,})/.exec(line)
    if (fence === null && open) {
      fence = open[1]!
      continue
    }
    if (fence !== null) {
      if (line === fence) fence = null
      continue
    }
    if (/(^|[^\\])</.test(line)) fail(`markdown has a raw < outside a fence: ${show(line)}`)
  }
  if (fence !== null) fail('markdown leaves a code fence open')
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const XML_CHARS = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u
const ENTITY = '&(?:amp|lt|gt|quot|apos);'
const ATTR = new RegExp(`\\s+([A-Za-z_][\\w.-]*)="(?:[^<&"]|${ENTITY})*"`, 'g')
const XML_TOKEN = new RegExp(
  [
    `<([A-Za-z_][\\w.-]*)((?:\\s+[A-Za-z_][\\w.-]*="(?:[^<&"]|${ENTITY})*")*)\\s*(/?)>`,
    '</([A-Za-z_][\\w.-]*)\\s*>',
    `((?:[^<&]|${ENTITY})+)`,
  ].join('|'),
  'y',
)

/**
 * A small XML 1.0 well-formedness check: legal characters only, tags nest, attribute values
 * hold no raw `<`, `&` or `"`, text holds no raw `<` or `&`, one root element.
 */
export function checkXml(xml: string): void {
  const bad = XML_CHARS.exec(xml)
  if (bad) fail(`XML carries an illegal character U+${bad[0].codePointAt(0)?.toString(16)}`)
  const body = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>/, '')
  const stack: string[] = []
  let roots = 0
  XML_TOKEN.lastIndex = 0
  while (XML_TOKEN.lastIndex < body.length) {
    const at = XML_TOKEN.lastIndex
    const m = XML_TOKEN.exec(body)
    if (!m) fail(`XML not well-formed at ${show(body.slice(at, at + 80))}`)
    const [, open, attrs, selfClose, close, text] = m
    if (open !== undefined) {
      if (stack.length === 0) roots++
      const names = [...(attrs ?? '').matchAll(ATTR)].map((a) => a[1])
      if (new Set(names).size !== names.length) fail(`duplicate attribute in <${open}>`)
      if (selfClose !== '/') stack.push(open)
    } else if (close !== undefined) {
      if (stack.pop() !== close) fail(`</${close}> closes the wrong element`)
    } else if (text !== undefined && stack.length === 0 && text.trim() !== '') {
      fail(`text outside the root element: ${show(text)}`)
    }
  }
  if (stack.length > 0) fail(`unclosed <${stack.join('>, <')}>`)
  if (roots !== 1) fail(`${roots} root elements`)
}

/** Every output check at once. */
export function checkOutputs(o: Outputs): void {
  checkFindings(o.findings)
  checkReport(o)
  checkText(o.text, false)
  checkText(o.textColor, true)
  checkMarkdown(o.markdown)
  checkXml(o.junit)
}

// ---------- prototype pollution ----------

const WATCHED = [
  Object.prototype,
  Array.prototype,
  String.prototype,
  Function.prototype,
  Map.prototype,
  Set.prototype,
]

/** Names and values on the built-in prototypes: any change after a run is pollution. */
export function prototypeSnapshot(): string {
  return WATCHED.map((p) =>
    Object.getOwnPropertyNames(p)
      .map((n) => {
        const d = Object.getOwnPropertyDescriptor(p, n)
        return `${n}:${typeof d?.value}:${typeof d?.get}`
      })
      .join(','),
  ).join('|')
}

export function checkNoPollution(before: string): void {
  const probe: Record<string, unknown> = {}
  for (const name of ['polluted', 'allow', 'method', 'url', 'status', 'text', 'isAdmin']) {
    if (probe[name] !== undefined) fail(`({}).${name} is ${String(probe[name])}: Object.prototype polluted`)
  }
  if (prototypeSnapshot() !== before) fail('a built-in prototype changed during the run')
}
