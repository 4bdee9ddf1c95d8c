import { readFile } from 'node:fs/promises'
import { ApiDescriptions } from '../core/api-descriptions'
import type { Engine } from '../core/engine'
import { ApiDescriptionError, OPENAPI_LOCATIONS, OPENAPI_MAX_BYTES } from '../core/openapi'
import { parseApiDescription } from '../core/openapi-parse'
import { fetchText as fetchBounded, type TextFetch } from '../core/probe/fetch-text'
import { isHttpUrl, parseUrl } from '../core/url'

const nodeFetch: TextFetch = (url, init) => fetch(url, init)
const fetchText = (url: string, max: number) => fetchBounded(nodeFetch, url, max)

export interface OpenApiNote {
  id: string
  params: Record<string, string>
}

async function fromUrl(descs: ApiDescriptions, url: string): Promise<OpenApiNote | null> {
  const got = await fetchText(url, OPENAPI_MAX_BYTES)
  if ('error' in got) return { id: 'cli_openapi_failed', params: { source: url, reason: got.error } }
  if (got.status < 200 || got.status >= 300)
    return { id: 'cli_openapi_failed', params: { source: url, reason: `HTTP ${got.status}` } }
  try {
    const desc = parseApiDescription(got.text)
    const origin = parseUrl(url)?.origin ?? null
    for (const o of new Set([...(origin ? [origin] : []), ...desc.origins])) descs.set(o, desc, url)
    return { id: 'cli_openapi_loaded', params: { source: url, paths: String(desc.paths.length) } }
  } catch (err) {
    return {
      id: 'cli_openapi_failed',
      params: { source: url, reason: err instanceof ApiDescriptionError ? err.reason : 'error' },
    }
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
        const got = await fetchText(url, OPENAPI_MAX_BYTES)
        // A document that is there but too large is worth saying; a plain miss is not.
        if ('error' in got) {
          if (got.error === 'too-large')
            notes.push({ id: 'cli_openapi_failed', params: { source: url, reason: got.error } })
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
          if (reason !== 'not-openapi')
            notes.push({ id: 'cli_openapi_failed', params: { source: url, reason } })
        }
      }
      if (limited) notes.push({ id: 'cli_openapi_failed', params: { source: origin, reason: 'rate-limit' } })
      else if (!found) notes.push({ id: 'cli_openapi_none', params: { origin } })
    }
  } else if (isHttpUrl(spec)) {
    const note = await fromUrl(descs, spec)
    if (note) notes.push(note)
  } else {
    try {
      const text = await readFile(spec, 'utf8')
      const desc = parseApiDescription(text)
      if (desc.origins.length > 0) for (const o of desc.origins) descs.set(o, desc, spec)
      descs.set(null, desc, spec)
      notes.push({ id: 'cli_openapi_loaded', params: { source: spec, paths: String(desc.paths.length) } })
    } catch (err) {
      const reason =
        err instanceof ApiDescriptionError
          ? err.reason
          : ((err as NodeJS.ErrnoException).code ?? 'unreadable')
      notes.push({ id: 'cli_openapi_failed', params: { source: spec, reason } })
    }
  }
  engine.setDeclaredLookup(descs.lookup)
  return notes
}
