import browser from 'webextension-polyfill'
import type { CaptureSettings } from '../shared/messages'
import { DEFAULT_SETTINGS } from '../shared/settings'

const KEY = 'md.capture'

export async function loadSettings(): Promise<CaptureSettings> {
  try {
    const stored = (await browser.storage.local.get(KEY))[KEY] as Partial<CaptureSettings> | undefined
    return { ...DEFAULT_SETTINGS, ...(stored ?? {}) }
  } catch {
    return { ...DEFAULT_SETTINGS }
  }
}

export function saveSettings(s: CaptureSettings): void {
  browser.storage.local.set({ [KEY]: s }).catch(() => undefined)
}
