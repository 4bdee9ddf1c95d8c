/**
 * When the devtools page asks DevTools for its whole log (`getHAR()`) besides listening to
 * `onRequestFinished`. The answer differs per browser, measured with the demo API:
 *
 * - Chrome fires `onRequestFinished` only once a response body has been read, and requests that
 *   finish while a navigation commits can miss the event; its log has them, so look again after a
 *   navigation and whenever the panel opens.
 * - Firefox fires the event for every request, but a request that finishes while `getHAR()` is
 *   running is lost for good: no event, and absent from later logs (about one in two POSTs sent
 *   during a post-navigation backfill vanished). So Firefox reads the log only once, when the
 *   devtools page starts, to pick up what the toolbox saw before the listener was attached.
 */
export interface BackfillPolicy {
  /** Delays (ms) after a clearing navigation at which to read the log again. */
  afterNavigation: readonly number[]
  /** Read the log again when the panel says hello. */
  onPanelOpen: boolean
}

export const CHROME_BACKFILL: BackfillPolicy = { afterNavigation: [0, 1000, 3000], onPanelOpen: true }
export const FIREFOX_BACKFILL: BackfillPolicy = { afterNavigation: [], onPanelOpen: false }
