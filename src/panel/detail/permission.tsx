/**
 * The user's click that lets a probe go out: host access (optional host permission) and, for an
 * origin other than the inspected site, the approval of that (site, origin) pair, which the
 * worker reads before each probe. The click handler calls permissions.request directly:
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
import { hasChoice, setChoice } from '../probe-choices'
import { hostOf } from '../text'
import { IconKey } from '../ui/icons'
import { isManifestOrigin, originPattern } from '../view-model'

/** This page's URL with `?grant=<origin>&site=<site>&tab=<id>`: the Firefox fallback tab. */
export function grantPageUrl(origin: string, site: string, tabId: number | null): string {
  const u = new URL(location.href)
  const q = new URLSearchParams({ grant: origin })
  if (site !== '') q.set('site', site)
  if (tabId !== null) q.set('tab', String(tabId))
  u.search = `?${q}`
  u.hash = ''
  return u.href
}

/** The target is another origin than the inspected site: a click approves the pair as well. */
export function needsApproval(origin: string, site: string): boolean {
  return site !== '' && origin !== site
}

/** Records the (site, origin) approval after host access is there; true when nothing more is needed. */
export function approveAfterGrant(origin: string, site: string, granted: boolean): Promise<boolean> {
  if (!granted) return Promise.resolve(false)
  return needsApproval(origin, site) ? setChoice('approval', site, origin, true) : Promise.resolve(true)
}

export function Permission({
  origin,
  site,
  reason,
  tabId,
}: {
  origin: string
  site: string
  reason: string | undefined
  tabId: number | null
}) {
  const { t, send } = useEnv()
  const [result, setResult] = useState<'granted' | 'denied' | null>(null)
  const pattern = originPattern(origin)
  const host = hostOf(origin)
  const direct = canRequestPermissions()
  if (!pattern) return null
  // No http(s) page: nothing is probed for it, and there is no pair to approve.
  if (reason === 'not-approved' && site === '')
    return (
      <div class="permission" data-origin={origin}>
        <p>{t('ui_perm_no_site')}</p>
      </div>
    )
  const pair = needsApproval(origin, site)
  const done = (ok: boolean): void => {
    setResult(ok ? 'granted' : 'denied')
    if (ok) send({ type: 'panel/permissions-changed' })
  }
  const onClick = (): void => {
    if (direct) {
      // No await before this call: it must run inside the click's user gesture.
      void requestOrigins([pattern])
        .then((ok) => approveAfterGrant(origin, site, ok))
        .then(done)
      return
    }
    // Firefox panel: the manifest already grants loopback, so only the pair is missing. A grant
    // it still lacks comes back as no-permission, and that opens the grant tab.
    if (reason === 'not-approved' && isManifestOrigin(origin)) {
      void approveAfterGrant(origin, site, true).then(done)
      return
    }
    openTab(grantPageUrl(origin, site, tabId))
  }
  return (
    <div class="permission" data-origin={origin} data-site={site}>
      <p>{pair ? t('ui_perm_other_origin', { host, site: hostOf(site) }) : t('ui_perm_why', { host })}</p>
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
      <p class="hint">
        {pair && direct
          ? t('ui_perm_pair_remembered', { site: hostOf(site) })
          : t(
              direct || (reason === 'not-approved' && isManifestOrigin(origin))
                ? 'ui_perm_remembered'
                : 'ui_perm_firefox',
            )}
      </p>
    </div>
  )
}

/** "Stop" for an origin the user allowed while inspecting this site: removes that pair only. */
export function StopProbing({ origin, site, endpoint }: { origin: string; site: string; endpoint: string }) {
  const { t, send } = useEnv()
  const [approved, setApproved] = useState(false)
  const applicable = needsApproval(origin, site)
  useEffect(() => {
    let live = true
    if (applicable) void hasChoice('approval', site, origin).then((ok) => live && setApproved(ok))
    return () => {
      live = false
    }
  }, [applicable, site, origin])
  if (!applicable || !approved) return null
  return (
    <p class="revoke" data-approved-pair>
      <span class="dim">{t('ui_perm_pair_has', { host: hostOf(origin), site: hostOf(site) })}</span>{' '}
      <button
        type="button"
        class="linkish"
        data-action="stop-probing"
        onClick={() =>
          void setChoice('approval', site, origin, false).then((still) => {
            setApproved(still)
            // Asked again, the worker refuses: the panel shows the Allow button once more.
            if (!still) send({ type: 'panel/probe-again', endpoint })
          })
        }
      >
        {t('ui_perm_pair_stop')}
      </button>
    </p>
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
