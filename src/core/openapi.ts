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
export const MAX_PATHS = 5000
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

export interface PathEntry {
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

export type Obj = Record<string, unknown>
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

export function splitPath(p: string): string[] {
  return p.split('/').filter((s) => s !== '')
}

export function normaliseBase(path: string): string {
  const trimmed = path.replace(/\/+$/, '')
  return trimmed === '' || trimmed === '/' ? '' : trimmed.startsWith('/') ? trimmed : `/${trimmed}`
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
