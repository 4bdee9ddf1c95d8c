/**
 * "Read the API description": the devtools page asks the worker to GET the origin's OpenAPI
 * document (or takes a file the user picks) and re-checks the findings against it.
 */
import type { ApiDescriptionStatus } from '../../shared/messages'
import { useEnv } from '../context'

const MAX_FILE = 5 * 1024 * 1024

export function ApiDescriptionView({
  origin,
  status,
}: {
  origin: string
  status: ApiDescriptionStatus | undefined
}) {
  const { t, send, mode } = useEnv()
  if (mode === 'standalone' || origin === '') return <p class="dim">{t('ui_api_standalone')}</p>
  const read = () => send({ type: 'panel/read-api-description', origin })
  const pick = async (e: Event) => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0]
    if (!file || file.size > MAX_FILE) return
    send({ type: 'panel/api-description-text', origin, name: file.name, text: await file.text() })
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
          {t(state === 'not-found' ? 'ui_api_not_found' : 'ui_api_error', { reason: status?.reason ?? '' })}
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
