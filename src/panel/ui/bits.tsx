/** Small shared pieces: severity, URLs, method chips, chains. All untrusted text is JSX text. */
import type { Severity as SeverityId } from '../../core/types'
import { useEnv } from '../context'
import { middle, splitUrl, visible } from '../text'
import type { Chip, HopView } from '../view-model'

/**
 * Icon plus its name for screen readers (and a tooltip). Each severity has its own shape
 * (circle ×, triangle !, circle i), so colour is never the only signal.
 */
export function Severity({ severity, label = true }: { severity: SeverityId; label?: boolean }) {
  const { t } = useEnv()
  const name = t(`severity_${severity}`)
  return (
    <span class="sev" title={name}>
      {/* A CSS background icon: one node per row instead of an SVG tree. */}
      <span class={`sev-i sev-i-${severity}`} aria-hidden="true" />
      {label && <span class="sr-only">{name}</span>}
    </span>
  )
}

/** Origin dimmed, path emphasised, query dim and truncated; the whole URL in the tooltip. */
export function UrlText({
  url,
  pathMax = 160,
  queryMax = 48,
}: {
  url: string
  pathMax?: number
  queryMax?: number
}) {
  const u = splitUrl(url)
  return (
    <bdi class="url" dir="ltr" title={visible(url)}>
      <span class="u-origin">{u.origin}</span>
      <span class="u-path">{middle(u.path, pathMax)}</span>
      {u.query && <span class="u-query">{middle(u.query, queryMax)}</span>}
    </bdi>
  )
}

/** `POST 301 → GET 405`, the changed method marked. */
export function ChainInline({ hops }: { hops: readonly HopView[] }) {
  const { t } = useEnv()
  return (
    <span class="chain">
      {hops.map((h, i) => (
        <span key={i} class="hop">
          {i > 0 && <span class="arrow"> → </span>}
          <span
            class={h.changedFrom ? 'm m-changed' : 'm'}
            title={h.changedFrom ? t('ui_method_changed', { from: h.changedFrom, to: h.method }) : undefined}
          >
            {visible(h.method)}
          </span>{' '}
          <span class={`st st-${Math.floor(h.status / 100)}xx`}>{h.status === 0 ? '—' : h.status}</span>
        </span>
      ))}
    </span>
  )
}

export function Chips({ chips }: { chips: readonly Chip[] }) {
  const { t } = useEnv()
  return (
    <span class="chips">
      {chips.map((c) =>
        c.state === 'unknown' ? (
          <span key="?" class="chip chip-unknown" title={t('ui_allowed_unknown_hint')}>
            {t('ui_unknown')}
          </span>
        ) : (
          <span
            key={c.method}
            class={`chip chip-${c.state}`}
            title={
              c.state === 'rejected'
                ? t('ui_chip_rejected', { method: c.method })
                : c.state === 'used'
                  ? t('ui_chip_used', { method: c.method })
                  : undefined
            }
          >
            {visible(c.method)}
            {c.state === 'rejected' && <span class="sr-only"> {t('ui_not_allowed')}</span>}
          </span>
        ),
      )}
    </span>
  )
}
