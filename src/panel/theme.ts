/**
 * Light/dark, following DevTools: `themeName` at load, then Firefox's onThemeChanged or Chrome's
 * setThemeChangeHandler. Without either (an old browser, a plain tab) `prefers-color-scheme`
 * is followed instead.
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
  // DevTools tells its panels about every theme change, a system-following one included: with
  // that event the system's own setting must not override a theme the user chose in DevTools.
  const off = name !== null ? onDevtoolsThemeChanged((n) => apply(fromName(n))) : null
  if (off) return off
  if (!media) return () => {}
  const onChange = (): void => apply(fromMedia())
  media.addEventListener('change', onChange)
  return () => media.removeEventListener('change', onChange)
}
