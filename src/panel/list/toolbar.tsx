/** The DevTools-style toolbar: clear, filter, capture settings, import/export, language. */
import type { Lang } from '../../core/i18n'
import type { Finding } from '../../core/types'
import type { CaptureSettings } from '../../shared/messages'
import { useEnv } from '../context'
import { compareFindings } from '../order'
import { currentSet, type PanelState } from '../store'
import { ExportMenu } from '../ui/export-menu'
import { IconClear, IconFilter, IconImport } from '../ui/icons'

interface Props {
  state: PanelState
  filterRef: { current: HTMLInputElement | null }
  onLang: (lang: Lang) => void
}

export function Toolbar({ state, filterRef, onLang }: Props) {
  const { t, dispatch, send, findings: ask, lang, pickFile } = useEnv()
  const live = state.mode !== 'standalone'
  const set = currentSet(state)
  const settings = (s: Partial<CaptureSettings>): void => {
    dispatch({ type: 'settings', settings: s })
    send({ type: 'panel/settings', settings: s })
  }
  const clear = (): void => {
    if (state.source === 'imported') dispatch({ type: 'import-close' })
    else send({ type: 'panel/clear' })
  }
  // An import holds its whole findings; the live capture's are asked for (every one it has), in list order.
  const imported = state.source === 'imported' ? state.imported : null
  const findings = async (): Promise<Finding[]> =>
    imported ? imported.order.map((id) => imported.full.get(id)!) : (await ask()).sort(compareFindings)
  const source = state.source === 'imported' ? (state.imported?.name ?? '') : state.inspectedUrl || 'devtools'

  return (
    <div class="toolbar" role="toolbar" aria-label={t('ui_toolbar')}>
      <button
        type="button"
        class="tb-btn"
        aria-label={t(state.source === 'imported' ? 'ui_close_import' : 'ui_clear')}
        title={t(state.source === 'imported' ? 'ui_close_import' : 'ui_clear')}
        disabled={state.source === 'imported' ? !state.imported : set.order.length === 0 && !state.connected}
        onClick={clear}
        data-action="clear"
      >
        <IconClear />
      </button>
      <span class="tb-sep" aria-hidden="true" />
      <label class="filter">
        <IconFilter />
        <input
          ref={filterRef}
          type="search"
          placeholder={t('ui_filter_placeholder')}
          aria-label={t('ui_filter_label')}
          value={state.filter}
          spellcheck={false}
          autocomplete="off"
          onInput={(e) => dispatch({ type: 'filter', text: e.currentTarget.value })}
        />
      </label>
      {live && (
        <>
          <span class="tb-sep" aria-hidden="true" />
          <label class="tb-check" title={t('ui_preserve_log_hint')}>
            <input
              type="checkbox"
              data-setting="preserveLog"
              checked={state.settings.preserveLog}
              onChange={(e) => settings({ preserveLog: e.currentTarget.checked })}
            />
            {t('ui_preserve_log')}
          </label>
          <span class="tb-sep" aria-hidden="true" />
          <label class="tb-check" title={t('ui_probing_hint')}>
            <input
              type="checkbox"
              data-setting="probing"
              checked={state.settings.probing}
              onChange={(e) => settings({ probing: e.currentTarget.checked })}
            />
            {t('ui_probing')}
          </label>
          <select
            class="tb-select"
            aria-label={t('ui_probe_mode')}
            title={t('ui_probe_mode_hint')}
            value={state.settings.probeMode}
            disabled={!state.settings.probing}
            onChange={(e) => settings({ probeMode: e.currentTarget.value === 'full' ? 'full' : 'options' })}
          >
            <option value="options">{t('ui_probe_options')}</option>
            <option value="full">{t('ui_probe_full')}</option>
          </select>
        </>
      )}
      <span class="tb-sep" aria-hidden="true" />
      <button
        type="button"
        class="tb-btn"
        aria-label={t('ui_import_har')}
        title={t('ui_import_har')}
        onClick={pickFile}
        data-action="import"
      >
        <IconImport />
      </button>
      <ExportMenu findings={findings} source={source} disabled={set.order.length === 0} />
      <span class="tb-grow" />
      <select
        class="tb-select"
        aria-label={t('ui_language')}
        value={lang}
        onChange={(e) => onLang(e.currentTarget.value === 'vi' ? 'vi' : 'en')}
      >
        <option value="en" lang="en">
          {t('ui_lang_en')}
        </option>
        <option value="vi" lang="vi">
          {t('ui_lang_vi')}
        </option>
      </select>
    </div>
  )
}
