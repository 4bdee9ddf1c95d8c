/** A Copy button that says "Copied" (or "Copy failed") for a moment. */
import { useEffect, useRef, useState } from 'preact/hooks'
import { copyText } from '../clipboard'
import { useEnv } from '../context'
import { IconCopy } from './icons'

interface Props {
  /** The text, or a promise of it (Markdown is built in a lazy chunk). */
  text: () => string | Promise<string>
  label: string
  /** Accessible name when the visible label is ambiguous ("Copy" in every snippet tab). */
  ariaLabel?: string
  cls?: string
}

export function CopyButton({ text, label, ariaLabel, cls }: Props) {
  const { t } = useEnv()
  const [done, setDone] = useState<'ok' | 'fail' | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), [])
  const onClick = async (): Promise<void> => {
    const ok = await copyText(await text())
    setDone(ok ? 'ok' : 'fail')
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(() => setDone(null), 1600)
  }
  return (
    <button
      type="button"
      class={`btn small ${cls ?? ''}`}
      aria-label={ariaLabel}
      onClick={() => void onClick()}
    >
      <IconCopy />
      <span aria-live="polite">
        {done === 'ok' ? t('ui_copied') : done === 'fail' ? t('ui_copy_failed') : label}
      </span>
    </button>
  )
}
