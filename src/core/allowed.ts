import { header, parseMethodList } from './headers'
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

/** Frameworks whose own `Allow` is known to be partial, with the note that says why. */
const PARTIAL_ALLOW: Readonly<Record<string, string>> = {
  fastapi: 'note_starlette_first_route',
}

interface Inputs {
  final: Exchange
  probe: ProbeResult | undefined
  traffic: ReadonlySet<string>
  declared: readonly string[] | null
  framework: Framework | null
}

function sourcesOf({ final, probe, traffic, declared }: Inputs): AllowedSource[] {
  const sources: AllowedSource[] = []
  const responseAllow = header(final.responseHeaders, 'allow')
  if (responseAllow !== undefined) {
    sources.push({
      source: 'response-allow',
      methods: parseMethodList(responseAllow),
      detail: `${final.method} ${final.status}`,
    })
  }
  for (const step of probe?.steps ?? []) {
    if (step.outcome !== 'answered') continue
    const detail = `${step.method} ${step.status}`
    if (step.method === 'OPTIONS') {
      if (step.headers.allow !== undefined)
        sources.push({ source: 'probe-allow', methods: parseMethodList(step.headers.allow), detail })
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
  const sources = sourcesOf(inputs)
  const notes: Text[] = []
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
      const why = PARTIAL_ALLOW[inputs.framework?.id ?? '']
      if (why) notes.push({ id: why })
    }
  } else if (allowHeaders.length > 0) {
    methods = sortMethods([...allowHeaders, ...observed])
    const why = PARTIAL_ALLOW[inputs.framework?.id ?? '']
    if (why) notes.push({ id: why })
  } else if (observed.length > 0) {
    methods = sortMethods(observed)
    notes.push({ id: 'note_at_least' })
  }
  if (methods === null) {
    const options = inputs.probe?.steps.find((s) => s.method === 'OPTIONS')
    if (of('probe-cors').length > 0) notes.push({ id: 'note_cors_only' })
    else if (options?.outcome === 'answered')
      notes.push({ id: 'note_options_unanswered', params: { status: String(options.status) } })
    notes.push({ id: 'note_unknown' })
  }
  return { methods, sources, notes }
}
