/** Names the e2e harness uses for the extension's pages, re-exported for the bench. */
export { devtoolsPagePath, PANEL_PATH, PANEL_TITLE } from '../../e2e/support/extension-paths'
export { READY_EXPRESSION } from '../../e2e/support/findings'
