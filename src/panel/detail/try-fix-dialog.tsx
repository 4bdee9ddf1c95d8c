/**
 * The consent dialog of "Try the fix": exactly what will be sent (method, URL, headers with
 * secrets masked, cookies, body), whether the method may change data, and Send or Cancel. A
 * modal <dialog>: focus goes into it (on Cancel, the harmless choice), Escape cancels, and focus
 * returns to the button that opened it. Every value is untrusted and drawn as text.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks'
import type { TryView } from '../../core/try-fix/request'
import { MAX_TRY_BODY } from '../../shared/messages/try-fix'
import { useEnv } from '../context'
import { visible } from '../text'

interface Props {
  view: TryView
  onSend: (body: string) => void
  onCancel: () => void
  /** Gets focus back when the dialog closes. */
  returnFocus: { current: HTMLElement | null }
}

export function TryFixDialog({ view, onSend, onCancel, returnFocus }: Props) {
  const { t } = useEnv()
  const ref = useRef<HTMLDialogElement>(null)
  const cancelRef = useRef<HTMLButtonElement>(null)
  const [body, setBody] = useState(view.body)
  const cancel = useRef(onCancel)
  cancel.current = onCancel
  const method = visible(view.method)

  useLayoutEffect(() => {
    const d = ref.current
    if (!d) return
    if (!d.open) {
      if (typeof d.showModal === 'function') d.showModal()
      else d.setAttribute('open', '')
    }
    // On Cancel, the harmless choice, but scrolled to the top: a short panel must show the
    // title and the warning first.
    cancelRef.current?.focus({ preventScroll: true })
    d.scrollTop = 0
    // Escape cancels wherever focus is in the panel, before the panel's own Escape (which would
    // close the detail and swallow the key) hears it.
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape') return
      e.preventDefault()
      e.stopImmediatePropagation()
      cancel.current()
    }
    document.addEventListener('keydown', onKey, true)
    const back = returnFocus
    return () => {
      document.removeEventListener('keydown', onKey, true)
      if (d.open) d.close()
      // After the browser's own focus fix-up for the closed dialog.
      requestAnimationFrame(() => back.current?.focus())
    }
  }, [returnFocus])

  return (
    <dialog
      ref={ref}
      class="try-dialog"
      aria-labelledby="md-try-title"
      aria-describedby="md-try-risk"
      data-try-dialog
      onCancel={(e) => {
        // Any other close request: the dialog closes through our state, so nothing is left half-open.
        e.preventDefault()
        onCancel()
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault()
          onSend(body)
        }}
      >
        <h2 id="md-try-title" class="try-title">
          {t('ui_try_dialog_title')}
        </h2>
        <p
          id="md-try-risk"
          class={view.unsafe ? 'try-risk unsafe' : 'try-risk'}
          data-try-unsafe={String(view.unsafe)}
        >
          {view.unsafe ? t('ui_try_unsafe', { method }) : t('ui_try_safe', { method })}
        </p>
        <p class="dim">{t('ui_try_once')}</p>
        <dl class="try-request">
          <dt>{t('ui_try_method')}</dt>
          <dd class="mono" data-try-method>
            {method}
          </dd>
          <dt>{t('ui_try_url')}</dt>
          <dd class="mono try-url" data-try-url>
            {visible(view.url)}
          </dd>
          <dt>{t('ui_try_headers')}</dt>
          <dd>
            {view.headers.length === 0 ? (
              <span class="dim">{t('ui_try_no_headers')}</span>
            ) : (
              <ul class="try-headers mono">
                {view.headers.map(([n, v], i) => (
                  <li key={i}>
                    {visible(n)}: {visible(v)}
                  </li>
                ))}
              </ul>
            )}
            {view.otherPage !== null ? (
              <p class="try-warn">{t('ui_try_other_page', { page: visible(view.otherPage) })}</p>
            ) : (
              view.leftOut.length > 0 && (
                <p class="dim">
                  {t('ui_try_left_out', { names: view.leftOut.map((n) => visible(n)).join(', ') })}
                </p>
              )
            )}
          </dd>
          <dt>{t('ui_try_cookies')}</dt>
          <dd>{t(view.credentials === 'include' ? 'ui_try_cookies_include' : 'ui_try_cookies_same')}</dd>
          <dt>{t('ui_try_body')}</dt>
          <dd>
            {view.bodyAllowed ? (
              <label class="try-body">
                <span>
                  {t(
                    view.bodyFrom === 'capture'
                      ? 'ui_try_body_captured'
                      : view.bodyFrom === 'secret'
                        ? 'ui_try_body_secret'
                        : 'ui_try_body_label',
                  )}
                </span>
                <textarea
                  class="mono"
                  rows={4}
                  maxLength={MAX_TRY_BODY}
                  value={body}
                  spellcheck={false}
                  onInput={(e) => setBody(e.currentTarget.value)}
                />
              </label>
            ) : (
              <span class="dim">{t('ui_try_body_none', { method })}</span>
            )}
          </dd>
        </dl>
        <p class="dim">{t('ui_try_masked')}</p>
        <div class="try-actions">
          <button ref={cancelRef} type="button" class="btn" onClick={onCancel} data-try-cancel>
            {t('ui_try_cancel')}
          </button>
          <button type="submit" class="btn primary" data-try-send>
            {t('ui_try_send')}
          </button>
        </div>
      </form>
    </dialog>
  )
}
