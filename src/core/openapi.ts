import { buildTemplateTrie, findTemplate, type TemplateTrie } from './template-trie'
import { parseUrl } from './url'

/** Documents above this are refused: a description is never this big, an attack can be. */
export const OPENAPI_MAX_BYTES = 5 * 1024 * 1024
/** Nesting refused before parsing, JSON or YAML: a real description nests a few dozen levels. */
export const DESCRIPTION_MAX_DEPTH = 128
/** YAML aliases: OpenAPI reuses with `$ref`; a document needing more than these is an attack. */
export const DESCRIPTION_MAX_ALIASES = 1000
/** Values YAML aliases may add to the document ("billion laughs" adds hundreds of millions). */
export const DESCRIPTION_MAX_ALIAS_VALUES = 100_000
/**
 * YAML tokens (every lexeme: scalars, indicators, line breaks, comments) read before refusing. The
 * `yaml` package keeps 240–330 bytes and spends 2–4 µs per token however they are arranged, so
 * this bounds it to ~330 MB and a few seconds. A dense 5,000-operation description (2,000 paths,
 * 2.75 MB) has 778,000; a flat `[a,a,…]` of 4.8 MB has 7.5 million and took 2.4 GB. JSON has no
 * such cost and no such limit.
 */
export const DESCRIPTION_MAX_YAML_TOKENS = 1_000_000
/** Time a description may take to parse, composition included: a backstop for slow machines. */
export const DESCRIPTION_PARSE_BUDGET_MS = 10_000
export const MAX_PATHS = 5000
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

export interface PathEntry {
  template: string
  /** Each segment as its literal text around the parameters (path-template.ts). */
  parts: string[][]
  methods: string[]
  /** Segments with literal text: the more, the more specific the template. */
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

export const API_DESCRIPTION_REASONS = [
  'too-large',
  'too-deep',
  'aliases',
  'too-many-tokens',
  'too-slow',
  'not-parsable',
  'not-openapi',
  'no-paths',
] as const
export type ApiDescriptionReason = (typeof API_DESCRIPTION_REASONS)[number]
export const isApiDescriptionReason = (r: string): r is ApiDescriptionReason =>
  (API_DESCRIPTION_REASONS as readonly string[]).includes(r)

export class ApiDescriptionError extends Error {
  constructor(readonly reason: ApiDescriptionReason) {
    super(reason)
  }
}

export type Obj = Record<string, unknown>
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

export function splitPath(p: string): string[] {
  return p.split('/').filter((s) => s !== '')
}

export function normaliseBase(path: string): string {
  // A loop, not /\/+$/: that pattern is quadratic on a run of slashes that does not end the text.
  let end = path.length
  while (end > 0 && path.charCodeAt(end - 1) === 0x2f) end--
  const trimmed = path.slice(0, end)
  return trimmed === '' || trimmed === '/' ? '' : trimmed.startsWith('/') ? trimmed : `/${trimmed}`
}

export interface DescribedPath {
  template: string
  methods: string[]
}

/** Each description's templates as a trie over segments: built once, on the first lookup. */
const tries = new WeakMap<ApiDescription, TemplateTrie>()

function trieOf(desc: ApiDescription): TemplateTrie {
  const known = tries.get(desc)
  if (known) return known
  const trie = buildTemplateTrie(desc.paths)
  tries.set(desc, trie)
  return trie
}

/**
 * The path template that describes `url` (literal segments beat templates; among equals, the
 * first base path, then the first in the document), or null. Segment by segment, without
 * regular expressions, through a trie of the templates (template-trie.ts): a lookup costs the
 * URL's segments times the branches that match them, not the size of the description.
 */
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
    const found = findTemplate(trieOf(desc), splitPath(decoded.slice(base.length)))
    if (found && (!best || found.literals > best.literals)) best = found
  }
  return best ? { template: best.template, methods: best.methods } : null
}
