import type { DeclaredLookup } from './engine'
import { type ApiDescription, describePath } from './openapi'
import { parseUrl } from './url'

/** API descriptions per origin for this session, and the engine's lookup over them. */
export class ApiDescriptions {
  private byOrigin = new Map<string, { desc: ApiDescription; source: string }>()
  /** A description given without an origin (a file) applies to every origin it does not name otherwise. */
  private fallback: { desc: ApiDescription; source: string } | null = null

  set(origin: string | null, desc: ApiDescription, source: string): void {
    if (origin === null) this.fallback = { desc, source }
    else this.byOrigin.set(origin, { desc, source })
  }

  get(origin: string): { desc: ApiDescription; source: string } | null {
    return this.byOrigin.get(origin) ?? this.fallback
  }

  origins(): string[] {
    return [...this.byOrigin.keys()]
  }

  lookup: DeclaredLookup = (url) => {
    const origin = parseUrl(url)?.origin
    if (!origin) return null
    const entry = this.get(origin)
    if (!entry) return null
    return describePath(entry.desc, url)?.methods ?? null
  }
}
