// How tests read the panel's findings: every row carries data-kind, data-method and data-url.
// The same expression works in Chromium (CDP) and Firefox (BiDi), in the panel or in a tab.

export interface Finding {
  kind: string
  method: string
  url: string
}

export const FINDINGS_EXPRESSION = `Array.from(document.querySelectorAll('[data-kind]'), (row) => ({
  kind: row.dataset.kind ?? '',
  method: row.dataset.method ?? '',
  url: row.dataset.url ?? '',
}))`

/** Panel query for a tab mirroring an open DevTools (`?tab=auto`), for browsers whose panel is hard to reach. */
export const TAB_MODE_QUERY = 'tab=auto'

export const READY_EXPRESSION = `document.documentElement.dataset.mdReady === '1'`
