/**
 * Finding an API description over HTTP: one policy for the background worker ("Read the API
 * description", or an address the user typed) and the CLI (`--openapi <url>`, `--openapi auto`).
 * Each context injects its fetch (the worker's own, the CLI's address-guarded one), its
 * per-origin budget and what it accepts as a description; the rules below are the same for both.
 *
 * - Candidates: the given URL alone, or the origin's usual locations in the order below. Each
 *   location is appended to the origin, never resolved against it, and a URL whose origin is not
 *   the one asked about is never requested.
 * - At most DISCOVERY_MAX_REQUESTS requests, each first taking one request from its origin's
 *   budget; a spent budget ends the search ('rate-limit').
 * - Every request is `fetchText`'s: GET, no credentials, no referrer, redirects not followed (a
 *   redirect is a miss, like a 404), 5 MB counted while streaming, 5 s.
 * - A description is a 2xx answer whose body the context's `accept` takes. The content type is
 *   not looked at: generators serve YAML as text/plain, application/x-yaml and more.
 * - The first description ends the search.
 * - What is worth saying: for a given URL, any failure; for the usual locations, only a document
 *   that is there but unusable (over the size cap, or refused for another reason than not being
 *   OpenAPI). A plain miss there (no answer, a timeout, a non-2xx status, an HTML page) is not.
 */
import { OPENAPI_MAX_BYTES } from './openapi'
import { fetchText, type TextFetch } from './probe/fetch-text'
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

/** No search sends more requests than this, whatever the answers. */
export const DISCOVERY_MAX_REQUESTS = 7

/** The usual locations of an origin, or one URL someone gave. */
export type DescriptionTarget = { origin: string } | { url: string }

/** A body taken as a description (with what the context made of it), or why not. */
export type Acceptance<T> = { value: T } | { reason: string }

export interface DiscoveryDeps<T> {
  fetch: TextFetch
  /** Takes one request from the origin's budget; false when the budget is spent. */
  acquire: (origin: string) => Promise<boolean>
  /**
   * Whether a body is a description. The worker only sniffs (`sniffDescription`: it never loads
   * a YAML parser; the devtools page parses); the CLI parses it fully.
   */
  accept: (text: string) => Acceptance<T> | Promise<Acceptance<T>>
  /** Per request; `fetchText`'s 5 s unless a test shortens it. */
  timeoutMs?: number
}

/** A request sent: its URL and status (0 when there was no answer, or it was over the cap). */
export interface DiscoveryTry {
  url: string
  status: number
}

export interface DiscoveryProblem {
  url: string
  reason: string
}

interface DiscoveryLog {
  /** Every request sent, in order. */
  tried: DiscoveryTry[]
  /** The failures worth saying (see the policy above), in order. */
  problems: DiscoveryProblem[]
}

export type Discovery<T> =
  | ({ end: 'found'; url: string; value: T } & DiscoveryLog)
  | ({ end: 'not-found' | 'rate-limit' | 'not-http' } & DiscoveryLog)

/** The request URLs for a target, on its own origin only; null when it is not http(s). */
export function discoveryCandidates(target: DescriptionTarget): { origin: string; urls: string[] } | null {
  const base = parseUrl('url' in target ? target.url : target.origin)
  if (!base || (base.protocol !== 'http:' && base.protocol !== 'https:')) return null
  const urls = 'url' in target ? [base.href] : OPENAPI_LOCATIONS.map((p) => base.origin + p)
  return {
    origin: base.origin,
    urls: urls.filter((u) => parseUrl(u)?.origin === base.origin).slice(0, DISCOVERY_MAX_REQUESTS),
  }
}

/** Tries the candidates in order and stops at the first description; never throws. */
export async function discoverDescription<T>(
  target: DescriptionTarget,
  deps: DiscoveryDeps<T>,
): Promise<Discovery<T>> {
  const given = 'url' in target
  const log: DiscoveryLog = { tried: [], problems: [] }
  const plan = discoveryCandidates(target)
  if (!plan) return { end: 'not-http', ...log }
  for (const url of plan.urls) {
    if (!(await deps.acquire(plan.origin))) return { end: 'rate-limit', ...log }
    const got = await fetchText(deps.fetch, url, OPENAPI_MAX_BYTES, deps.timeoutMs)
    log.tried.push({ url, status: 'status' in got ? got.status : 0 })
    if ('error' in got) {
      // A document over the cap is there; a timeout or a refused connection is a plain miss.
      if (given || got.error === 'too-large') log.problems.push({ url, reason: got.error })
      continue
    }
    if (got.status < 200 || got.status >= 300) continue
    const verdict = await judge(deps.accept, got.text)
    if ('value' in verdict) return { end: 'found', url, value: verdict.value, ...log }
    // An HTML page at a guessed location is no description; a broken description is.
    if (given || verdict.reason !== 'not-openapi') log.problems.push({ url, reason: verdict.reason })
  }
  return { end: 'not-found', ...log }
}

async function judge<T>(accept: DiscoveryDeps<T>['accept'], text: string): Promise<Acceptance<T>> {
  try {
    return await accept(text)
  } catch {
    return { reason: 'error' }
  }
}

/** How far into a body the sniff looks: generators write `openapi` or `swagger` first. */
const SNIFF_CHARS = 4096

/** A cheap look for the worker: the word `openapi` or `swagger` near the start. */
export function sniffDescription(text: string): Acceptance<string> {
  return /\b(openapi|swagger)\b/.test(text.slice(0, SNIFF_CHARS))
    ? { value: text }
    : { reason: 'not-openapi' }
}
