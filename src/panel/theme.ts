/**
 * Light/dark, following DevTools. Firefox reports theme changes (onThemeChanged). Chrome only
 * gives `themeName` at load and no event; its default DevTools theme follows the OS, which
 * `prefers-color-scheme` also reflects inside the panel, so media changes are followed there.
 * Outside DevTools only the media query counts.
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
  if (name !== null) {
    apply(fromName(name))
    const off = onDevtoolsThemeChanged((n) => apply(fromName(n)))
    if (off) return off
  } else {
    apply(fromMedia())
  }
  if (!media) return () => {}
  const onChange = (): void => apply(fromMedia())
  media.addEventListener('change', onChange)
  return () => media.removeEventListener('change', onChange)
}
