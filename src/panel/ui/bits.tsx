/** Small shared pieces: severity, URLs, method chips, chains. All untrusted text is JSX text. */
import type { ComponentChild } from 'preact'
import { shortLabelKey } from '../../core/kinds'
import type { Finding, Severity as SeverityId } from '../../core/types'
import { useEnv } from '../context'
import { middle, splitUrl, visible } from '../text'
import { type Chip, type HopView, kindKey } from '../view-model'

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

/**
 * A request's finding kinds as small chips, most severe first, each edged in its severity's colour
 * and named in full (with the severity) on hover. A space between chips keeps them apart when read.
 */
export function KindChips({ findings }: { findings: readonly Pick<Finding, 'kind' | 'severity'>[] }) {
  const { t } = useEnv()
  const seen = new Set<string>()
  const chips: { kind: string; severity: SeverityId }[] = []
  for (const f of findings)
    if (!seen.has(f.kind)) {
      seen.add(f.kind)
      chips.push(f)
    }
  const nodes: ComponentChild[] = []
  for (const c of chips) {
    if (nodes.length > 0) nodes.push(' ')
    // A kind from a message is only checked to be a string: an unknown one shows as it is.
    const label = shortLabelKey(c.kind)
    nodes.push(
      <span
        key={c.kind}
        class={`kchip kchip-${c.severity}`}
        data-chip-kind={c.kind}
        title={`${t(`kind_${kindKey(c.kind)}_title`)} (${t(`severity_${c.severity}`)})`}
      >
        {label ? t(label) : visible(c.kind)}
      </span>,
    )
  }
  // Drawn only where the list is too narrow for every chip (panel.css); the chips say it to readers.
  const others = chips.slice(1)
  return (
    <span class="kchips">
      {nodes}
      {others.length > 0 && (
        <span
          class="kmore"
          aria-hidden="true"
          title={others.map((c) => t(`kind_${kindKey(c.kind)}_title`)).join(', ')}
        >
          +{others.length}
        </span>
      )}
    </span>
  )
}
