/**
 * `?grant=<origin>&site=<site>&tab=<id>`: Firefox cannot request permissions from a DevTools
 * panel, so the panel opens this page in a tab. The click grants host access and, for an origin
 * other than the inspected site, approves that (site, origin) pair; then it tells that tab's
 * devtools page.
 */
import { useState } from 'preact/hooks'
import type { Translator } from '../core/i18n'
import { canonicalOrigin } from '../core/url'
import { tabAdapter } from './connection'
import { approveAfterGrant, needsApproval } from './detail/permission'
import { requestOrigins } from './platform'
import { hostOf } from './text'
import { IconKey } from './ui/icons'
import { originPattern } from './view-model'

/** The inspected site the grant is for, from this page's own query; '' when absent or not an origin. */
function siteParam(): string {
  const site = new URLSearchParams(location.search).get('site')
  return site !== null && canonicalOrigin(site) !== null ? site : ''
}

export function GrantPage({ origin, tabId, tr }: { origin: string; tabId: number | null; tr: Translator }) {
  const t = tr.msg
  const [result, setResult] = useState<'granted' | 'denied' | null>(null)
  const pattern = originPattern(origin)
  const host = hostOf(origin)
  const site = siteParam()
  return (
    <main class="grant">
      <h1>{t('ui_grant_title', { host })}</h1>
      {pattern === null ? (
        <p role="alert">{t('ui_grant_invalid')}</p>
      ) : (
        <>
          <p>
            {needsApproval(origin, site)
              ? t('ui_perm_other_origin', { host, site: hostOf(site) })
              : t('ui_perm_why', { host })}
          </p>
          <p class="dim">{t('ui_perm_adds')}</p>
          <p>
            <button
              type="button"
              class="btn primary"
              disabled={result === 'granted'}
              onClick={() =>
                void requestOrigins([pattern])
                  .then((granted) => approveAfterGrant(origin, site, granted))
                  .then((ok) => {
                    setResult(ok ? 'granted' : 'denied')
                    if (ok && tabId !== null) {
                      const link = tabAdapter(tabId)
                      link.send({ type: 'panel/permissions-changed' })
                      link.close()
                    }
                  })
              }
            >
              <IconKey />
              {t('ui_perm_allow', { host })}
            </button>
          </p>
          {result && (
            <p role="status" class={result === 'granted' ? 'ok' : 'dim'}>
              {t(result === 'granted' ? 'ui_grant_done' : 'ui_perm_denied')}
            </p>
          )}
        </>
      )}
    </main>
  )
}
