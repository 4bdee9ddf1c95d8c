import { open } from 'node:fs/promises'
import { ApiDescriptions } from '../core/api-descriptions'
import type { Engine } from '../core/engine'
import {
  ApiDescriptionError,
  DESCRIPTION_MAX_ALIAS_VALUES,
  DESCRIPTION_MAX_ALIASES,
  DESCRIPTION_MAX_DEPTH,
  DESCRIPTION_MAX_YAML_TOKENS,
  DESCRIPTION_PARSE_BUDGET_MS,
  OPENAPI_LOCATIONS,
  OPENAPI_MAX_BYTES,
} from '../core/openapi'
import { parseApiDescription } from '../core/openapi-parse'
import { fetchText as fetchBounded, type TextFetch } from '../core/probe/fetch-text'
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

async function fromUrl(descs: ApiDescriptions, url: string, fetchFn: TextFetch): Promise<OpenApiNote | null> {
  const got = await fetchBounded(fetchFn, url, OPENAPI_MAX_BYTES)
  if ('error' in got) return failedNote(url, got.error)
  if (got.status < 200 || got.status >= 300) return failedNote(url, `HTTP ${got.status}`)
  try {
    const desc = parseApiDescription(got.text)
    const origin = parseUrl(url)?.origin ?? null
    for (const o of new Set([...(origin ? [origin] : []), ...desc.origins])) descs.set(o, desc, url)
    return { id: 'cli_openapi_loaded', params: { source: url, paths: String(desc.paths.length) } }
  } catch (err) {
    return failedNote(url, err instanceof ApiDescriptionError ? err.reason : 'error')
  }
}

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
  if (spec === 'auto') {
    for (const origin of origins) {
      let found = false
      let limited = false
      for (const path of OPENAPI_LOCATIONS) {
        if (!(await acquire(origin))) {
          limited = true
          break
        }
        const url = origin + path
        const got = await fetchBounded(fetchFn, url, OPENAPI_MAX_BYTES)
        // A document that is there but too large is worth saying; a plain miss is not.
        if ('error' in got) {
          if (got.error === 'too-large') notes.push(failedNote(url, got.error))
          continue
        }
        if (got.status !== 200) continue
        try {
          descs.set(origin, parseApiDescription(got.text), url)
          notes.push({
            id: 'cli_openapi_loaded',
            params: { source: url, paths: String(descs.get(origin)!.desc.paths.length) },
          })
          found = true
          break
        } catch (err) {
          // An HTML page at this location is no description; a broken one is reported.
          const reason = err instanceof ApiDescriptionError ? err.reason : 'error'
          if (reason !== 'not-openapi') notes.push(failedNote(url, reason))
        }
      }
      if (limited) notes.push({ id: 'cli_openapi_failed', params: { source: origin, reason: 'rate-limit' } })
      else if (!found) notes.push({ id: 'cli_openapi_none', params: { origin } })
    }
  } else if (isHttpUrl(spec)) {
    const note = await fromUrl(descs, spec, fetchFn)
    if (note) notes.push(note)
  } else {
    try {
      const text = await readDescriptionFile(spec)
      const desc = parseApiDescription(text)
      if (desc.origins.length > 0) for (const o of desc.origins) descs.set(o, desc, spec)
      descs.set(null, desc, spec)
      notes.push({ id: 'cli_openapi_loaded', params: { source: spec, paths: String(desc.paths.length) } })
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
