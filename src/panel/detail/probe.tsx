/**
 * The discovery probe for this finding's endpoint: its state, "Probe again", each step sent
 * (OPTIONS / HEAD / GET, status, Allow, time) and what the ladder concluded about the path.
 */
import { pathVerdict } from '../../core/probe/ladder'
import type { Finding, ProbeStep } from '../../core/types'
import type { ProbeStatus } from '../../shared/messages'
import { useEnv } from '../context'
import { middle, visible } from '../text'
import { UrlText } from '../ui/bits'
import { IconRefresh } from '../ui/icons'
import { Permission, RevokeAccess, StopProbing } from './permission'
import { ProbeCredentials } from './probe-credentials'

const OUTCOME: Record<ProbeStep['outcome'], string> = {
  answered: 'ui_outcome_answered',
  timeout: 'ui_outcome_timeout',
  'network-error': 'ui_outcome_network_error',
  refused: 'ui_outcome_refused',
  'no-permission': 'ui_outcome_no_permission',
  skipped: 'ui_outcome_skipped',
}

const REASONS: Record<string, string> = {
  'not-observed': 'ui_reason_not_observed',
  'not-http': 'ui_reason_not_http',
  'no-permission': 'ui_reason_no_permission',
  'not-approved': 'ui_reason_not_approved',
  invalid: 'ui_reason_invalid',
  'worker-restarted': 'ui_reason_worker_restarted',
  'redirect-hidden': 'ui_reason_redirect_hidden',
  'credentials-changed': 'ui_reason_credentials_changed',
  'rate-limit': 'ui_reason_rate_limit',
}

function Steps({ steps }: { steps: readonly ProbeStep[] }) {
  const { t } = useEnv()
  return (
    <table class="steps">
      <thead>
        <tr>
          <th scope="col">{t('ui_step_sent')}</th>
          <th scope="col">{t('ui_step_status')}</th>
          <th scope="col">{t('ui_step_allow')}</th>
          <th scope="col">{t('ui_step_time')}</th>
        </tr>
      </thead>
      <tbody>
        {steps.map((s, i) => {
          const allow = s.headers.allow
          const acam = s.headers['access-control-allow-methods']
          return (
            <tr key={i} data-step={s.method}>
              <td class="mono">{s.method}</td>
              <td class="mono">
                {s.outcome === 'answered' ? s.status : t(OUTCOME[s.outcome] ?? 'ui_outcome_answered')}
                {s.reason ? (
                  <span class="dim"> ({REASONS[s.reason] ? t(REASONS[s.reason]!) : visible(s.reason)})</span>
                ) : null}
              </td>
              <td class="mono">
                {allow !== undefined ? middle(visible(allow), 80) : <span class="dim">—</span>}
                {acam !== undefined && (
                  <span class="dim" title={t('src_probe_cors')}>
                    {' '}
                    {t('ui_cors_tag')}: {middle(visible(acam), 80)}
                  </span>
                )}
                {s.location && (
                  <span class="dim">
                    {' '}
                    → <UrlText url={s.location} pathMax={60} />
                  </span>
                )}
              </td>
              <td class="mono num">{t('ui_ms', { ms: String(Math.round(s.durationMs)) })}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

export function ProbeView({ f, status }: { f: Finding; status: ProbeStatus | undefined }) {
  const { t, send, mode, tabId } = useEnv()
  const live = mode !== 'standalone'
  const endpoint = status?.endpoint
  const again = endpoint !== undefined && (
    <button
      type="button"
      class="btn small"
      onClick={() => send({ type: 'panel/probe-again', endpoint })}
      disabled={status?.state === 'pending'}
      data-action="probe-again"
    >
      <IconRefresh />
      {t('ui_probe_again')}
    </button>
  )
  if (!live) return <p class="dim">{t('ui_probe_standalone')}</p>
  if (!status) return <p class="dim">{t('ui_probe_none')}</p>
  const steps = status.result?.steps ?? []
  const site = status.site ?? ''
  // Refused for want of the user's click on another origin: say that, not "no access".
  const stateKey =
    status.state === 'no-permission' && status.reason === 'not-approved'
      ? 'ui_probe_state_not_approved'
      : `ui_probe_state_${status.state.replace(/-/g, '_')}`
  // An OPTIONS that named the methods ends the ladder; "unknown whether the path exists" would
  // then only cast doubt on an answer that needs none.
  const namedMethods =
    steps.length === 1 && steps[0]!.method === 'OPTIONS' && !!steps[0]!.headers.allow?.trim()
  const verdict = steps.length > 0 ? pathVerdict(steps) : null
  const shownVerdict = verdict === 'unknown' && namedMethods ? null : verdict
  return (
    <div class="probe" data-probe-state={status.state}>
      <div class="probe-head">
        <span class={`probe-state ps-${status.state}`} role="status">
          {t(stateKey)}
        </span>
        {status.result?.credentials && (
          <span class="tag" data-sent-with-credentials>
            {t('ui_cred_sent')}
          </span>
        )}
        <span class="grow" />
        {status.state !== 'no-permission' && again}
      </div>
      {status.state === 'no-permission' && (
        <Permission origin={status.origin} site={site} reason={status.reason} tabId={tabId} />
      )}
      {(status.state === 'refused' || status.state === 'error') && status.reason && (
        <p class="dim">{REASONS[status.reason] ? t(REASONS[status.reason]!) : visible(status.reason)}</p>
      )}
      {steps.length > 0 && <Steps steps={steps} />}
      {status.state === 'done' &&
        steps.length === 0 &&
        (f.allowed.sources.some((s) => s.source === 'traffic') ? (
          <p class="dim" data-probe-settled>
            {t('ui_probe_settled_by_traffic')}
          </p>
        ) : (
          <p class="dim">{t('ui_probe_nothing_to_send')}</p>
        ))}
      {shownVerdict && (
        <p class={`verdict v-${shownVerdict}`} data-verdict={shownVerdict}>
          {t(`ui_verdict_${shownVerdict}`)}
        </p>
      )}
      {status.state !== 'no-permission' && endpoint !== undefined && (
        <ProbeCredentials origin={status.origin} site={site} endpoint={endpoint} />
      )}
      {status.state !== 'no-permission' && endpoint !== undefined && (
        <StopProbing origin={status.origin} site={site} endpoint={endpoint} />
      )}
      {status.state === 'done' && <RevokeAccess origin={status.origin} />}
      {f.chain.length > 1 && <p class="hint">{t('ui_probe_final_hop')}</p>}
    </div>
  )
}
