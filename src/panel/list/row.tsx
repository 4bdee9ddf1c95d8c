/**
 * One request as a 24 px listbox option: its most severe finding's chain and URL, every kind as a
 * chip. Memoised: a batch re-renders only changed rows.
 * No aria-label: the visible cells plus a few sr-only words are the accessible name, so what
 * is read matches what is seen (and hidden columns at narrow widths are not read either).
 */

import { initiatorText } from '../../core/initiator-text'
import type { FindingSummary } from '../../shared/messages'
import type { Env } from '../context'
import { type FindingRow, primaryOf, rowCount } from '../rows'
import { visible } from '../text'
import { ChainInline, Chips, KindChips, Severity, UrlText } from '../ui/bits'
import { memo } from '../ui/memo'
import { allowedChips, hopViews, sourceGroups } from '../view-model'

export const ROW_HEIGHT = 24

export function optionId(id: string): string {
  return `md-opt-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`
}

interface RowProps {
  row: FindingRow
  index: number
  total: number
  selected: boolean
  env: Env
}

function RowView({ row, index, total, selected, env }: RowProps) {
  const { t } = env
  const f = primaryOf(row)
  const groups = sourceGroups(f)
  const seen = rowCount(row)
  return (
    // biome-ignore lint/a11y/useFocusableInteractive: listbox with aria-activedescendant; the listbox keeps focus.
    <div
      role="option"
      id={optionId(row.id)}
      class={`row row-${f.severity}${selected ? ' selected' : ''}`}
      style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}
      aria-selected={selected ? 'true' : 'false'}
      aria-posinset={index + 1}
      aria-setsize={total}
      data-id={row.id}
      data-kind={f.kind}
      data-kinds={row.kinds.join(' ')}
      data-method={f.request.method}
      data-url={f.request.url}
      data-severity={f.severity}
    >
      <span class="c-sev">
        <Severity severity={f.severity} />
      </span>
      <span class="c-chain mono">
        <ChainInline hops={hopViews(f.chain)} />
      </span>
      <span class="c-url mono" title={sentByHint(f, t)}>
        <UrlText url={f.request.url} pathMax={120} queryMax={40} />
      </span>
      <span class="c-kind">
        <KindChips findings={row.findings} />
      </span>
      {/* Where the list came from stays on hover when the narrow layout hides its column. */}
      <span
        class="c-allowed mono"
        title={
          groups.length > 0
            ? `${t('rpt_allowed')}: ${groups.map((g) => t(`ui_src_${g}`)).join(', ')}`
            : undefined
        }
      >
        <span class="sr-only">{t('rpt_allowed')}: </span>
        <Chips chips={allowedChips(f)} />
      </span>
      <span class="c-src" title={groups.map((g) => t(`ui_src_${g}`)).join(', ')}>
        {groups.length > 0 && t(`ui_src_${groups[0]}`)}
        {groups.length > 1 && <span class="more"> +{groups.length - 1}</span>}
      </span>
      <span class="c-count">
        {seen > 1 && (
          <span class="badge" title={t('ui_seen_times', { count: String(seen) })}>
            ×{seen}
          </span>
        )}
      </span>
    </div>
  )
}

export const Row = memo(RowView)

/** The row's hover text: where the request was sent from, when the capture says. */
function sentByHint(
  f: FindingSummary,
  t: (id: string, p?: Record<string, string>) => string,
): string | undefined {
  const i = f.initiator
  if (!i || typeof i.url !== 'string') return undefined
  const text = initiatorText(i)
  return visible(t(text.id, text.params))
}
