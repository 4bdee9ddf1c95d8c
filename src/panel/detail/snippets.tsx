/** Corrected calls (curl / fetch / httpx) as tabs, each with a Copy button, and Try the fix. */
import { useState } from 'preact/hooks'
import type { Snippet } from '../../core/types'
import { useEnv } from '../context'
import { visible } from '../text'
import { CopyButton } from '../ui/copy-button'
import { TryFix } from './try-fix'

const TAB_LABEL: Record<Snippet['lang'], string> = {
  curl: 'ui_snippet_curl',
  fetch: 'ui_snippet_fetch',
  httpx: 'ui_snippet_httpx',
}

export function Snippets({ snippets, fid }: { snippets: readonly Snippet[]; fid: string }) {
  const { t } = useEnv()
  const [pick, setPick] = useState<Snippet['lang']>('curl')
  const active = snippets.find((s) => s.lang === pick) ?? snippets[0]
  if (!active) return <p class="dim">{t('ui_no_snippet')}</p>
  const idOf = (lang: string, part: string): string => `md-snip-${fid}-${lang}-${part}`
  const focusTab = (lang: string): void => document.getElementById(idOf(lang, 'tab'))?.focus()
  const onKey = (e: KeyboardEvent, i: number): void => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0
    if (step === 0) return
    e.preventDefault()
    const next = snippets[(i + step + snippets.length) % snippets.length]!
    setPick(next.lang)
    focusTab(next.lang)
  }
  return (
    <div class="snippets">
      <div class="tabs-row">
        <div class="tabs" role="tablist" aria-label={t('rpt_snippet')}>
          {snippets.map((s, i) => (
            <button
              key={s.lang}
              type="button"
              role="tab"
              id={idOf(s.lang, 'tab')}
              aria-selected={s === active ? 'true' : 'false'}
              aria-controls={s === active ? idOf(s.lang, 'panel') : undefined}
              tabIndex={s === active ? 0 : -1}
              class="tab"
              onClick={() => setPick(s.lang)}
              onKeyDown={(e) => onKey(e, i)}
            >
              {t(TAB_LABEL[s.lang])}
            </button>
          ))}
        </div>
        <CopyButton
          text={() => active.code}
          label={t('ui_copy')}
          ariaLabel={t('ui_copy_snippet', { lang: t(TAB_LABEL[active.lang]) })}
        />
      </div>
      <div role="tabpanel" id={idOf(active.lang, 'panel')} aria-labelledby={idOf(active.lang, 'tab')}>
        <pre class="code">
          <code>{visible(active.code, true)}</code>
        </pre>
      </div>
      <TryFix fid={fid} fetchCode={snippets.find((s) => s.lang === 'fetch')?.code} />
    </div>
  )
}
