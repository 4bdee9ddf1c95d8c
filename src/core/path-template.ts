/**
 * OpenAPI path-template segments (`{id}`, `{name}.{ext}`, `v{version}`) matched in linear time.
 * Templates come from a description the server wrote, so no regular expression is built from
 * them: a backtracking pattern such as `{p0}{p1}…{p17}!` took 33 s against a 32-character path.
 */

/**
 * A template segment as the literal text around its parameters: `{name}.{ext}` is
 * `['', '.', '']`, `v{version}` is `['v', '']`, a plain segment is `[segment]`. There is always
 * one more literal than there are parameters. `{}` and an unclosed `{` are literal text.
 * One pass, each character looked at once (no regex: `{{{{…` must not cost its length squared).
 */
export function segmentParts(segment: string): string[] {
  const parts: string[] = []
  let literal = ''
  let from = 0
  for (;;) {
    const open = segment.indexOf('{', from)
    const close = open < 0 ? -1 : segment.indexOf('}', open + 1)
    if (close < 0) break
    if (close === open + 1) {
      literal += segment.slice(from, close + 1)
    } else {
      parts.push(literal + segment.slice(from, open))
      literal = ''
    }
    from = close + 1
  }
  parts.push(literal + segment.slice(from))
  return parts
}

/**
 * Whether a request's path segment (already split on `/`) fits a template segment's parts.
 * Every parameter takes at least one character. The first and last literals are anchored at the
 * ends; each literal in between is found as far left as it can be, which leaves the most room
 * for the rest, so one left-to-right pass decides (O(segment + template), no backtracking).
 * Adjacent parameters (`{a}{b}`) have no literal between them to say where one ends: together
 * they match any run of at least as many characters as there are parameters.
 */
export function segmentMatches(parts: readonly string[], actual: string): boolean {
  const last = parts.length - 1
  if (last === 0) return parts[0] === actual
  const head = parts[0]!
  const tail = parts[last]!
  // Where the last literal starts: the last parameter must end there.
  const end = actual.length - tail.length
  if (end <= head.length || !actual.startsWith(head) || !actual.endsWith(tail)) return false
  let pos = head.length
  for (let i = 1; i < last; i++) {
    const literal = parts[i]!
    const at = actual.indexOf(literal, pos + 1)
    if (at < 0) return false
    pos = at + literal.length
    if (pos >= end) return false
  }
  return pos < end
}

/** How specific a template is, for ranking matches: segments with any literal text in them. */
export function literalSegments(parts: readonly (readonly string[])[]): number {
  return parts.filter((p) => p.some((s) => s !== '')).length
}
