import type { CaptureSettings } from './messages'

/**
 * The capture settings before the user changes any. The devtools page owns settings (it applies them
 * and reports them in snapshots); the panel shows these until the first snapshot arrives.
 */
export const DEFAULT_SETTINGS: Readonly<CaptureSettings> = {
  preserveLog: false,
  probeMode: 'full',
  probing: true,
}
