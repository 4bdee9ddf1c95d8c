import { sortMethods } from './allowed'
import {
  type ApiDescription,
  ApiDescriptionError,
  DESCRIPTION_MAX_DEPTH,
  DESCRIPTION_PARSE_BUDGET_MS,
  HTTP_METHODS,
  isObj,
  MAX_PATHS,
  normaliseBase,
  OPENAPI_MAX_BYTES,
  type PathEntry,
  splitPath,
} from './openapi'
import { literalSegments, segmentParts } from './path-template'
import { parseUrl } from './url'
import { readYamlBounded, type YamlBudget } from './yaml-bounded'

const MAX_SERVER_URL = 2048

/* The YAML parser is the bulk of this module: callers load it only when a description is read. */

/** JSON nested deeper than `limit`, found in one pass before JSON.parse is given it. */
export function jsonNestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return false
}

/**
 * Parses OpenAPI 3.x or Swagger 2.0, JSON or YAML. Throws ApiDescriptionError with a reason.
 * Bounded: size, nesting (DESCRIPTION_MAX_DEPTH) and YAML aliases are refused before they cost
 * anything, and YAML parsing stops when `budget` runs out.
 */
export function parseApiDescription(
  text: string,
  budget: YamlBudget = { now: () => Date.now(), ms: DESCRIPTION_PARSE_BUDGET_MS },
): ApiDescription {
  if (text.length > OPENAPI_MAX_BYTES) throw new ApiDescriptionError('too-large')
  let doc: unknown
  const trimmed = text.trimStart()
  if (trimmed.startsWith('{')) {
    if (jsonNestsDeeperThan(trimmed, DESCRIPTION_MAX_DEPTH)) throw new ApiDescriptionError('too-deep')
    try {
      doc = JSON.parse(trimmed)
    } catch {
      throw new ApiDescriptionError('not-parsable')
    }
  } else {
    try {
      doc = readYamlBounded(text, budget)
    } catch (err) {
      // A stack overflow or a bug in the parser is still only a document that could not be read.
      throw err instanceof ApiDescriptionError ? err : new ApiDescriptionError('not-parsable')
    }
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
      // A real server address is short; the length bound also keeps the pattern below linear.
      if (!isObj(s) || typeof s.url !== 'string' || s.url.length > MAX_SERVER_URL) continue
      // Server variables ({version}) cannot be resolved here; drop the templated part's prefix only.
      const url = s.url.replace(/\{[^}]*\}/g, '')
      const abs = parseUrl(url)
      if (abs) {
        origins.add(abs.origin)
        basePaths.add(normaliseBase(abs.path))
      } else basePaths.add(normaliseBase(url))
    }
  }
  if (swagger && typeof doc.basePath === 'string' && doc.basePath.length <= MAX_SERVER_URL)
    basePaths.add(normaliseBase(doc.basePath))
  if (basePaths.size === 0) basePaths.add('')
  const paths: PathEntry[] = []
  let seen = 0
  for (const template in doc.paths) {
    if (!Object.hasOwn(doc.paths, template)) continue
    if (++seen > MAX_PATHS) break
    const item = doc.paths[template]
    if (!template.startsWith('/') || !isObj(item)) continue
    const methods = sortMethods(
      HTTP_METHODS.filter((m) => Object.hasOwn(item, m) && isObj(item[m])).map((m) => m.toUpperCase()),
    )
    if (methods.length === 0) continue
    const parts = splitPath(template).map(segmentParts)
    paths.push({ template, parts, methods, literals: literalSegments(parts) })
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
