/**
 * The shape of the devtools page's read-only test and debug hook, `globalThis.__methodDoctor`
 * (devtools.ts defines it, frozen, once the capture controller exists). The e2e suites read it
 * through `e2e/support/hook.ts`, typed by this interface.
 */
import type { Finding } from '../core/types'
import type { ApiDescriptionStatus, CaptureStats, ProbeStatus } from '../shared/messages'

export interface MethodDoctorHook {
  stats(): CaptureStats
  probes(): ProbeStatus[]
  descriptions(): ApiDescriptionStatus[]
  findings(): Finding[]
  /** The start-up read of DevTools' log is done. */
  ready(): boolean
  /** Navigations handled so far. */
  navigations(): number
}
