/** The redirect chain hop by hop: method, URL, status, Location, what the status does to methods. */
import { statusMeaning } from '../../core/format/labels'
import type { Hop } from '../../core/types'
import { useEnv } from '../context'
import { visible } from '../text'
import { UrlText } from '../ui/bits'
import { hopViews } from '../view-model'

const isRedirect = (s: number): boolean => s >= 300 && s < 400

export function ChainView({ chain }: { chain: readonly Hop[] }) {
  const { t, tr } = useEnv()
  const views = hopViews(chain)
  return (
    <ol class="hops">
      {chain.map((h, i) => {
        const v = views[i]!
        return (
          <li key={i} class="hop-item" data-hop={i}>
            <div class="hop-line">
              <span class="hop-n" aria-hidden="true">
                {i + 1}
              </span>
              <span class={`m mono${v.changedFrom ? ' m-changed' : ''}`}>{visible(h.method)}</span>
              {v.changedFrom && (
                <span
                  class="badge badge-change"
                  title={t('ui_method_changed', { from: v.changedFrom, to: h.method })}
                >
                  {visible(v.changedFrom)} → {visible(h.method)}
                </span>
              )}
              <span class="mono hop-url">
                <UrlText url={h.url} pathMax={200} queryMax={80} />
              </span>
              <span class={`st mono st-${Math.floor(h.status / 100)}xx`}>
                {h.status === 0 ? t('rpt_no_response') : h.status}
                {h.statusText ? ` ${visible(h.statusText)}` : ''}
              </span>
            </div>
            {h.location && (
              <div class="hop-sub mono">
                <span class="k">{t('ui_location')}:</span>{' '}
                <UrlText url={h.location} pathMax={200} queryMax={80} />
              </div>
            )}
            {isRedirect(h.status) && <div class="hop-sub meaning">{statusMeaning(h.status, tr)}</div>}
            {h.error && <div class="hop-sub err">{visible(h.error)}</div>}
          </li>
        )
      })}
    </ol>
  )
}
