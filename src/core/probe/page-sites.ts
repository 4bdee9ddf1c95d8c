import { headerMap } from '../headers'
import { siteOf } from '../url'

/**
 * The sites of a capture's own pages, learnt from its entries one by one: the origins (scheme,
 * host and port, as the extension defines an inspected page's site; on loopback every port is
 * another server) of its top-level documents. What the three browsers write (test fixtures):
 * - a top-level navigation carries `Sec-Fetch-Dest: document` (an iframe says `iframe`), in
 *   Chrome, Firefox and Playwright alike, wherever the browser sends Fetch Metadata (https, loopback);
 * - where it does not (plain http to another host), Chrome and Playwright still mark documents
 *   `_resourceType: "document"`, iframes included: only the first document of each page (`pageref`)
 *   counts, the page's own; Chrome's extension `getHAR()` writes no `pageref`, and there a document
 *   counts only when nothing in the page started it (`_initiator.type: "other"`).
 * `log.pages[].title` is not used: Playwright writes the document's title there, not its URL.
 */
export class PageSites {
  private readonly sites = new Set<string>()
  private readonly pagesWithDocument = new Set<string>()

  note(raw: unknown): void {
    const e = obj(raw)
    const req = obj(e.request)
    // Most entries are not documents: tell that before parsing any URL.
    const dest =
      req.headers === undefined ? undefined : headerMap(req.headers).get('sec-fetch-dest')?.[0]?.toLowerCase()
    if (dest !== undefined && dest !== 'document') return
    if (dest === undefined && e._resourceType !== 'document') return
    const site = siteOf(typeof req.url === 'string' ? req.url : '')
    if (site === null) return
    if (dest === 'document') {
      this.sites.add(site)
      return
    }
    if (typeof e.pageref === 'string') {
      if (this.pagesWithDocument.has(e.pageref)) return
      this.pagesWithDocument.add(e.pageref)
      this.sites.add(site)
    } else if (obj(e._initiator).type === 'other') this.sites.add(site)
  }

  get origins(): ReadonlySet<string> {
    return this.sites
  }
}

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
}
