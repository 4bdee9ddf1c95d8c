/** Export popover: JSON / Markdown downloads, with an opt-in "Include secrets" and its warning. */
import { useEffect, useRef, useState } from 'preact/hooks'
import type { Finding } from '../../core/types'
import { copyText } from '../clipboard'
import { useEnv } from '../context'
import { download, type ExportFormat, exportFileName, exportText } from '../export'
import { extensionVersion } from '../platform'
import { IconChevron, IconExport } from './icons'

interface Props {
  /** The whole findings, in list order: a live capture's come from the devtools page. */
  findings: () => Promise<Finding[]>
  source: string
  disabled: boolean
}

export function ExportMenu({ findings, source, disabled }: Props) {
  const { t, lang } = useEnv()
  const [open, setOpen] = useState(false)
  const [secrets, setSecrets] = useState(false)
  const [note, setNote] = useState<string | null>(null)
  const root = useRef<HTMLDivElement>(null)
  const button = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    if (!open) return
    const onDown = (e: PointerEvent): void => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false)
    }
    document.addEventListener('pointerdown', onDown)
    root.current?.querySelector<HTMLElement>('.menu button')?.focus()
    return () => document.removeEventListener('pointerdown', onDown)
  }, [open])

  const close = (): void => {
    setOpen(false)
    button.current?.focus()
  }
  // Esc closes the menu first; the panel-wide Esc (close detail, clear filter) waits its turn.
  const onEscape = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && open) {
      e.preventDefault()
      close()
    }
  }
  const options = () => ({ source, lang, keepSecrets: secrets, toolVersion: extensionVersion() })
  const say = (id: string): void => {
    setNote(t(id))
    setTimeout(() => setNote(null), 1500)
  }
  const save = async (format: ExportFormat): Promise<void> => {
    const all = await findings().catch(() => null)
    if (!all) return say('ui_export_failed')
    download(await exportText(format, all, options()), exportFileName(source, format), format)
    close()
  }
  const copy = async (): Promise<void> => {
    const all = await findings().catch(() => null)
    if (!all) return say('ui_export_failed')
    say((await copyText(await exportText('md', all, options()))) ? 'ui_copied' : 'ui_copy_failed')
  }

  return (
    <div class="menu-wrap" ref={root}>
      <button
        ref={button}
        type="button"
        class="tb-btn"
        aria-label={t('ui_export')}
        title={t('ui_export')}
        aria-haspopup="dialog"
        aria-expanded={open ? 'true' : 'false'}
        disabled={disabled}
        onClick={() => setOpen(!open)}
        onKeyDown={onEscape}
      >
        <IconExport />
        <IconChevron />
      </button>
      {open && (
        <div class="menu" role="dialog" aria-label={t('ui_export_menu')} onKeyDown={onEscape}>
          <button type="button" class="menu-item" data-export="json" onClick={() => void save('json')}>
            {t('ui_export_json')}
          </button>
          <button type="button" class="menu-item" data-export="md" onClick={() => void save('md')}>
            {t('ui_export_md')}
          </button>
          <button type="button" class="menu-item" onClick={() => void copy()}>
            {note ?? t('ui_copy_all_md')}
          </button>
          <hr />
          <label class="menu-check">
            <input
              type="checkbox"
              data-setting="include-secrets"
              checked={secrets}
              onChange={(e) => setSecrets(e.currentTarget.checked)}
            />
            {t('ui_include_secrets')}
          </label>
          <p class={secrets ? 'menu-warn' : 'menu-note'} role={secrets ? 'alert' : undefined}>
            {t(secrets ? 'ui_secrets_warning' : 'ui_secrets_redacted')}
          </p>
        </div>
      )}
    </div>
  )
}
