import { header, parseMethodList, readMethodList } from './headers'
import { redirected } from './probe/ladder'
import type { Allowed, AllowedSource, Exchange, Framework, ProbeResult, Text } from './types'

const ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

export function sortMethods(list: Iterable<string>): string[] {
  return [...new Set(list)].sort((a, b) => {
    const ia = ORDER.indexOf(a)
    const ib = ORDER.indexOf(b)
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b)
  })
}

/**
 * What is known about how a stack answers, kept as data: whose `Allow` is partial, and whose
 * answer to OPTIONS needs explaining. Each note has text in every language.
 */
interface AllowQuirks {
  /** Its `Allow` can leave out methods the path serves. */
  partialAllow?: string
  /** Said when the OPTIONS probe got this kind of answer. */
  options?: { when: 'allow' | 'refused'; note: string }
}

const QUIRKS: Readonly<Record<string, AllowQuirks>> = {
  fastapi: { partialAllow: 'note_starlette_first_route' },
  // Answers a wrong method with 404, yet its automatic OPTIONS lists the path's methods.
  express: { options: { when: 'allow', note: 'note_express_auto_options' } },
  // require_http_methods refuses OPTIONS (and HEAD) like any other unlisted method.
  django: { options: { when: 'refused', note: 'note_django_options_405' } },
}

interface Inputs {
  final: Exchange
  probe: ProbeResult | undefined
  traffic: ReadonlySet<string>
  declared: readonly string[] | null
  framework: Framework | null
}

/** How much of an item that is not a method name the note quotes. */
const SHOWN_TOKEN = 40

/** Items of an `Allow` that are not method names: left out of the lists, named in a note. */
function rejectedNote(rejected: readonly string[]): Text[] {
  if (rejected.length === 0) return []
  const shown = [...new Set(rejected)]
    .slice(0, 3)
    // By code point: a cut must not split a surrogate pair.
    .map((t) => {
      const cps = [...t]
      return cps.length > SHOWN_TOKEN ? `${cps.slice(0, SHOWN_TOKEN).join('')}…` : t
    })
  return [{ id: 'note_allow_bad_token', params: { tokens: shown.join(', ') } }]
}

function sourcesOf({ final, probe, traffic, declared }: Inputs, rejected: string[]): AllowedSource[] {
  const sources: AllowedSource[] = []
  const allowOf = (value: string): string[] => {
    const list = readMethodList(value)
    rejected.push(...list.rejected)
    return list.methods
  }
  const responseAllow = header(final.responseHeaders, 'allow')
  if (responseAllow !== undefined) {
    sources.push({
      source: 'response-allow',
      methods: allowOf(responseAllow),
      detail: `${final.method} ${final.status}`,
    })
  }
  for (const step of probe?.steps ?? []) {
    if (step.outcome !== 'answered') continue
    const detail = `${step.method} ${step.status}`
    if (step.method === 'OPTIONS') {
      if (step.headers.allow !== undefined)
        sources.push({ source: 'probe-allow', methods: allowOf(step.headers.allow), detail })
      const acam = step.headers['access-control-allow-methods']
      if (acam !== undefined) sources.push({ source: 'probe-cors', methods: parseMethodList(acam), detail })
    } else if (
      !redirected(step) &&
      step.status !== 404 &&
      step.status !== 410 &&
      step.status !== 405 &&
      step.status < 500
    ) {
      sources.push({ source: step.method === 'HEAD' ? 'head' : 'get', methods: [step.method], detail })
    }
  }
  if (traffic.size > 0) sources.push({ source: 'traffic', methods: sortMethods(traffic), detail: '2xx' })
  if (declared) sources.push({ source: 'openapi', methods: sortMethods(declared) })
  return sources
}

/**
 * The best-supported list of methods the route implements, with every source kept apart.
 * The CORS list never counts: it describes CORS configuration, not routes.
 */
export function allowedFor(inputs: Inputs): Allowed {
  const rejected: string[] = []
  const sources = sourcesOf(inputs, rejected)
  const notes: Text[] = rejectedNote(rejected)
  const quirks: AllowQuirks = QUIRKS[inputs.framework?.id ?? ''] ?? {}
  const of = (kind: AllowedSource['source']) =>
    sources.filter((s) => s.source === kind).flatMap((s) => s.methods)
  const allowHeaders = [...of('response-allow'), ...of('probe-allow')]
  const observed = [...of('traffic'), ...of('head'), ...of('get')]
  let methods: string[] | null = null
  if (inputs.declared) {
    methods = sortMethods([...inputs.declared, ...observed])
    const missing = sortMethods(
      methods.filter(
        (m) => m !== 'HEAD' && m !== 'OPTIONS' && allowHeaders.length > 0 && !allowHeaders.includes(m),
      ),
    )
    if (missing.length > 0) {
      notes.push({ id: 'note_allow_contradicted', params: { methods: missing.join(', ') } })
      const why = quirks.partialAllow
      if (why) notes.push({ id: why })
    }
  } else if (allowHeaders.length > 0) {
    methods = sortMethods([...allowHeaders, ...observed])
    // Traffic that succeeded with a method Allow leaves out: Allow is partial, and says so.
    const beyond = sortMethods(
      observed.filter((m) => m !== 'HEAD' && m !== 'OPTIONS' && !allowHeaders.includes(m)),
    )
    if (beyond.length > 0)
      notes.push({ id: 'note_allow_contradicted_by_traffic', params: { methods: beyond.join(', ') } })
    const why = quirks.partialAllow
    if (why) notes.push({ id: why })
  } else if (observed.length > 0) {
    methods = sortMethods(observed)
    notes.push({ id: 'note_at_least' })
  }
  const options = inputs.probe?.steps.find((s) => s.method === 'OPTIONS' && s.outcome === 'answered')
  if (options && quirks.options) {
    const hasAllow = (options.headers.allow ?? '').trim() !== ''
    const refused = options.status === 405 || options.status === 501
    if ((quirks.options.when === 'allow' && hasAllow) || (quirks.options.when === 'refused' && refused))
      notes.push({ id: quirks.options.note })
  }
  if (methods === null) {
    if (of('probe-cors').length > 0) notes.push({ id: 'note_cors_only' })
    else if (options)
      notes.push({ id: 'note_options_unanswered', params: { status: String(options.status) } })
    notes.push({ id: 'note_unknown' })
  }
  return { methods, sources, notes }
}
