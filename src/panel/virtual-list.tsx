/**
 * A virtualised listbox: fixed row height, only the rows in view (plus overscan) exist in the
 * DOM, inside a spacer as tall as the whole list. Focus stays on the listbox; the selected
 * row is announced through aria-activedescendant and is always rendered, even off-screen.
 */
import type { ComponentChild, TargetedKeyboardEvent } from 'preact'
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks'

interface Props {
  count: number
  rowHeight: number
  /** Index of the selected row, -1 for none. */
  active: number
  /** DOM id of the selected row, for aria-activedescendant. */
  activeId: string | null
  /**
   * Draws row `index`, keyed by `key`: the slot it is drawn in. Slots are reused as the list
   * scrolls, so a row that comes into view updates the DOM of the one that left instead of
   * building its own (a page jump rebuilt every row, and left its nodes to the GC).
   */
  renderRow: (index: number, key: string | number) => ComponentChild
  label: string
  id?: string
  overscan?: number
  onKeyDown?: (e: TargetedKeyboardEvent<HTMLDivElement>, pageSize: number) => void
  listRef?: { current: HTMLDivElement | null }
  /** A click on a row: one delegated handler instead of one per row. */
  onPick?: (id: string) => void
}

export function VirtualList(p: Props) {
  const own = useRef<HTMLDivElement>(null)
  const ref = p.listRef ?? own
  // The first row in view, not the pixel offset: scrolling within a row re-renders nothing.
  const [topRow, setTopRow] = useState(0)
  const [height, setHeight] = useState(600)
  const overscan = p.overscan ?? 8
  const rh = p.rowHeight

  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    setHeight(el.clientHeight)
    if (typeof ResizeObserver !== 'function') return
    const ro = new ResizeObserver(() => setHeight(el.clientHeight))
    ro.observe(el)
    return () => ro.disconnect()
  }, [ref])

  // Keep the selected row in view when the keyboard moves it (not when the user scrolls away).
  useEffect(() => {
    const el = ref.current
    if (!el || p.active < 0) return
    const top = p.active * rh
    if (top < el.scrollTop) el.scrollTop = top
    else if (top + rh > el.scrollTop + el.clientHeight) el.scrollTop = top + rh - el.clientHeight
  }, [p.active, p.activeId, rh, ref])

  // A shrinking list (filter, clear) must not leave the viewport past its end.
  const max = Math.max(0, p.count * rh - height)
  const top = Math.min(topRow * rh, max)
  const first = Math.max(0, Math.floor(top / rh) - overscan)
  const last = Math.min(p.count, Math.ceil((top + height) / rh) + overscan)
  const rows: ComponentChild[] = []
  const slots = Math.max(1, last - first)
  for (let i = first; i < last; i++) rows.push(p.renderRow(i, i % slots))
  if (p.active >= 0 && p.active < p.count && (p.active < first || p.active >= last))
    rows.push(p.renderRow(p.active, 'active'))

  return (
    <div
      ref={ref}
      id={p.id}
      class="vlist"
      role="listbox"
      tabIndex={0}
      aria-label={p.label}
      aria-activedescendant={p.activeId ?? undefined}
      onScroll={(e) => setTopRow(Math.floor(e.currentTarget.scrollTop / rh))}
      onKeyDown={(e) => p.onKeyDown?.(e, Math.max(1, Math.floor(height / rh) - 1))}
      onClick={(e) => {
        const row = (e.target as Element).closest<HTMLElement>('[role=option]')
        if (row?.dataset.id) p.onPick?.(row.dataset.id)
      }}
    >
      <div class="vlist-spacer" style={{ height: `${p.count * rh}px` }}>
        {rows}
      </div>
    </div>
  )
}
