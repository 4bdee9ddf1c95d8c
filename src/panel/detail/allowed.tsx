/**
 * Method used beside the allowed methods, then every source on its own line: the route's lists
 * and the CORS list are never merged, and "unknown" is said plainly.
 */
import type { Finding } from '../../core/types'
import { useEnv } from '../context'
import { middle, visible } from '../text'
import { Chips } from '../ui/bits'
import { allowedChips, usedMethod } from '../view-model'
import { TextList } from './texts'

export function AllowedView({ f }: { f: Finding }) {
  const { t, tr } = useEnv()
  const used = usedMethod(f)
  const known = f.allowed.methods
  return (
    <div class="allowed">
      <dl class="kv">
        <dt>{t('rpt_used')}</dt>
        <dd>
          <Chips chips={allowedChips(f).filter((c) => c.method === used && c.state !== 'unknown')} />
          {known !== null && !known.includes(used) && (
            <span class="verdict bad">{t('ui_used_not_allowed')}</span>
          )}
        </dd>
        <dt>{t('rpt_allowed')}</dt>
        <dd>
          {known === null ? (
            <span class="unknown-text">{t('ui_allowed_unknown_plain')}</span>
          ) : known.length === 0 ? (
            <span class="unknown-text">{t('ui_allowed_none')}</span>
          ) : (
            <Chips chips={known.map((m) => ({ method: m, state: 'allowed' as const }))} />
          )}
        </dd>
      </dl>
      {f.allowed.sources.length > 0 && (
        <table class="sources">
          <caption class="sr-only">{t('rpt_sources')}</caption>
          <tbody>
            {f.allowed.sources.map((s, i) => (
              <tr key={i} class={s.source === 'probe-cors' ? 'src-cors' : undefined} data-source={s.source}>
                <th scope="row">
                  {t(`src_${s.source.replace(/-/g, '_')}`)}
                  {s.source === 'probe-cors' && <span class="tag">{t('ui_cors_tag')}</span>}
                </th>
                <td>
                  <Chips chips={s.methods.map((m) => ({ method: m, state: 'allowed' as const }))} />
                  {s.methods.length === 0 && <span class="dim">{t('ui_none')}</span>}
                </td>
                <td class="dim mono">{s.detail ? visible(s.detail) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {/* "Unknown" is already said above, in words. */}
      <TextList
        tr={tr}
        items={known === null ? f.allowed.notes.filter((n) => n.id !== 'note_unknown') : f.allowed.notes}
      />
      {f.framework && (
        <p class="framework">
          <span class="k">{t(f.framework.passThrough ? 'rpt_relay' : 'rpt_server')}:</span>{' '}
          <strong>{visible(f.framework.name)}</strong>{' '}
          <span class="tag">
            {t(f.framework.passThrough ? 'ui_role_relay' : `ui_role_${f.framework.role}`)}
          </span>
          {f.framework.evidence.slice(0, 6).map((e, i) => (
            <span key={i} class="signal mono" title={visible(e)}>
              {middle(visible(e), 60)}
            </span>
          ))}
        </p>
      )}
    </div>
  )
}
