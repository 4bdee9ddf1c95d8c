/**
 * "Read the API description": the devtools page asks the worker to GET the origin's OpenAPI
 * document (or takes a file the user picks) and re-checks the findings against it.
 */
import { useState } from 'preact/hooks'
import {
  DESCRIPTION_MAX_ALIAS_VALUES,
  DESCRIPTION_MAX_ALIASES,
  DESCRIPTION_MAX_DEPTH,
  DESCRIPTION_MAX_YAML_TOKENS,
  DESCRIPTION_PARSE_BUDGET_MS,
  OPENAPI_MAX_BYTES,
} from '../../core/openapi'
import type { ApiDescriptionStatus } from '../../shared/messages'
import { useEnv } from '../context'

/** The limits a description can hit get a sentence of their own; other reasons show their code. */
const LIMITS: Record<string, [id: string, params: Record<string, string>]> = {
  'too-large': ['ui_api_reason_too_large', { max: String(OPENAPI_MAX_BYTES / 1048576) }],
  'too-deep': ['ui_api_reason_too_deep', { max: String(DESCRIPTION_MAX_DEPTH) }],
  aliases: [
    'ui_api_reason_aliases',
    { aliases: String(DESCRIPTION_MAX_ALIASES), values: String(DESCRIPTION_MAX_ALIAS_VALUES) },
  ],
  'too-many-tokens': ['ui_api_reason_too_many_tokens', { max: String(DESCRIPTION_MAX_YAML_TOKENS) }],
  'too-slow': ['ui_api_reason_too_slow', { seconds: String(DESCRIPTION_PARSE_BUDGET_MS / 1000) }],
}

const MAX_FILE = 5 * 1024 * 1024

export function ApiDescriptionView({
  origin,
  status,
}: {
  origin: string
  status: ApiDescriptionStatus | undefined
}) {
  const { t, send, mode } = useEnv()
  const [local, setLocal] = useState<string | null>(null)
  if (mode === 'standalone' || origin === '') return <p class="dim">{t('ui_api_standalone')}</p>
  const read = () => {
    setLocal(null)
    send({ type: 'panel/read-api-description', origin })
  }
  const readUrl = (e: Event) => {
    e.preventDefault()
    // Read at submit time: Enter right after typing must not see a stale value.
    const given =
      (
        (e.currentTarget as HTMLFormElement).elements.namedItem('url') as HTMLInputElement | null
      )?.value.trim() ?? ''
    let parsed: URL | null = null
    try {
      parsed = new URL(given)
    } catch {}
    // Only a plain http(s) address; the worker applies the same limits as to a discovered one.
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      setLocal(t('ui_api_url_invalid'))
      return
    }
    setLocal(null)
    send({ type: 'panel/read-api-description', origin, url: parsed.href })
  }
  const pick = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement
    const file = input.files?.[0]
    input.value = ''
    if (!file) return
    if (file.size > MAX_FILE) {
      setLocal(t('ui_api_file_too_large', { name: file.name, max: '5 MB' }))
      return
    }
    try {
      const text = await file.text()
      setLocal(null)
      send({ type: 'panel/api-description-text', origin, name: file.name, text })
    } catch {
      setLocal(t('ui_api_file_unreadable', { name: file.name }))
    }
  }
  const reasonText = (reason: string) => {
    const limit = Object.hasOwn(LIMITS, reason) ? LIMITS[reason] : undefined
    return limit ? t(limit[0], limit[1]) : reason
  }
  const state = status?.state
  return (
    <div class="api-description" data-api-state={state ?? 'none'}>
      <p class="dim">{t('ui_api_hint')}</p>
      <div class="row-actions">
        <button
          type="button"
          class="btn small"
          data-action="read-api-description"
          disabled={state === 'loading'}
          onClick={read}
        >
          {t('ui_api_read')}
        </button>
        <label class="btn small">
          {t('ui_api_file')}
          <input
            type="file"
            class="sr-only"
            accept=".json,.yaml,.yml,application/json"
            onChange={(e) => void pick(e)}
          />
        </label>
      </div>
      <form class="row-actions api-url" onSubmit={readUrl}>
        <input
          type="url"
          class="input small mono"
          data-input="api-description-url"
          placeholder={`${origin}/openapi.json`}
          aria-label={t('ui_api_url_label')}
          name="url"
        />
        <button
          type="submit"
          class="btn small"
          data-action="read-api-description-url"
          disabled={state === 'loading'}
        >
          {t('ui_api_url_read')}
        </button>
      </form>
      {local !== null && (
        <p class="warn" role="alert" data-api-local-error>
          {local}
        </p>
      )}
      {state === 'loading' && <p>{t('ui_api_loading')}</p>}
      {state === 'loaded' && (
        <p data-api-source={status?.source}>
          {t('ui_api_loaded', {
            source: status?.source ?? '',
            paths: String(status?.paths ?? 0),
            title: status?.title ? `, ${status.title}` : '',
          })}
        </p>
      )}
      {(state === 'not-found' || state === 'error') && (
        <p class="warn">
          {t(state === 'not-found' ? 'ui_api_not_found' : 'ui_api_error', {
            reason: reasonText(status?.reason ?? ''),
          })}
        </p>
      )}
      {status?.tried && status.tried.length > 0 && (
        <ul class="tried">
          {status.tried.map((x) => (
            <li key={x.url}>
              <code>GET {x.url}</code> → {x.status === 0 ? t('ui_api_no_answer') : x.status}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
