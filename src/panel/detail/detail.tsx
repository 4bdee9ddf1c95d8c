/** The selected finding, explained: a region with a heading and collapsible sections. */
import type { Finding } from '../../core/types'
import { originOf } from '../../core/url'
import type { ApiDescriptionStatus, ProbeStatus } from '../../shared/messages'
import { useEnv } from '../context'
import { findingMarkdownText } from '../export'
import { safeHref, visible } from '../text'
import { Severity, UrlText } from '../ui/bits'
import { CopyButton } from '../ui/copy-button'
import { IconBack, IconClose, IconExternal } from '../ui/icons'
import { kindKey, splitFixes } from '../view-model'
import { AllowedView } from './allowed'
import { ApiDescriptionView } from './api-description'
import { ChainView } from './chain'
import { ProbeView } from './probe'
import { Section } from './section'
import { Snippets } from './snippets'
import { renderText, TextList } from './texts'

interface Props {
  f: Finding
  probe: ProbeStatus | undefined
  description?: ApiDescriptionStatus | undefined
  onClose: () => void
  headingRef: { current: HTMLHeadingElement | null }
}

const EVSRC = (source: string): string => `evsrc_${source}`

export function Detail({ f, probe, description, onClose, headingRef }: Props) {
  const { t, tr, lang, narrow } = useEnv()
  const k = kindKey(f.kind)
  const fixes = splitFixes(f.fixes)
  const serverFixes = fixes.server.map((x) => renderText(tr, x)).filter((x) => x !== null)
  const links = [
    { label: t('ui_link_rfc'), href: safeHref(f.links.rfc) },
    { label: t('ui_link_mdn'), href: safeHref(f.links.mdn) },
  ]
  const when =
    Number.isFinite(f.lastSeen) && f.lastSeen > 1e11 ? new Date(f.lastSeen).toLocaleTimeString(lang) : null
  return (
    <section class="detail" aria-labelledby="md-detail-title" data-id={f.id} data-kind={f.kind}>
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
          {t(`kind_${k}_title`)}
        </h2>
        <span class="grow" />
        <CopyButton text={() => findingMarkdownText(f, lang)} label={t('ui_copy_md')} />
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
        <p class="summary">{visible(t(`kind_${k}_summary`, { method: f.request.method }))}</p>
        <p class="req mono">
          <span class="m">{visible(f.request.method)}</span>{' '}
          <UrlText url={f.request.url} pathMax={400} queryMax={400} />
        </p>
        <p class="meta">
          {f.count > 1 && <span class="badge">{t('ui_seen_times', { count: String(f.count) })}</span>}
          {when && <span class="dim">{t('ui_last_seen', { time: when })}</span>}
        </p>

        <Section id="allowed" title={t('ui_sec_methods')}>
          <AllowedView f={f} />
        </Section>
        <Section id="chain" title={t(f.chain.length > 1 ? 'rpt_chain' : 'ui_sec_request')}>
          <ChainView chain={f.chain} />
        </Section>
        {f.causes.length > 0 && (
          <Section id="causes" title={t('rpt_causes')}>
            <TextList tr={tr} items={f.causes} ordered />
          </Section>
        )}
        <Section id="fix" title={t('rpt_fixes')}>
          <TextList tr={tr} items={fixes.client} />
          {serverFixes.length > 0 && (
            <div class="server-fix">
              <h4>
                {f.framework
                  ? t('ui_server_fix_for', { name: visible(f.framework.name) })
                  : t('ui_server_fix')}
              </h4>
              {serverFixes.map((s, i) => (
                <p key={i} title={s?.title}>
                  {s?.text}
                </p>
              ))}
            </div>
          )}
        </Section>
        <Section id="snippets" title={t('rpt_snippet')}>
          <Snippets snippets={f.snippets} fid={f.id} />
        </Section>
        <Section id="evidence" title={t('rpt_evidence')}>
          <ul class="evidence">
            {f.evidence.map((e, i) => {
              const s = renderText(tr, e)
              return (
                s && (
                  <li key={i} title={s.title} data-source={e.source}>
                    <span class="tag">{t(EVSRC(e.source))}</span> {s.text}
                  </li>
                )
              )
            })}
          </ul>
        </Section>
        <Section id="probe" title={t('ui_sec_probe')}>
          <ProbeView f={f} status={probe} />
        </Section>
        <Section id="api-description" title={t('ui_sec_api')}>
          <ApiDescriptionView
            origin={originOf(f.chain[f.chain.length - 1]?.url ?? f.request.url)}
            status={description}
          />
        </Section>
        {f.prevention.length > 0 && (
          <Section id="prevention" title={t('rpt_prevention')}>
            <TextList tr={tr} items={f.prevention} />
          </Section>
        )}
        <Section id="links" title={t('rpt_links')}>
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
        </Section>
      </div>
    </section>
  )
}
