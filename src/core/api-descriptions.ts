import type { DeclaredLookup } from './engine'
import { type ApiDescription, describePath } from './openapi'
import { parseUrl } from './url'

const MAX_ANSWERS = 10_000

/** API descriptions per origin for this session, and the engine's lookup over them. */
export class ApiDescriptions {
  private byOrigin = new Map<string, { desc: ApiDescription; source: string }>()
  /** A description given without an origin (a file) applies to every origin it does not name otherwise. */
  private fallback: { desc: ApiDescription; source: string } | null = null

  set(origin: string | null, desc: ApiDescription, source: string): void {
    this.answers.clear()
    if (origin === null) this.fallback = { desc, source }
    else this.byOrigin.set(origin, { desc, source })
  }

  get(origin: string): { desc: ApiDescription; source: string } | null {
    return this.byOrigin.get(origin) ?? this.fallback
  }

  origins(): string[] {
    return [...this.byOrigin.keys()]
  }

  /**
   * Answers by origin + path: the engine asks again for every chain at an endpoint each time a
   * description arrives. A new path costs the template branches it meets (template-trie.ts); a
   * hostile description can still make those many, so each path is answered once.
   */
  private answers = new Map<string, string[] | null>()

  lookup: DeclaredLookup = (url) => {
    const u = parseUrl(url)
    if (!u) return null
    const entry = this.get(u.origin)
    if (!entry) return null
    const key = `${u.origin}${u.path}`
    const known = this.answers.get(key)
    if (known !== undefined) return known
    const methods = describePath(entry.desc, url)?.methods ?? null
    if (this.answers.size >= MAX_ANSWERS) this.answers.clear()
    this.answers.set(key, methods)
    return methods
  }
}
