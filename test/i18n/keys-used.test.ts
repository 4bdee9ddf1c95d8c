/**
 * Every message id is used by some code: a text nobody shows is one nobody reviews, and it drifts.
 * An id counts as used where a source names it whole (`'ui_clear'`, `__MSG_extName__`), or where it
 * is one of the ids a source builds from data (`kind_${kind}_title`): each such family is listed
 * below with the exact values it can take, and its template must still be in the code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FINGERPRINTS } from '../../src/core/fingerprints'
import { FINDING_KINDS } from '../../src/core/kinds'

const ROOT = join(import.meta.dirname, '../..')
const LOCALES = join(ROOT, 'src/locales')

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) return p === LOCALES ? [] : sources(p)
    return /\.(tsx?|html)$/.test(name) ? [p] : []
  })
}

const code = sources(join(ROOT, 'src'))
  .map((p) => readFileSync(p, 'utf8'))
  .join('\n')
const manifest = readFileSync(join(ROOT, 'manifest.json'), 'utf8')

const under = (s: string) => s.replace(/-/g, '_')

/** Ids built from data: the template as the code writes it, and every id it can produce. */
const FAMILIES: { template: string; ids: string[] }[] = [
  {
    template: 'kind_${',
    ids: FINDING_KINDS.flatMap((k) => [`kind_${under(k)}_title`, `kind_${under(k)}_summary`]),
  },
  { template: 'severity_${', ids: ['error', 'warning', 'info'].map((s) => `severity_${s}`) },
  { template: 'status_meaning_${', ids: [301, 302, 303, 307, 308].map((s) => `status_meaning_${s}`) },
  {
    // AllowedSourceKind (src/core/types.ts)
    template: 'src_${s.source',
    ids: ['response-allow', 'probe-allow', 'probe-cors', 'head', 'get', 'traffic', 'openapi'].map(
      (s) => `src_${under(s)}`,
    ),
  },
  {
    // EvidenceSource (src/core/types.ts)
    template: 'evsrc_${',
    ids: ['response', 'request', 'redirect', 'probe', 'traffic', 'openapi', 'fingerprint'].map(
      (s) => `evsrc_${s}`,
    ),
  },
  {
    // fwText's suffixes (src/core/rules/evidence-common.ts); the optional ones exist for some frameworks.
    template: 'fw_${',
    ids: FINGERPRINTS.flatMap((f) =>
      ['fix', 'slash', 'cause', 'redirect'].map((s) => `fw_${under(f.id)}_${s}`),
    ),
  },
  {
    template: 'ev_sent_by_${',
    ids: ['fetch', 'navigation', 'beacon', 'unknown'].map((s) => `ev_sent_by_${s}`),
  },
  {
    // failureClass (src/core/rules/request-failed.ts)
    template: 'cause_failure_${',
    ids: ['aborted', 'connection', 'dns', 'blocked', 'redirect', 'failed'].map((c) => `cause_failure_${c}`),
  },
  {
    template: 'fix_failure_${',
    ids: ['aborted', 'connection', 'dns', 'blocked', 'redirect', 'failed'].map((c) => `fix_failure_${c}`),
  },
  {
    template: 'ui_src_${',
    ids: ['response', 'probe', 'traffic', 'openapi', 'cors'].map((g) => `ui_src_${g}`),
  },
  { template: 'ui_role_${', ids: ['app', 'edge', 'static'].map((r) => `ui_role_${r}`) },
  {
    template: 'ui_probe_state_${',
    ids: ['pending', 'done', 'no_permission', 'refused', 'error'].map((s) => `ui_probe_state_${s}`),
  },
  { template: 'ui_verdict_${', ids: ['exists', 'missing', 'unknown'].map((v) => `ui_verdict_${v}`) },
]

const built = new Set(FAMILIES.flatMap((f) => f.ids))

function named(id: string): boolean {
  const whole = new RegExp(`(?<![A-Za-z0-9_])${id}(?![A-Za-z0-9_])`)
  return whole.test(code) || manifest.includes(`__MSG_${id}__`)
}

/** Every id of src/locales/en, by file. */
const ids = readdirSync(join(LOCALES, 'en')).flatMap((file) =>
  Object.keys(JSON.parse(readFileSync(join(LOCALES, 'en', file), 'utf8')) as object).map((id) => ({
    file,
    id,
  })),
)

describe('message ids', () => {
  it('every id is named by code or built by a listed template', () => {
    expect(ids.length).toBeGreaterThan(300)
    const unused = ids
      .filter(({ id }) => !built.has(id) && !named(id))
      .map(({ file, id }) => `${file}: ${id}`)
    expect(unused).toEqual([])
  })

  it('each listed template is still in the code', () => {
    for (const f of FAMILIES) expect(code.includes(f.template), f.template).toBe(true)
  })

  it('catches a dead id: a key no code names, even one sharing a prefix with a used key', () => {
    // ui_allowed_unknown_hint is used; its prefix ui_allowed_unknown is not a use of another id.
    expect(named('ui_allowed_unknown_hint')).toBe(true)
    expect(named('ui_allowed_unknown')).toBe(false)
    // A template makes only its listed ids used, not anything sharing its prefix.
    expect(built.has('kind_wrong_method_title')).toBe(true)
    expect(built.has('kind_no_such_kind_title')).toBe(false)
  })
})
