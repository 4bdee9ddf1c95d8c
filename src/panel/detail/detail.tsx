/**
 * The selected request, explained: a region with a heading and collapsible sections. What the
 * request's findings share (the request, the methods, the chain, the probe, the API description)
 * is shown once; what each finding says on its own follows, most severe first.
 */
import type { Finding } from '../../core/types'
import { originOf } from '../../core/url'
import type { ApiDescriptionStatus, ProbeStatus } from '../../shared/messages'
import { useEnv } from '../context'
import { findingsMarkdownText } from '../export'
import { type FindingRow, rowCount, rowLastSeen } from '../rows'
import { safeHref, visible } from '../text'
import { Severity, UrlText } from '../ui/bits'
import { CopyButton } from '../ui/copy-button'
import { IconBack, IconClose, IconExternal } from '../ui/icons'
import { kindKey } from '../view-model'
import { AllowedView } from './allowed'
import { ApiDescriptionView } from './api-description'
import { ChainView } from './chain'
import { FindingBlock, sameSnippets } from './finding-block'
import { ProbeView } from './probe'
import { Section } from './section'
import { SentByView } from './sent-by'

interface Props {
  row: FindingRow
  /** The row's whole findings, in its order (full-findings.ts). */
  findings: readonly Finding[]
  /** The probe of the most severe finding's endpoint. */
  probe: ProbeStatus | undefined
  description?: ApiDescriptionStatus | undefined
  onClose: () => void
  headingRef: { current: HTMLHeadingElement | null }
}

export function Detail({ row, findings, probe, description, onClose, headingRef }: Props) {
  const { t, lang, narrow } = useEnv()
  const f = findings[0]!
  const several = findings.length > 1
  const seen = rowCount(row)
  const last = rowLastSeen(row)
  const when = last > 1e11 ? new Date(last).toLocaleTimeString(lang) : null
  const summary = (x: Finding): string =>
    visible(t(`kind_${kindKey(x.kind)}_summary`, { method: x.request.method }))
  return (
    <section
      class="detail"
      aria-labelledby="md-detail-title"
      data-id={row.id}
      data-kind={f.kind}
      data-kinds={row.kinds.join(' ')}
    >
      <div class="detail-head">
        {narrow && (
          <button
            type="button"
            class="tb-btn"
            onClick={onClose}
            aria-label={t('ui_back')}
            title={t('ui_back')}
          >
            <IconBack />
          </button>
        )}
        <Severity severity={f.severity} />
        <h2 id="md-detail-title" ref={headingRef} tabIndex={-1}>
          {t(`kind_${kindKey(f.kind)}_title`)}
          {several && (
            <span class="h-more"> {t('ui_detail_more', { count: String(findings.length - 1) })}</span>
          )}
        </h2>
        <span class="grow" />
        <CopyButton text={() => findingsMarkdownText(findings, lang)} label={t('ui_copy_md')} />
        {!narrow && (
          <button
            type="button"
            class="tb-btn"
            onClick={onClose}
            aria-label={t('ui_close_detail')}
            title={t('ui_close_detail')}
          >
            <IconClose />
          </button>
        )}
      </div>
      <div class="detail-body">
        {several ? (
          <ul class="overview" aria-label={t('ui_detail_findings', { count: String(findings.length) })}>
            {findings.map((x) => (
              <li key={x.id} data-finding-kind={x.kind}>
                <Severity severity={x.severity} />
                <span>
                  <strong>{t(`kind_${kindKey(x.kind)}_title`)}</strong>
                  {' — '}
                  {summary(x)}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p class="summary">{summary(f)}</p>
        )}
        <p class="req mono">
          <span class="m">{visible(f.request.method)}</span>{' '}
          <UrlText url={f.request.url} pathMax={400} queryMax={400} />
        </p>
        <p class="meta">
          {seen > 1 && <span class="badge">{t('ui_seen_times', { count: String(seen) })}</span>}
          {when && <span class="dim">{t('ui_last_seen', { time: when })}</span>}
        </p>

        <Section id="allowed" title={t('ui_sec_methods')}>
          <AllowedView f={f} />
        </Section>
        <Section id="chain" title={t(f.chain.length > 1 ? 'rpt_chain' : 'ui_sec_request')}>
          <ChainView chain={f.chain} />
        </Section>
        <Section id="sent-by" title={t('ui_sec_sent_by')}>
          <SentByView f={f} />
        </Section>
        {findings.map((x, i) => (
          <FindingBlock
            key={x.id}
            f={x}
            several={several}
            shownChain={f.chain}
            sameCallsAs={findings.slice(0, i).find((y) => sameSnippets(x.snippets, y.snippets)) ?? null}
            rowCount={seen}
            links={<FindingLinks f={x} />}
          />
        ))}
        <Section id="probe" title={t('ui_sec_probe')}>
          <ProbeView f={f} status={probe} />
        </Section>
        <Section id="api-description" title={t('ui_sec_api')}>
          <ApiDescriptionView
            origin={originOf(f.chain[f.chain.length - 1]?.url ?? f.request.url)}
            status={description}
          />
        </Section>
      </div>
    </section>
  )
}

/** A finding's RFC and MDN links: only http(s), through safeHref. */
function FindingLinks({ f }: { f: Finding }) {
  const { t } = useEnv()
  const links = [
    { label: t('ui_link_rfc'), href: safeHref(f.links.rfc) },
    { label: t('ui_link_mdn'), href: safeHref(f.links.mdn) },
  ]
  return (
    <ul class="links">
      {links.map(
        (l) =>
          l.href && (
            <li key={l.label}>
              {/* biome-ignore lint/plugin/no-url-sinks: l.href is safeHref()'s output (http(s) or null), the one place the panel links to data */}
              <a href={l.href} target="_blank" rel="noopener noreferrer">
                {l.label}
                <IconExternal />
                <span class="sr-only"> {t('ui_new_tab')}</span>
              </a>
            </li>
          ),
      )}
    </ul>
  )
}
