/** What every component needs besides the state: translation, actions and the link. */
import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import type { Lang, Translator } from '../core/i18n'
import type { PanelToDevtools } from '../shared/messages'
import type { AskFindings } from './full-findings'
import type { Action, PanelMode } from './store'

export interface Env {
  tr: Translator
  lang: Lang
  /** A UI message (ui_*, or any finding/report id) with `{param}` interpolation. */
  t: (id: string, params?: Record<string, string>) => string
  dispatch: (a: Action) => void
  /** To the devtools page; a no-op in standalone mode. */
  send: (m: PanelToDevtools) => void
  /** Whole findings from the devtools page (all without ids); rejects in standalone mode. */
  findings: AskFindings
  mode: PanelMode
  /** Tab whose devtools page we talk to (for the Firefox permission page), if any. */
  tabId: number | null
  /** The layout is in its narrow form (≤ 560 px): detail replaces the list. */
  narrow: boolean
  /** Opens the HAR file picker (from a click: browsers want a user gesture). */
  pickFile: () => void
}

export const EnvContext = createContext<Env | null>(null)

export function useEnv(): Env {
  const env = useContext(EnvContext)
  if (!env) throw new Error('EnvContext missing')
  return env
}
