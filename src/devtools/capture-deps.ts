import type { Adapter } from '../shared/channel'
import type {
  CaptureSettings,
  DevtoolsToPanel,
  DevtoolsToWorker,
  PanelToDevtools,
  WorkerToDevtools,
} from '../shared/messages'
import type { BackfillPolicy } from './backfill-policy'
import type { ParseDescription } from './description-parser'

/** The port to the background worker (port.ts in the browser, a fake in tests). */
export interface WorkerLink {
  send(m: DevtoolsToWorker): void
  listen(h: (m: WorkerToDevtools) => void): () => void
}

/** What the capture controller needs from the browser, injected so the whole flow is unit-testable. */
export interface CaptureDeps {
  tabId: number
  panel: Adapter<PanelToDevtools, DevtoolsToPanel>
  worker: WorkerLink
  settings: CaptureSettings
  saveSettings(s: CaptureSettings): void
  getHAR(): Promise<unknown[]>
  /** When to call getHAR() beyond start-up: a per-browser choice (see backfill-policy.ts). */
  backfill: BackfillPolicy
  /** Runs `fn` soon, off the current task (setTimeout in the browser, manual in tests). */
  later(fn: () => void, ms: number): void
  /** Wall-clock ms (Date.now in the browser): compared with HAR start times after a navigation. */
  now(): number
  inspectedUrl(): string
  /** Parses an API description: off this thread in the browser (description-parser.ts). */
  parseDescription: ParseDescription
}
