import { parse as parseYaml } from 'yaml'
import { sortMethods } from './allowed'
import {
  type ApiDescription,
  ApiDescriptionError,
  HTTP_METHODS,
  isObj,
  MAX_PATHS,
  normaliseBase,
  OPENAPI_MAX_BYTES,
  type PathEntry,
  splitPath,
} from './openapi'
import { parseUrl } from './url'

/* The YAML parser is the bulk of this module: callers load it only when a description is read. */

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
