/**
 * Every extension API the panel touches, behind guards: the same panel runs inside DevTools,
 * as an ordinary extension tab (no `devtools`), in Firefox DevTools (no `permissions`) and in
 * the inline shell, where the polyfill is replaced by an empty object.
 */
import browser, { type Browser } from 'webextension-polyfill'

type DeepPartial<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T

const api = browser as unknown as DeepPartial<Browser> | undefined

function attempt<T>(fn: () => T, fallback: T): T {
  try {
    return fn()
  } catch {
    return fallback
  }
}

/** The inspected tab, only when running as a DevTools panel. */
export function inspectedTabId(): number | null {
  const id = attempt(() => api?.devtools?.inspectedWindow?.tabId, undefined)
  return typeof id === 'number' ? id : null
}

/** 'dark' | 'default' inside DevTools, null elsewhere. */
export function devtoolsThemeName(): string | null {
  const name = attempt(() => api?.devtools?.panels?.themeName, undefined)
  return typeof name === 'string' ? name : null
}

interface ChromeThemeApi {
  setThemeChangeHandler?: (cb?: ((name: unknown) => void) | null) => void
}

/**
 * DevTools theme changes: Firefox's `onThemeChanged` event, Chrome's single
 * `setThemeChangeHandler` callback (the polyfill does not wrap it). Returns an unsubscribe
 * function, or null when neither exists.
 */
export function onDevtoolsThemeChanged(cb: (name: string) => void): (() => void) | null {
  const ev = attempt(() => api?.devtools?.panels?.onThemeChanged, undefined)
  if (ev?.addListener) {
    ev.addListener(cb)
    return () => ev.removeListener?.(cb)
  }
  const chromePanels = attempt(
    () => (globalThis as { chrome?: { devtools?: { panels?: ChromeThemeApi } } }).chrome?.devtools?.panels,
    undefined,
  )
  const set = chromePanels?.setThemeChangeHandler
  if (typeof set !== 'function') return null
  try {
    set.call(chromePanels, (name) => {
      if (typeof name === 'string') cb(name)
    })
  } catch {
    return null
  }
  return () => attempt(() => set.call(chromePanels, null), undefined)
}

export function uiLanguage(): string | undefined {
  return attempt(() => api?.i18n?.getUILanguage?.(), undefined) ?? globalThis.navigator?.language
}

export async function storageGet(key: string): Promise<unknown> {
  const local = attempt(() => api?.storage?.local, undefined)
  if (!local?.get) return attempt(() => globalThis.localStorage?.getItem(key) ?? undefined, undefined)
  try {
    const got = await local.get(key)
    return got[key]
  } catch {
    return undefined
  }
}

export async function storageSet(key: string, value: string): Promise<void> {
  const local = attempt(() => api?.storage?.local, undefined)
  try {
    if (local?.set) await local.set({ [key]: value })
    else globalThis.localStorage?.setItem(key, value)
  } catch {}
}

/** Chrome DevTools panels and extension tabs have it; Firefox DevTools panels do not (bug 1796933). */
export function canRequestPermissions(): boolean {
  return typeof attempt(() => api?.permissions?.request, undefined) === 'function'
}

export function canQueryPermissions(): boolean {
  return typeof attempt(() => api?.permissions?.contains, undefined) === 'function'
}

/** Must be called synchronously from a click handler: the browser needs the user gesture. */
export function requestOrigins(origins: string[]): Promise<boolean> {
  const permissions = api?.permissions
  if (!permissions?.request) return Promise.resolve(false)
  try {
    return permissions.request({ origins }).catch(() => false)
  } catch {
    return Promise.resolve(false)
  }
}

export async function removeOrigins(origins: string[]): Promise<boolean> {
  try {
    return (await api?.permissions?.remove?.({ origins })) ?? false
  } catch {
    return false
  }
}

export async function hasOrigins(origins: string[]): Promise<boolean> {
  try {
    return (await api?.permissions?.contains?.({ origins })) ?? false
  } catch {
    return false
  }
}

/** Opens a URL in a new tab: `tabs.create` where the page may use it, else `window.open`. */
export function openTab(url: string): void {
  const tabs = attempt(() => api?.tabs, undefined)
  if (tabs?.create) {
    tabs.create({ url }).catch(() => window.open(url, '_blank', 'noopener'))
    return
  }
  window.open(url, '_blank', 'noopener')
}

/** URL of a page of this extension, or a path relative to the current page outside one. */
export function extensionUrl(path: string): string {
  return attempt(() => api?.runtime?.getURL?.(path), undefined) ?? new URL(path, location.href).href
}

export function extensionVersion(): string {
  return attempt(() => api?.runtime?.getManifest?.()?.version, undefined) ?? 'dev'
}

interface ChromePanelsApi {
  openResource?: (url: string, lineNumber: number, columnNumber: number, callback?: () => void) => void
}

/**
 * Opens a script at a place in DevTools' Sources panel (Chrome's `devtools.panels.openResource`).
 * Our lines and columns count from 1; DevTools takes them from 0. False where it does not exist.
 */
export function openInSources(url: string, line: number, column: number): boolean {
  const panels = attempt(
    () => (globalThis as { chrome?: { devtools?: { panels?: ChromePanelsApi } } }).chrome?.devtools?.panels,
    undefined,
  )
  const open = panels?.openResource
  if (typeof open !== 'function') return false
  try {
    open.call(panels, url, Math.max(0, line - 1), Math.max(0, column - 1), () => undefined)
    return true
  } catch {
    return false
  }
}

/** Firefox (its DevTools' network log has no initiator stacks); its devtools pages lack getBrowserInfo. */
export function isFirefox(): boolean {
  return /\bFirefox\//.test(attempt(() => globalThis.navigator?.userAgent ?? '', ''))
}
