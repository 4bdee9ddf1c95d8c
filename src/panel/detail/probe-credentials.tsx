/**
 * The per-origin opt-in for credentialed probes. Off by default; turning it on or off saves the
 * choice (the worker reads it before every probe) and probes this endpoint again under it.
 */
import { useEffect, useState } from 'preact/hooks'
import { CREDENTIALS_KEY, parseCredentialOrigins, withCredentialOrigin } from '../../shared/probe-credentials'
import { useEnv } from '../context'
import { storageGet, storageSet } from '../platform'
import { hostOf } from '../text'

export function ProbeCredentials({ origin, endpoint }: { origin: string; endpoint: string }) {
  const { t, send } = useEnv()
  const [on, setOn] = useState<boolean | null>(null)
  useEffect(() => {
    let live = true
    void storageGet(CREDENTIALS_KEY).then((v) => live && setOn(parseCredentialOrigins(v).has(origin)))
    return () => {
      live = false
    }
  }, [origin])
  if (on === null) return null
  const host = hostOf(origin)
  const toggle = async (next: boolean): Promise<void> => {
    // Re-read: another panel may have changed the list since this one loaded it.
    const current = parseCredentialOrigins(await storageGet(CREDENTIALS_KEY))
    await storageSet(CREDENTIALS_KEY, withCredentialOrigin(current, origin, next))
    // Show what was stored, not what was asked: a full list keeps its first origins.
    setOn(parseCredentialOrigins(await storageGet(CREDENTIALS_KEY)).has(origin))
    send({ type: 'panel/probe-again', endpoint })
  }
  return (
    <div class="cred" data-credentials={on ? 'on' : 'off'}>
      <label>
        <input
          type="checkbox"
          checked={on}
          data-action="probe-credentials"
          onChange={(e) => void toggle((e.currentTarget as HTMLInputElement).checked)}
        />{' '}
        {t('ui_cred_toggle', { host })}
      </label>
      <p class={on ? 'hint warn' : 'hint'}>{t(on ? 'ui_cred_on' : 'ui_cred_off')}</p>
    </div>
  )
}
