/** API descriptions a hostile server could publish, each under the 5 MB cap. */

/** Just under the cap, as the issue measured (4.9 MB). */
export const BOMB_BYTES = Math.floor(4.9 * 1024 * 1024)

/** `[[[…]]]`: YAML flow sequences nested as deep as the size allows (took 20 s and 2.7 GB). */
export function yamlFlowBomb(bytes = BOMB_BYTES): string {
  const n = Math.floor(bytes / 2)
  return '['.repeat(n) + ']'.repeat(n)
}

/**
 * `[a,a,…]`: one flat flow sequence, no nesting and no alias, so neither limit applies; the
 * `yaml` package kept ~500 times its size (4.8 MB: 12.7 s, 2.4 GB). Three tokens an item.
 */
export function yamlFlatBomb(bytes = BOMB_BYTES): string {
  return `[${'a,'.repeat(Math.max(0, Math.floor(bytes / 2) - 1))}a]`
}

/** A flat sequence of `items` items: `[` and `]`, then SCALAR mark, text and `,` for each. */
export function yamlFlatItems(items: number): string {
  return `[${'a,'.repeat(items - 1)}a]`
}

/** `- - - - x`: block sequences nested on one line, two bytes a level. */
export function yamlCompactBomb(bytes = BOMB_BYTES): string {
  return `${'- '.repeat(Math.floor(bytes / 2) - 1)}x`
}

/** `a:` then each key one space further in: block maps nested by indentation. */
export function yamlIndentBomb(bytes = BOMB_BYTES): string {
  const lines: string[] = []
  let size = 0
  for (let i = 0; size + i + 3 <= bytes; i++) {
    lines.push(`${' '.repeat(i)}a:`)
    size += i + 3
  }
  return lines.join('\n')
}

/** `{"a":{"a":…}}`: a JSON description nested as deep as the size allows. */
export function jsonBomb(bytes = BOMB_BYTES): string {
  const n = Math.floor(bytes / 6)
  return `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`
}

/** "Billion laughs": ten anchors, each a list of nine aliases of the one before (9^9 values). */
export function billionLaughs(): string {
  const name = (i: number) => `l${i}`
  const lines = [`openapi: 3.0.0`, `${name(0)}: &${name(0)} [lol, lol, lol, lol, lol, lol, lol, lol, lol]`]
  for (let i = 1; i < 10; i++)
    lines.push(
      `${name(i)}: &${name(i)} [${Array(9)
        .fill(`*${name(i - 1)}`)
        .join(', ')}]`,
    )
  lines.push('paths: {}')
  return lines.join('\n')
}

/**
 * Aliases that each name another anchor once, inside one list that is aliased again, beside a
 * large list: the `yaml` package's own alias check walks the whole document for every alias in
 * it (64 aliases next to 2 MB: 12 s; 2,000 aliases in 42 KB: 7 s).
 */
export function aliasWalkBomb(aliases: number, padItems: number): string {
  const lines = ['openapi: 3.0.0']
  for (let i = 0; i < aliases; i++) lines.push(`a${i}: &a${i} x`)
  lines.push(`b: &b [${Array.from({ length: aliases }, (_, i) => `*a${i}`).join(', ')}]`, 'c: *b')
  if (padItems > 0) lines.push(`pad: [${'1,'.repeat(padItems)}1]`)
  lines.push('paths: {}')
  return lines.join('\n')
}

/** A path template whose regular expression backtracks: `/x/{p0}{p1}…{p<n-1>}!`. */
export function redosTemplate(params = 18): string {
  return `/x/${Array.from({ length: params }, (_, i) => `{p${i}}`).join('')}!`
}

/** Milliseconds `fn` takes, the slowest of `runs` runs (each must stay under the bound, not the average). */
export function slowest(runs: number, fn: () => void): number {
  let worst = 0
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    fn()
    worst = Math.max(worst, performance.now() - t)
  }
  return worst
}
