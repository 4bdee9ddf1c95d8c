/**
 * Optional host access for probing. The click handler calls permissions.request directly:
 * browsers only show the prompt inside the user's gesture. Firefox offers no permissions API
 * in DevTools panels, so there the button opens this page in a tab (`?grant=`), where it works.
 */
import { useEffect, useState } from 'preact/hooks'
import { useEnv } from '../context'
import {
  canQueryPermissions,
  canRequestPermissions,
  hasOrigins,
  openTab,
  removeOrigins,
  requestOrigins,
} from '../platform'
import { hostOf } from '../text'
import { IconKey } from '../ui/icons'
import { isManifestOrigin, originPattern } from '../view-model'

/** This page's URL with `?grant=<origin>&tab=<id>`: the Firefox fallback tab. */
export function grantPageUrl(origin: string, tabId: number | null): string {
  const u = new URL(location.href)
  u.search = `?grant=${encodeURIComponent(origin)}${tabId === null ? '' : `&tab=${tabId}`}`
  u.hash = ''
  return u.href
}

export function Permission({ origin, tabId }: { origin: string; tabId: number | null }) {
  const { t, send } = useEnv()
  const [result, setResult] = useState<'granted' | 'denied' | null>(null)
  const pattern = originPattern(origin)
  const host = hostOf(origin)
  const direct = canRequestPermissions()
  if (!pattern) return null
  const onClick = (): void => {
    if (!direct) {
      openTab(grantPageUrl(origin, tabId))
      return
    }
    // No await before this call: it must run inside the click's user gesture.
    void requestOrigins([pattern]).then((ok) => {
      setResult(ok ? 'granted' : 'denied')
      if (ok) send({ type: 'panel/permissions-changed' })
    })
  }
  return (
    <div class="permission" data-origin={origin}>
      <p>{t('ui_perm_why', { host })}</p>
      <p class="dim">{t('ui_perm_adds')}</p>
      <div class="perm-actions">
        <button type="button" class="btn primary" onClick={onClick} data-action="allow-probing">
          <IconKey />
          {t('ui_perm_allow', { host })}
        </button>
        {result === 'denied' && (
          <span class="dim" role="status">
            {t('ui_perm_denied')}
          </span>
        )}
        {result === 'granted' && (
          <span class="ok" role="status">
            {t('ui_perm_granted')}
          </span>
        )}
      </div>
      <p class="hint">{t(direct ? 'ui_perm_remembered' : 'ui_perm_firefox')}</p>
    </div>
  )
}

/** "Revoke" for an optional origin the user granted earlier (the manifest's own are not revocable). */
export function RevokeAccess({ origin }: { origin: string }) {
  const { t, send } = useEnv()
  const [granted, setGranted] = useState(false)
  const pattern = originPattern(origin)
  const applicable = pattern !== null && !isManifestOrigin(origin) && canQueryPermissions()
  useEffect(() => {
    let live = true
    if (applicable && pattern) void hasOrigins([pattern]).then((ok) => live && setGranted(ok))
    return () => {
      live = false
    }
  }, [applicable, pattern])
  if (!applicable || !granted || !pattern) return null
  return (
    <p class="revoke">
      <span class="dim">{t('ui_perm_has', { host: hostOf(origin) })}</span>{' '}
      <button
        type="button"
        class="linkish"
        onClick={() =>
          void removeOrigins([pattern]).then((ok) => {
            if (!ok) return
            setGranted(false)
            send({ type: 'panel/permissions-changed' })
          })
        }
      >
        {t('ui_perm_revoke')}
      </button>
    </p>
  )
}
