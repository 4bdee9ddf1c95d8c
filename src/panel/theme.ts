/**
 * Light/dark, following DevTools: `themeName` at load, then Firefox's onThemeChanged or Chrome's
 * setThemeChangeHandler, and system changes too (DevTools' default theme follows the OS, which
 * `prefers-color-scheme` reflects inside the panel). Outside DevTools only the media query counts.
 */
import { devtoolsThemeName, onDevtoolsThemeChanged } from './platform'

export type Theme = 'light' | 'dark'

export function applyTheme(theme: Theme): void {
  const root = document.documentElement
  root.dataset.theme = theme
  // Native scrollbars and form controls follow too.
  root.style.colorScheme = theme
}

const fromName = (name: string): Theme => (name === 'dark' ? 'dark' : 'light')

export function watchTheme(inDevtools: boolean, apply: (theme: Theme) => void = applyTheme): () => void {
  const media = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null
  const fromMedia = (): Theme => (media?.matches ? 'dark' : 'light')
  const name = inDevtools ? devtoolsThemeName() : null
  apply(name !== null ? fromName(name) : fromMedia())
  // Both, the latest wins: Chrome's DevTools follows the system theme by default and may not call
  // its handler when the system changes, while an explicit DevTools theme arrives by the handler.
  const off = name !== null ? onDevtoolsThemeChanged((n) => apply(fromName(n))) : null
  if (!media) return () => off?.()
  const onChange = (): void => apply(fromMedia())
  media.addEventListener('change', onChange)
  return () => {
    off?.()
    media.removeEventListener('change', onChange)
  }
}
