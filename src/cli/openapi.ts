import { open } from 'node:fs/promises'
import { ApiDescriptions } from '../core/api-descriptions'
import type { Engine } from '../core/engine'
import {
  type ApiDescription,
  ApiDescriptionError,
  DESCRIPTION_MAX_ALIAS_VALUES,
  DESCRIPTION_MAX_ALIASES,
  DESCRIPTION_MAX_DEPTH,
  DESCRIPTION_MAX_YAML_TOKENS,
  DESCRIPTION_PARSE_BUDGET_MS,
  OPENAPI_MAX_BYTES,
} from '../core/openapi'
import { type Acceptance, discoverDescription } from '../core/openapi-discovery'
import { parseApiDescription } from '../core/openapi-parse'
import type { TextFetch } from '../core/probe/fetch-text'
import { isHttpUrl, parseUrl } from '../core/url'
import { guardedTextFetch } from '../node/guarded-fetch'

export interface OpenApiNote {
  id: string
  params: Record<string, string>
}

/** Why a description was not used: the limits get a sentence of their own, the rest their code. */
export function failedNote(source: string, reason: string): OpenApiNote {
  switch (reason) {
    case 'too-large':
      return { id: 'cli_openapi_too_large', params: { source, max: String(OPENAPI_MAX_BYTES / 1048576) } }
    case 'too-deep':
      return { id: 'cli_openapi_too_deep', params: { source, max: String(DESCRIPTION_MAX_DEPTH) } }
    case 'aliases':
      return {
        id: 'cli_openapi_aliases',
        params: {
          source,
          aliases: String(DESCRIPTION_MAX_ALIASES),
          values: String(DESCRIPTION_MAX_ALIAS_VALUES),
        },
      }
    case 'too-many-tokens':
      return {
        id: 'cli_openapi_too_many_tokens',
        params: { source, max: String(DESCRIPTION_MAX_YAML_TOKENS) },
      }
    case 'too-slow':
      return {
        id: 'cli_openapi_too_slow',
        params: { source, seconds: String(DESCRIPTION_PARSE_BUDGET_MS / 1000) },
      }
    default:
      return { id: 'cli_openapi_failed', params: { source, reason } }
  }
}

const CHUNK = 64 * 1024

/**
 * A description file, refused by size before a byte is read (a 6 GB file costs one stat), then
 * read with the same cap counted as it goes: a file that grows meanwhile, or a FIFO, cannot
 * hand over more.
 */
export async function readDescriptionFile(path: string, max = OPENAPI_MAX_BYTES): Promise<string> {
  const handle = await open(path, 'r')
  try {
    const info = await handle.stat()
    if (info.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' })
    if (info.size > max) throw new ApiDescriptionError('too-large')
    const chunks: Uint8Array[] = []
    let size = 0
    for (;;) {
      const { bytesRead, buffer } = await handle.read(new Uint8Array(CHUNK), 0, CHUNK, null)
      if (bytesRead === 0) break
      size += bytesRead
      if (size > max) throw new ApiDescriptionError('too-large')
      chunks.push(buffer.subarray(0, bytesRead))
    }
    return new TextDecoder().decode(Buffer.concat(chunks))
  } finally {
    await handle.close()
  }
}

/** The CLI's test for a description: a full parse (the reason from its limits when it fails). */
function parseAccept(text: string): Acceptance<ApiDescription> {
  try {
    return { value: parseApiDescription(text) }
  } catch (err) {
    return { reason: err instanceof ApiDescriptionError ? err.reason : 'error' }
  }
}

const loadedNote = (source: string, desc: ApiDescription): OpenApiNote => ({
  id: 'cli_openapi_loaded',
  params: { source, paths: String(desc.paths.length) },
})

/**
 * Loads API descriptions for the CLI: a file, a URL, or `auto` (the usual locations of every
 * origin being probed). A bad document is reported and changes nothing else.
 */
export async function loadOpenApi(
  engine: Engine,
  spec: string,
  origins: readonly string[],
  /** The probes' per-origin budget: discovery requests count against it too. */
  acquire: (origin: string) => Promise<boolean> = async () => true,
  /** Downloads go through the probes' address rules: never a link-local or metadata address. */
  fetchFn: TextFetch = guardedTextFetch(),
): Promise<OpenApiNote[]> {
  const descs = new ApiDescriptions()
  const notes: OpenApiNote[] = []
  const deps = { fetch: fetchFn, acquire, accept: parseAccept }
  if (spec === 'auto') {
    for (const origin of origins) {
      const found = await discoverDescription({ origin }, deps)
      // Each document that was there but unusable is said; a plain miss is not.
      for (const p of found.problems) notes.push(failedNote(p.url, p.reason))
      if (found.end === 'found') {
        descs.set(origin, found.value, found.url)
        notes.push(loadedNote(found.url, found.value))
      } else if (found.end === 'not-found') notes.push({ id: 'cli_openapi_none', params: { origin } })
      else notes.push({ id: 'cli_openapi_failed', params: { source: origin, reason: found.end } })
    }
  } else if (isHttpUrl(spec)) {
    const found = await discoverDescription({ url: spec }, deps)
    const problem = found.problems[0]
    if (found.end === 'found') {
      const origin = parseUrl(spec)?.origin ?? null
      const desc = found.value
      for (const o of new Set([...(origin ? [origin] : []), ...desc.origins])) descs.set(o, desc, spec)
      notes.push(loadedNote(spec, desc))
    } else if (problem) notes.push(failedNote(spec, problem.reason))
    else if (found.end === 'not-found')
      notes.push(failedNote(spec, `HTTP ${found.tried.at(-1)?.status ?? 0}`))
    else notes.push(failedNote(spec, found.end))
  } else {
    try {
      const text = await readDescriptionFile(spec)
      const desc = parseApiDescription(text)
      if (desc.origins.length > 0) for (const o of desc.origins) descs.set(o, desc, spec)
      descs.set(null, desc, spec)
      notes.push(loadedNote(spec, desc))
    } catch (err) {
      const reason =
        err instanceof ApiDescriptionError
          ? err.reason
          : ((err as NodeJS.ErrnoException).code ?? 'unreadable')
      notes.push(failedNote(spec, reason))
    }
  }
  engine.setDeclaredLookup(descs.lookup)
  return notes
}
