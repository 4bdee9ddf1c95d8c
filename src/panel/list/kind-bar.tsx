/**
 * Findings per kind, each a toggle that filters the list to the requests showing that kind (like
 * DevTools' type filter). A request with two kinds is one row, counted under both.
 */
import { FINDING_KINDS, KIND_SHORT_LABELS } from '../../core/kinds'
import { useEnv } from '../context'
import type { PanelState } from '../store'
import { count } from '../text'
import { kindKey } from '../view-model'

export function KindBar({ state }: { state: PanelState }) {
  const { t, dispatch, lang } = useEnv()
  const total = FINDING_KINDS.reduce((n, k) => n + state.counts[k], 0)
  const kinds = FINDING_KINDS.filter((k) => state.counts[k] > 0 || state.kind === k)
  return (
    <fieldset class="kindbar">
      <legend class="sr-only">{t('ui_kind_filter')}</legend>
      <button
        type="button"
        class="kind"
        title={t('ui_kind_counts_hint')}
        aria-pressed={state.kind === null ? 'true' : 'false'}
        onClick={() => dispatch({ type: 'kind', kind: null })}
      >
        {t('ui_kind_all')} <span class="n">{count(total, lang)}</span>
      </button>
      {kinds.length > 0 && <span class="sep" aria-hidden="true" />}
      {kinds.map((k) => (
        <button
          key={k}
          type="button"
          class="kind"
          data-filter-kind={k}
          title={t(`kind_${kindKey(k)}_title`)}
          aria-pressed={state.kind === k ? 'true' : 'false'}
          onClick={() => dispatch({ type: 'kind', kind: k })}
        >
          {t(KIND_SHORT_LABELS[k])} <span class="n">{count(state.counts[k], lang)}</span>
        </button>
      ))}
    </fieldset>
  )
}
