/**
 * What one finding of the selected request says on its own: causes, fixes, the corrected call,
 * evidence, prevention and links. Under its own heading when the request has several findings.
 */
import type { ComponentChild } from 'preact'
import { shortLabelKey } from '../../core/kinds'
import type { Finding, Hop, Snippet } from '../../core/types'
import { useEnv } from '../context'
import { visible } from '../text'
import { Severity } from '../ui/bits'
import { kindKey, splitFixes } from '../view-model'
import { ChainView } from './chain'
import { Section } from './section'
import { Snippets } from './snippets'
import { renderText, TextList } from './texts'

const EVSRC = (source: string): string => `evsrc_${source}`

interface Props {
  f: Finding
  /** The request has several findings: this one gets a heading, its sections sit one level below. */
  several: boolean
  /** The chain the detail already shows: this finding's own is shown only when it differs. */
  shownChain: readonly Hop[]
  /** An earlier finding of the request offers exactly these calls: say so instead of repeating them. */
  sameCallsAs: Finding | null
  /** How many requests the whole row stands for: this finding's own count is shown when it differs. */
  rowCount: number
  /** Its RFC and MDN links, drawn where the panel's one link to data is vetted (detail.tsx). */
  links: ComponentChild
}

export function findingAnchor(f: Finding): string {
  return `md-f-${f.id.replace(/[^A-Za-z0-9_-]/g, '_')}`
}

export function FindingBlock({ f, several, shownChain, sameCallsAs, rowCount, links }: Props) {
  const { t, tr } = useEnv()
  const k = kindKey(f.kind)
  const level = several ? 4 : 3
  const SubHeading = several ? 'h5' : 'h4'
  const fixes = splitFixes(f.fixes)
  const serverFixes = fixes.server.map((x) => renderText(tr, x)).filter((x) => x !== null)
  const heading = `${findingAnchor(f)}-title`
  const same = sameCallsAs ? shortLabelKey(sameCallsAs.kind) : undefined
  return (
    <article
      class={several ? 'finding several' : 'finding'}
      aria-labelledby={several ? heading : undefined}
      data-finding-id={f.id}
      data-finding-kind={f.kind}
    >
      {several && (
        <h3 class="finding-title" id={heading}>
          <Severity severity={f.severity} />
          <span class="finding-name">{t(`kind_${k}_title`)}</span>
          {f.count !== rowCount && f.count > 1 && (
            <span class="badge">{t('ui_seen_times', { count: String(f.count) })}</span>
          )}
        </h3>
      )}
      {several && !sameHops(f.chain, shownChain) && (
        <Section id="chain" level={level} title={t(f.chain.length > 1 ? 'rpt_chain' : 'ui_sec_request')}>
          <ChainView chain={f.chain} />
        </Section>
      )}
      {f.causes.length > 0 && (
        <Section id="causes" level={level} title={t('rpt_causes')}>
          <TextList tr={tr} items={f.causes} ordered />
        </Section>
      )}
      <Section id="fix" level={level} title={t('rpt_fixes')}>
        <TextList tr={tr} items={fixes.client} />
        {serverFixes.length > 0 && (
          <div class="server-fix">
            <SubHeading>
              {f.framework ? t('ui_server_fix_for', { name: visible(f.framework.name) }) : t('ui_server_fix')}
            </SubHeading>
            {serverFixes.map((s, i) => (
              <p key={i} title={s?.title}>
                {s?.text}
              </p>
            ))}
          </div>
        )}
      </Section>
      <Section id="snippets" level={level} title={t('rpt_snippet')}>
        {sameCallsAs && sameSnippets(f.snippets, sameCallsAs.snippets) ? (
          <p class="dim">{t('ui_same_calls_as', { kind: same ? t(same) : visible(sameCallsAs.kind) })}</p>
        ) : (
          <Snippets snippets={f.snippets} fid={f.id} />
        )}
      </Section>
      <Section id="evidence" level={level} title={t('rpt_evidence')}>
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
      {f.prevention.length > 0 && (
        <Section id="prevention" level={level} title={t('rpt_prevention')}>
          <TextList tr={tr} items={f.prevention} />
        </Section>
      )}
      <Section id="links" level={level} title={t('rpt_links')}>
        {links}
      </Section>
    </article>
  )
}

function sameHops(a: readonly Hop[], b: readonly Hop[]): boolean {
  return (
    a.length === b.length &&
    a.every((h, i) => h.method === b[i]!.method && h.url === b[i]!.url && h.status === b[i]!.status)
  )
}

export function sameSnippets(a: readonly Snippet[], b: readonly Snippet[]): boolean {
  return (
    a.length > 0 && a.length === b.length && a.every((s, i) => s.lang === b[i]!.lang && s.code === b[i]!.code)
  )
}
