/** The list of requests with findings: the virtual listbox, or the empty / no-match state in its place. */
import type { TargetedKeyboardEvent } from 'preact'
import { useEnv } from '../context'
import { currentSet, type PanelState } from '../store'
import { VirtualList } from '../virtual-list'
import { Empty } from './empty'
import { optionId, ROW_HEIGHT, Row } from './row'

interface Props {
  state: PanelState
  listRef: { current: HTMLDivElement | null }
}

export function FindingList({ state, listRef }: Props) {
  const env = useEnv()
  const { t, dispatch } = env
  const set = currentSet(state)

  if (set.order.length === 0) return <Empty state={state} />
  if (state.visible.length === 0) {
    return (
      <div class="nomatch" role="status">
        <p>{t('ui_no_match')}</p>
        <button
          type="button"
          class="linkish"
          onClick={() => {
            dispatch({ type: 'filter', text: '' })
            dispatch({ type: 'kind', kind: null })
          }}
        >
          {t('ui_clear_filters')}
        </button>
      </div>
    )
  }

  const active = state.selected === null ? -1 : state.visible.indexOf(state.selected)
  const onKeyDown = (e: TargetedKeyboardEvent<HTMLDivElement>, page: number): void => {
    const moves: Record<string, number | 'first' | 'last'> = {
      ArrowDown: 1,
      ArrowUp: -1,
      PageDown: page,
      PageUp: -page,
      Home: 'first',
      End: 'last',
    }
    const by = moves[e.key]
    if (by !== undefined && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault()
      dispatch({ type: 'move', by })
    } else if ((e.key === 'Enter' || e.key === ' ') && active >= 0) {
      e.preventDefault()
      dispatch({ type: 'open' })
    }
  }

  return (
    <VirtualList
      listRef={listRef}
      id="md-list"
      count={state.visible.length}
      rowHeight={ROW_HEIGHT}
      active={active}
      activeId={active >= 0 ? optionId(state.visible[active]!) : null}
      label={t('ui_list_label_rows', { count: String(state.visible.length) })}
      onKeyDown={onKeyDown}
      onPick={(id) => dispatch({ type: 'select', id, open: true })}
      renderRow={(i, key) => {
        const id = state.visible[i]!
        return (
          <Row
            key={key}
            row={set.rows.byId.get(id)!}
            index={i}
            total={state.visible.length}
            selected={id === state.selected}
            env={env}
          />
        )
      }}
    />
  )
}
