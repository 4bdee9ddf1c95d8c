/**
 * "Try the fix" under a finding's corrected call: the button, its consent dialog, then the mark
 * ("fix verified — PUT → 200", "still failing — PUT → 403", "unknown …") and the answer. Never
 * automatic: each request needs the dialog's Send. Where it cannot run (no inspected page in
 * standalone mode, a page that refuses eval) it says why, and offers the call to copy instead.
 */
import { useMemo, useRef } from 'preact/hooks'
import type { TryReason } from '../../core/try-fix/verdict'
import { useEnv } from '../context'
import { visible } from '../text'
import { tryFixLinkFor, useTry } from '../try-fix-link'
import { CopyButton } from '../ui/copy-button'
import { TryFixDialog } from './try-fix-dialog'

const WHY: Record<TryReason, string | null> = {
  answered: null,
  'redirect-not-followed': 'ui_try_why_redirect_not_followed',
  'redirect-changes-method': 'ui_try_why_redirect_changes_method',
  'unreadable-in-page': 'ui_try_why_unreadable_in_page',
  'no-answer': 'ui_try_why_no_answer',
  'not-seen': 'ui_try_why_not_seen',
}

const REFUSED = {
  'no-call': 'ui_try_no_call',
  'not-found': 'ui_try_gone',
  'no-reply': 'ui_try_no_reply',
} as const

interface Props {
  fid: string
  /** The fetch snippet, offered to copy where the page cannot run the call. */
  fetchCode: string | undefined
}

export function TryFix({ fid, fetchCode }: Props) {
  const { t, mode, tabId, send } = useEnv()
  const link = useMemo(() => (tabId === null ? null : tryFixLinkFor(tabId, send)), [tabId, send])
  const entry = useTry(link, fid)
  const button = useRef<HTMLButtonElement>(null)
  const why = mode === 'standalone' ? 'ui_try_standalone' : link === null ? 'ui_try_no_tab' : null
  const busy = entry.phase === 'preparing' || entry.phase === 'confirm' || entry.phase === 'sending'
  return (
    <div class="try-fix" data-try-phase={entry.phase}>
      <div class="try-row">
        <button
          ref={button}
          type="button"
          class="btn small"
          title={t('ui_try_fix_title')}
          disabled={why !== null}
          // Busy, it stays focusable (focus comes back to it from the dialog) but does nothing.
          aria-disabled={busy ? 'true' : undefined}
          aria-describedby={why ? `md-try-why-${fid}` : undefined}
          onClick={() => {
            if (!busy) link?.prepare(fid)
          }}
          data-try-button
        >
          {t('ui_try_fix')}
        </button>
        <span aria-live="polite" class="try-status">
          {entry.phase === 'preparing' && <span class="dim">{t('ui_try_preparing')}</span>}
          {entry.phase === 'sending' && <span class="dim">{t('ui_try_sending')}</span>}
          {entry.phase === 'done' && <Verdict entry={entry} />}
        </span>
      </div>
      {why && (
        <p class="dim" id={`md-try-why-${fid}`} data-try-why>
          {t(why)}
        </p>
      )}
      {entry.phase === 'refused' && <p class="dim">{t(REFUSED[entry.reason])}</p>}
      {entry.phase === 'expired' && <p class="dim">{t('ui_try_expired')}</p>}
      {entry.phase === 'cannot-run' && (
        <div class="try-cannot" data-try-cannot>
          <p>{t('ui_try_cannot_run', { reason: visible(entry.reason) })}</p>
          {fetchCode !== undefined && <CopyButton text={() => fetchCode} label={t('ui_copy')} />}
        </div>
      )}
      {entry.phase === 'done' && <Answer entry={entry} />}
      {entry.phase === 'confirm' && link && (
        <TryFixDialog
          view={entry.view}
          onSend={(body) => link.confirm(fid, body)}
          onCancel={() => link.cancel(fid)}
          returnFocus={button}
        />
      )}
    </div>
  )
}

type Done = Extract<ReturnType<typeof useTry>, { phase: 'done' }>

function Verdict({ entry }: { entry: Done }) {
  const { t } = useEnv()
  const { verdict } = entry
  const params = { method: visible(verdict.method), status: String(verdict.status) }
  const text =
    verdict.outcome === 'verified'
      ? t('ui_try_verified', params)
      : verdict.outcome === 'failing'
        ? t('ui_try_failing', params)
        : verdict.status === 0
          ? t('ui_try_unknown_none', params)
          : t('ui_try_unknown', params)
  return (
    <strong class={`try-verdict ${verdict.outcome}`} data-try-verdict={verdict.outcome}>
      {text}
    </strong>
  )
}

function Answer({ entry }: { entry: Done }) {
  const { t } = useEnv()
  const { verdict, answer } = entry
  const why = WHY[verdict.reason]
  return (
    <div class="try-answer">
      {why && <p class="dim">{t(why, { status: String(verdict.status) })}</p>}
      {verdict.outcome === 'failing' && <p class="dim">{t('ui_try_new_finding')}</p>}
      {answer && (
        <details>
          <summary>{t('ui_try_answer')}</summary>
          <pre class="code">
            <code>
              {visible(`${answer.status} ${answer.statusText}`.trim())}
              {answer.headers.map(([n, v]) => `\n${visible(n)}: ${visible(v)}`).join('')}
              {answer.body ? `\n\n${visible(answer.body, true)}` : ''}
            </code>
          </pre>
        </details>
      )}
    </div>
  )
}
