/**
 * The devtools page, for the shell: the real CaptureController, built as src/devtools/devtools.ts
 * builds it, with fakes where the browser would answer. The inspected page's requests come from
 * the scenarios instead of devtools.network, and getHAR() returns them as DevTools' log would;
 * the worker is fake-worker.ts; settings and the user's earlier clicks live in fake-browser.ts.
 */

import { siteOf } from '../../src/core/url'
import { CHROME_BACKFILL } from '../../src/devtools/backfill-policy'
import { CaptureController, type WorkerLink } from '../../src/devtools/capture'
import type { ParseDescription } from '../../src/devtools/description-parser'
import { loadSettings, saveSettings } from '../../src/devtools/settings'
import { setChoice } from '../../src/panel/probe-choices'
import type { Adapter } from '../../src/shared/channel'
import type { CaptureSettings, DevtoolsToPanel, PanelToDevtools } from '../../src/shared/messages'

export interface ShellDevtoolsOptions {
  tabId: number
  panel: Adapter<PanelToDevtools, DevtoolsToPanel>
  worker: WorkerLink
  /** The inspected page, as DevTools reports it at start-up. */
  inspectedUrl: string
  parseDescription: ParseDescription
  /** Over the stored settings (the defaults in a fresh shell). */
  settings?: Partial<CaptureSettings>
  /** Origins the user allowed probing for while inspecting this page, before the shell opened. */
  approved?: readonly string[]
}

export interface ShellDevtools {
  controller: CaptureController
  /** The inspected page made these requests: DevTools logs each and reports it finished. */
  request(entries: readonly unknown[]): void
}

export async function startDevtools(o: ShellDevtoolsOptions): Promise<ShellDevtools> {
  const site = siteOf(o.inspectedUrl) ?? ''
  // As the panel's "Allow probing" click stores them.
  for (const origin of o.approved ?? []) await setChoice('approval', site, origin, true)
  const log: unknown[] = []
  const controller = new CaptureController({
    tabId: o.tabId,
    panel: o.panel,
    worker: o.worker,
    settings: { ...(await loadSettings()), ...o.settings },
    saveSettings,
    // DevTools hands out a fresh copy of its log each time.
    getHAR: async () => structuredClone(log),
    backfill: CHROME_BACKFILL,
    later: (fn, ms) => setTimeout(fn, ms),
    now: () => Date.now(),
    inspectedUrl: () => o.inspectedUrl,
    parseDescription: o.parseDescription,
  })
  // The page DevTools opened on made everything in its log.
  controller.inspected(o.inspectedUrl, Number.NEGATIVE_INFINITY)
  await controller.backfill()
  return {
    controller,
    request(entries) {
      for (const e of entries) {
        log.push(e)
        controller.add(e)
      }
    },
  }
}
