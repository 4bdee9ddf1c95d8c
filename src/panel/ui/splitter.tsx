/** The list/detail resizer: drag with the pointer, or focus it and use ←/→ (a11y "separator"). */
import { useRef } from 'preact/hooks'

const MIN = 20
const MAX = 80

interface Props {
  /** List width in percent of the main area. */
  value: number
  onChange: (value: number) => void
  label: string
}

export function Splitter({ value, onChange, label }: Props) {
  const ref = useRef<HTMLHRElement>(null)
  const clamp = (v: number): number => Math.round(Math.min(MAX, Math.max(MIN, v)))
  return (
    <hr
      ref={ref}
      class="splitter"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={value}
      aria-valuemin={MIN}
      aria-valuemax={MAX}
      tabIndex={0}
      onKeyDown={(e) => {
        const step = e.key === 'ArrowLeft' ? -5 : e.key === 'ArrowRight' ? 5 : 0
        if (step !== 0) {
          e.preventDefault()
          onChange(clamp(value + step))
        }
      }}
      onPointerDown={(e) => {
        const parent = ref.current?.parentElement
        if (!parent) return
        e.preventDefault()
        const box = parent.getBoundingClientRect()
        const move = (ev: PointerEvent): void => onChange(clamp(((ev.clientX - box.left) / box.width) * 100))
        const up = (): void => {
          window.removeEventListener('pointermove', move)
          window.removeEventListener('pointerup', up)
        }
        window.addEventListener('pointermove', move)
        window.addEventListener('pointerup', up)
      }}
    />
  )
}
