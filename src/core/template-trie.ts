/**
 * A description's path templates indexed segment by segment, so a URL path is matched against
 * the few templates that share its prefix instead of all of them (5,000 templates made each new
 * path cost the whole description: 2,000 paths took 10 s on the devtools page).
 */
import type { PathEntry } from './openapi'
import { segmentMatches } from './path-template'

interface TrieNode {
  /** Plain segments by their exact text: one map lookup, however many there are. */
  literal: Map<string, TrieNode>
  /** Segments with parameters, one branch per shape (`{id}` and `{name}` are the same shape). */
  templated: Map<string, { parts: readonly string[]; node: TrieNode }>
  /** The template that ends here: of those with this exact shape, the first in the document. */
  end: { entry: PathEntry; index: number } | null
  /** The most literal segments of any template ending at or below: a bound for pruning. */
  most: number
  /** The earliest document position of any template ending at or below. */
  first: number
}

const node = (): TrieNode => ({
  literal: new Map(),
  templated: new Map(),
  end: null,
  most: -1,
  first: Number.POSITIVE_INFINITY,
})

export type TemplateTrie = TrieNode

/** Built once per description, in one pass over every template's segments. */
export function buildTemplateTrie(paths: readonly PathEntry[]): TemplateTrie {
  const root = node()
  paths.forEach((entry, index) => {
    let at = root
    const mark = (n: TrieNode) => {
      n.most = Math.max(n.most, entry.literals)
      n.first = Math.min(n.first, index)
    }
    mark(at)
    for (const parts of entry.parts) {
      let next: TrieNode | undefined
      if (parts.length === 1) {
        next = at.literal.get(parts[0]!)
        if (!next) {
          next = node()
          at.literal.set(parts[0]!, next)
        }
      } else {
        // JSON keeps the parts apart whatever they contain.
        const key = JSON.stringify(parts)
        next = at.templated.get(key)?.node
        if (!next) {
          next = node()
          at.templated.set(key, { parts, node: next })
        }
      }
      at = next
      mark(at)
    }
    // Same shape, same matches: the first one in the document is the one that can win.
    if (!at.end) at.end = { entry, index }
  })
  return root
}

/**
 * The template matching every segment: the one with the most literal segments, then the first in
 * the document (the ranking a scan of all templates gives). Depth first with an explicit stack (a
 * path may have thousands of segments), literal branches first, skipping any branch whose bounds
 * say it cannot beat the best found so far.
 */
export function findTemplate(trie: TemplateTrie, segments: readonly string[]): PathEntry | null {
  let best: { entry: PathEntry; index: number } | null = null
  const stack: { at: TrieNode; depth: number }[] = [{ at: trie, depth: 0 }]
  for (let top = stack.pop(); top; top = stack.pop()) {
    const { at, depth } = top
    if (best && (at.most < best.entry.literals || (at.most === best.entry.literals && at.first > best.index)))
      continue
    if (depth === segments.length) {
      const end = at.end
      if (
        end &&
        (!best ||
          end.entry.literals > best.entry.literals ||
          (end.entry.literals === best.entry.literals && end.index < best.index))
      )
        best = end
      continue
    }
    const segment = segments[depth]!
    for (const { parts, node: next } of at.templated.values())
      if (segmentMatches(parts, segment)) stack.push({ at: next, depth: depth + 1 })
    // Pushed last, so looked at first: a literal match is usually the most specific.
    const exact = at.literal.get(segment)
    if (exact) stack.push({ at: exact, depth: depth + 1 })
  }
  return best?.entry ?? null
}
