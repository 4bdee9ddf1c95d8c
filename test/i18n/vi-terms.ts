/**
 * The checks behind vi-terms.test.ts, as pure functions so the test can show each one fails on a
 * planted bad string: the glossary's terms (vi-glossary.json) and code kept as code.
 */

export interface Glossary {
  required: { en: string[]; vi: string[]; unlessEnglish?: string[]; why: string }[]
  forbidden: { vi: string[]; unlessEnglish?: string[]; why: string }[]
  same: { keys: string[]; why: string }[]
  codeExempt: Record<string, string>
}

/** A hyphen or underscore joins a word: `--probe-allow` does not say "probe", `CORS-safelisted` not "safe". */
const WORD = String.raw`[\p{L}\p{N}_-]`

function phrase(p: string): RegExp {
  const prefix = p.endsWith('*')
  const body = (prefix ? p.slice(0, -1) : p)
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/ /g, String.raw`\s+`)
  return new RegExp(`(?<!${WORD})${body}${prefix ? `${WORD}*` : `(?!${WORD})`}`, 'iu')
}

const says = (text: string, phrases: readonly string[] = []): string | undefined =>
  phrases.find((p) => phrase(p).test(text))

/** What is wrong with one Vietnamese string against its English, by the glossary's terms. */
export function termProblems(g: Glossary, en: string, vi: string): string[] {
  const out: string[] = []
  for (const r of g.required) {
    const term = says(en, r.en)
    if (term && !says(en, r.unlessEnglish) && !says(vi, r.vi))
      out.push(
        `English says "${term}": Vietnamese should say ${r.vi.map((v) => `"${v}"`).join(' or ')} (${r.why})`,
      )
  }
  for (const r of g.forbidden) {
    const bad = says(vi, r.vi)
    if (bad && !says(en, r.unlessEnglish)) out.push(`"${bad}": ${r.why}`)
  }
  return out
}

/** Abbreviations that carry a dot and are ordinary words, translated like any other. */
const ABBREVIATIONS = new Set(['e.g', 'i.e', 'etc'])

/**
 * The words of a text that are code: they hold punctuation no prose word holds (`.`, `(`, `[`,
 * `=`, `/`, quotes…) or a camelCase hump. Placeholders (`{method}`) are the placeholder test's;
 * `<…>` metavariables in a command (`<url>`, `<page origin>`) name what the reader fills in, in
 * the reader's language, so they match any `<…>`.
 */
export function codeWords(text: string): Set<string> {
  const out = new Set<string>()
  const plain = text
    .replace(/\{\w+\}/g, ' ')
    .replace(/\(s\)/g, '')
    .replace(/<[^<>\s][^<>]*>/g, '<…>')
  for (const raw of plain.split(/\s+/)) {
    const word = raw
      .replace(/^[(“]+/, '')
      .replace(/[,;:.)”…]+$/, '')
      .replace(/['’]s$/, '')
    if (!/[A-Za-z]/.test(word) || ABBREVIATIONS.has(word)) continue
    // Two words joined by a slash (Nuxt/Nitro, thêm/bớt) are prose.
    if (/^\p{L}+(\/\p{L}+)+$/u.test(word)) continue
    if (/[._=/@'"[\]{}()<>+*$]|::/.test(word) || /[a-z][A-Z]/.test(word)) out.add(word)
  }
  return out
}

/** Code words the translation lost or changed (`[...methods]` → `[...phương thức]`), both ways. */
export function codeProblems(en: string, vi: string): string[] {
  const a = codeWords(en)
  const b = codeWords(vi)
  return [
    ...[...a].filter((w) => !b.has(w)).map((w) => `code "${w}" is missing or changed`),
    ...[...b].filter((w) => !a.has(w)).map((w) => `"${w}" looks like code the English does not have`),
  ]
}
