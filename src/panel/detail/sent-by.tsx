/**
 * Where the request was sent from: the page's function and file:line (a click opens it in
 * Sources), the whole async stack on demand, the document a form was submitted from; and the
 * request ids the answer carried, to find the server's log line. Every string is the capture's:
 * shown as text only.
 */

import type { SourceFrame } from '../../core/initiator'
import { initiatorText, sourcePlace } from '../../core/initiator-text'
import type { CorrelationId, Finding, FindingInitiator } from '../../core/types'
import { useEnv } from '../context'
import { isFirefox, openInSources } from '../platform'
import { visible } from '../text'
import { CopyButton } from '../ui/copy-button'

/** The last path segments of a script URL, as DevTools' own initiator column shows it. */
export function shortPlace(url: string, line?: number): string {
  let path = url
  try {
    const u = new URL(url)
    path = u.pathname.split('/').filter(Boolean).slice(-2).join('/') || u.host
  } catch {}
  return line ? `${path}:${line}` : path
}

function isInitiator(i: unknown): i is FindingInitiator {
  return typeof i === 'object' && i !== null && typeof (i as FindingInitiator).url === 'string'
}

/** A place DevTools can open: a script or document with a line. */
function PlaceLink({ url, line, column }: { url: string; line?: number; column?: number }) {
  const { t, mode } = useEnv()
  const full = sourcePlace({ url, line: line ?? 0 })
  const label = visible(shortPlace(url, line))
  if (mode !== 'devtools' || !line || !/^https?:\/\//i.test(url))
    return (
      <span class="mono place" title={visible(full)}>
        {label}
      </span>
    )
  return (
    <button
      type="button"
      class="link mono place"
      title={t('ui_open_in_sources', { place: visible(full) })}
      onClick={() => openInSources(url, line, column ?? 1)}
    >
      {label}
    </button>
  )
}

export function SentByView({ f }: { f: Pick<Finding, 'initiator' | 'correlation' | 'request'> }) {
  const { t } = useEnv()
  const i = isInitiator(f.initiator) ? f.initiator : null
  return (
    <div class="sent-by">
      {i ? (
        <InitiatorLine i={i} method={f.request.method} />
      ) : (
        <p class="dim">{t(isFirefox() ? 'ui_sent_by_firefox' : 'ui_sent_by_unknown')}</p>
      )}
      {i?.stack && i.stack.length > 0 && (
        <details class="stack">
          <summary class="stack-toggle">{t('ui_whole_stack')}</summary>
          <ul class="frames">
            {i.stack.map((seg, s) => [
              seg.description && s > 0 ? (
                <li key={`d${s}`} class="async dim">
                  {visible(seg.description)}
                </li>
              ) : null,
              ...seg.frames.map((fr: SourceFrame, k) => (
                <li key={`${s}-${k}`}>
                  <span class="mono fn">{visible(fr.function || t('ui_anonymous_function'))}</span>{' '}
                  {fr.url ? <PlaceLink url={fr.url} line={fr.line} column={fr.column} /> : null}
                </li>
              )),
            ])}
          </ul>
        </details>
      )}
      {f.correlation && f.correlation.length > 0 && <RequestIds ids={f.correlation} />}
    </div>
  )
}

function InitiatorLine({ i, method }: { i: FindingInitiator; method: string }) {
  const { t } = useEnv()
  const text = initiatorText(i)
  // The place is a link inside the sentence: split the translated text around it.
  const marker = '\u0000'
  const [before, after] = t(text.id, { ...text.params, place: marker }).split(marker)
  return (
    <>
      <p class="sent-by-line">
        {visible(before ?? '')}
        <PlaceLink url={i.url} line={i.line} column={i.column} />
        {visible(after ?? '')}
      </p>
      {i.type === 'navigation' && method !== 'GET' && <p class="dim">{t('ui_form_action_hint')}</p>}
    </>
  )
}

function RequestIds({ ids }: { ids: readonly CorrelationId[] }) {
  const { t } = useEnv()
  return (
    <div class="request-ids">
      <span class="k">{t('request_ids')}:</span>
      <ul>
        {ids.map((c) => (
          <li key={`${c.header} ${c.value}`}>
            <code class="mono">
              {visible(c.header)}: {visible(c.value)}
            </code>{' '}
            <CopyButton
              text={() => c.value}
              label={t('ui_copy')}
              ariaLabel={t('ui_copy_id', { header: c.header })}
            />
          </li>
        ))}
      </ul>
    </div>
  )
}
