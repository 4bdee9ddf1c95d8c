/** What the panel watches, shown until there is something to list. */

import { useEnv } from '../context'
import { openTab } from '../platform'
import type { PanelState } from '../store'
import { IconImport } from '../ui/icons'

export const DEMO_URL = 'http://127.0.0.1:8405/'

const WATCHES = [
  'ui_watch_405',
  'ui_watch_redirect',
  'ui_watch_slash',
  'ui_watch_preflight',
  'ui_watch_proxy',
  'ui_watch_static',
] as const

export function Empty({ state }: { state: PanelState }) {
  const { t, pickFile } = useEnv()
  const imported = state.source === 'imported' ? state.imported : null
  if (imported) {
    return (
      <div class="empty" role="status">
        <h2 class="empty-title">{t('ui_import_none_title')}</h2>
        <p>{t('ui_import_none', { name: imported.name, count: String(imported.requests) })}</p>
      </div>
    )
  }
  const standalone = state.mode === 'standalone'
  return (
    <div class="empty">
      <h2 class="empty-title">{t(standalone ? 'ui_empty_title_standalone' : 'ui_empty_title')}</h2>
      <p>{t(standalone ? 'ui_empty_intro_standalone' : 'ui_empty_intro')}</p>
      <ul class="watch">
        {WATCHES.map((id) => (
          <li key={id}>{t(id)}</li>
        ))}
      </ul>
      <div class="empty-actions">
        {standalone && (
          <button type="button" class="btn primary" onClick={pickFile}>
            <IconImport />
            {t('ui_import_har')}
          </button>
        )}
        <button type="button" class={standalone ? 'btn' : 'btn primary'} onClick={() => openTab(DEMO_URL)}>
          {t('ui_open_demo')}
        </button>
      </div>
      <p class="hint">{t(standalone ? 'ui_drop_hint' : 'ui_import_hint')}</p>
      {!standalone && !state.connected && (
        <p class="hint" role="status">
          {t('ui_waiting')}
        </p>
      )}
    </div>
  )
}
