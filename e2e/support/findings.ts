// How tests read the panel's findings. A row is one request: it carries data-method, data-url,
// data-kind (its most severe finding's kind) and data-kinds (every kind it shows, space separated);
// each kind is one finding. The same expression works in Chromium (CDP) and Firefox (BiDi), in the
// panel or in a tab.

export interface Finding {
  kind: string
  method: string
  url: string
}

/** A row element's kinds, as an expression of a function (for page-side code). */
export const KINDS_OF_ROW = `((row) => (row.dataset.kinds || row.dataset.kind || '').split(' ').filter(Boolean))`

export const FINDINGS_EXPRESSION = `Array.from(document.querySelectorAll('#md-list [data-kind]'), (row) => ${KINDS_OF_ROW}(row).map((kind) => ({
  kind,
  method: row.dataset.method ?? '',
  url: row.dataset.url ?? '',
}))).flat()`

/** Panel query for a tab mirroring an open DevTools (`?tab=auto`), for browsers whose panel is hard to reach. */
export const TAB_MODE_QUERY = 'tab=auto'

export const READY_EXPRESSION = `document.documentElement.dataset.mdReady === '1'`
