import { parse as parseYaml } from 'yaml'
import { sortMethods } from './allowed'
import { parseUrl } from './url'

/** Where the common generators publish the document, tried in this order. */
export const OPENAPI_LOCATIONS = [
  '/openapi.json', // FastAPI
  '/v3/api-docs', // springdoc
  '/swagger/v1/swagger.json', // Swashbuckle (ASP.NET Core)
  '/api-json', // NestJS
  '/api/schema/', // drf-spectacular
  '/swagger.json',
  '/openapi.yaml',
] as const

/** Documents above this are refused: a description is never this big, an attack can be. */
export const OPENAPI_MAX_BYTES = 5 * 1024 * 1024
const MAX_PATHS = 5000
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

interface PathEntry {
  template: string
  segments: string[]
  methods: string[]
  literals: number
}

export interface ApiDescription {
  format: 'openapi3' | 'swagger2'
  title: string
  /** Path prefixes from servers[].url or basePath ('' = none). */
  basePaths: string[]
  /** Absolute server origins, when the document names them. */
  origins: string[]
  paths: PathEntry[]
}

export class ApiDescriptionError extends Error {
  constructor(readonly reason: 'too-large' | 'not-parsable' | 'not-openapi' | 'no-paths') {
    super(reason)
  }
}

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

function splitPath(p: string): string[] {
  return p.split('/').filter((s) => s !== '')
}

function normaliseBase(path: string): string {
  const trimmed = path.replace(/\/+$/, '')
  return trimmed === '' || trimmed === '/' ? '' : trimmed.startsWith('/') ? trimmed : `/${trimmed}`
}

/** Parses OpenAPI 3.x or Swagger 2.0, JSON or YAML. Throws ApiDescriptionError with a reason. */
export function parseApiDescription(text: string): ApiDescription {
  if (text.length > OPENAPI_MAX_BYTES) throw new ApiDescriptionError('too-large')
  let doc: unknown
  try {
    const trimmed = text.trimStart()
    // maxAliasCount guards against alias bombs ("billion laughs").
    doc = trimmed.startsWith('{')
      ? JSON.parse(trimmed)
      : parseYaml(text, { maxAliasCount: 100, prettyErrors: false })
  } catch {
    throw new ApiDescriptionError('not-parsable')
  }
  if (!isObj(doc)) throw new ApiDescriptionError('not-openapi')
  const openapi = typeof doc.openapi === 'string' && /^3\./.test(doc.openapi)
  const swagger = doc.swagger === '2.0' || doc.swagger === 2
  if (!openapi && !swagger) throw new ApiDescriptionError('not-openapi')
  if (!isObj(doc.paths)) throw new ApiDescriptionError('no-paths')
  const basePaths = new Set<string>()
  const origins = new Set<string>()
  if (openapi && Array.isArray(doc.servers)) {
    for (const s of doc.servers.slice(0, 20)) {
      if (!isObj(s) || typeof s.url !== 'string') continue
      // Server variables ({version}) cannot be resolved here; drop the templated part's prefix only.
      const url = s.url.replace(/\{[^}]*\}/g, '')
      const abs = parseUrl(url)
      if (abs) {
        origins.add(abs.origin)
        basePaths.add(normaliseBase(abs.path))
      } else basePaths.add(normaliseBase(url))
    }
  }
  if (swagger && typeof doc.basePath === 'string') basePaths.add(normaliseBase(doc.basePath))
  if (basePaths.size === 0) basePaths.add('')
  const paths: PathEntry[] = []
  for (const [template, item] of Object.entries(doc.paths).slice(0, MAX_PATHS)) {
    if (!template.startsWith('/') || !isObj(item)) continue
    const methods = sortMethods(
      HTTP_METHODS.filter((m) => Object.hasOwn(item, m) && isObj(item[m])).map((m) => m.toUpperCase()),
    )
    if (methods.length === 0) continue
    const segments = splitPath(template)
    paths.push({ template, segments, methods, literals: segments.filter((s) => !/^\{.+\}$/.test(s)).length })
  }
  const info = isObj(doc.info) ? doc.info : {}
  return {
    format: openapi ? 'openapi3' : 'swagger2',
    title: typeof info.title === 'string' ? info.title.slice(0, 200) : '',
    basePaths: [...basePaths],
    origins: [...origins],
    paths,
  }
}

function segmentMatches(template: string, actual: string): boolean {
  if (/^\{.+\}$/.test(template)) return actual !== ''
  // Templates can be embedded in a segment (/files/{name}.json).
  if (template.includes('{')) {
    const pattern = template
      .split(/\{[^}]+\}/)
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]+')
    return new RegExp(`^${pattern}$`).test(actual)
  }
  return template === actual
}

export interface DescribedPath {
  template: string
  methods: string[]
}

/** The path template that describes `url` (literal segments beat templates), or null. */
export function describePath(desc: ApiDescription, url: string): DescribedPath | null {
  const u = parseUrl(url)
  if (!u) return null
  let decoded = u.path
  try {
    decoded = decodeURI(u.path)
  } catch {}
  let best: PathEntry | null = null
  for (const base of desc.basePaths) {
    if (base !== '' && decoded !== base && !decoded.startsWith(`${base}/`)) continue
    const rest = splitPath(decoded.slice(base.length))
    for (const p of desc.paths) {
      if (p.segments.length !== rest.length) continue
      if (!p.segments.every((s, i) => segmentMatches(s, rest[i]!))) continue
      if (!best || p.literals > best.literals) best = p
    }
  }
  return best ? { template: best.template, methods: best.methods } : null
}
