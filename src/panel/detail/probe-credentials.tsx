/**
 * The opt-in for credentialed probes, for one (inspected site, target origin) pair: a choice made
 * while inspecting one site never sends cookies for probes another site's page caused. Off by
 * default; turning it on or off saves the choice (the worker reads it before every probe
 * request) and probes this endpoint again under it.
 */
import { useEffect, useState } from 'preact/hooks'
import { useEnv } from '../context'
import { hasChoice, setChoice } from '../probe-choices'
import { hostOf } from '../text'

export function ProbeCredentials({
  origin,
  site,
  endpoint,
}: {
  origin: string
  site: string
  endpoint: string
}) {
  const { t, send } = useEnv()
  const [on, setOn] = useState<boolean | null>(null)
  useEffect(() => {
    let live = true
    if (site !== '') void hasChoice('credentials', site, origin).then((v) => live && setOn(v))
    return () => {
      live = false
    }
  }, [site, origin])
  // Without a known inspected site there is no pair to tie the choice to.
  if (on === null || site === '') return null
  const host = hostOf(origin)
  const toggle = async (next: boolean): Promise<void> => {
    // Show what was stored, not what was asked: a full list keeps its first pairs.
    setOn(await setChoice('credentials', site, origin, next))
    send({ type: 'panel/probe-again', endpoint })
  }
  return (
    <div class="cred" data-credentials={on ? 'on' : 'off'} data-site={site}>
      <label>
        <input
          type="checkbox"
          checked={on}
          data-action="probe-credentials"
          onChange={(e) => void toggle((e.currentTarget as HTMLInputElement).checked)}
        />{' '}
        {t('ui_cred_toggle', { host, site: hostOf(site) })}
      </label>
      <p class={on ? 'hint warn' : 'hint'}>{t(on ? 'ui_cred_on' : 'ui_cred_off', { site: hostOf(site) })}</p>
    </div>
  )
}
