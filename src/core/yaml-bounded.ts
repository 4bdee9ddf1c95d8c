import { Composer, CST, type Document, isAlias, isMap, isScalar, isSeq, Lexer, Parser } from 'yaml'
import {
  ApiDescriptionError,
  DESCRIPTION_MAX_ALIAS_VALUES,
  DESCRIPTION_MAX_ALIASES,
  DESCRIPTION_MAX_DEPTH,
  DESCRIPTION_MAX_YAML_TOKENS,
} from './openapi'

/*
 * YAML read with limits the `yaml` package does not have, measured on yaml 2.9:
 * - size: it keeps every token and the composed document, ~500 times the text for a flat
 *   `[a,a,…]` (4.8 MB: 12.7 s and 2.4 GB) that neither nests nor aliases; tokens are counted as
 *   they stream in and stop at DESCRIPTION_MAX_YAML_TOKENS;
 * - nesting: `[[[…]]]` of 4.9 MB took 20 s and 2.7 GB; the parser's own stack is watched
 *   token by token, so a nesting bomb stops after DESCRIPTION_MAX_DEPTH tokens;
 * - errors: it records every one with a stack trace (1 MB of `,` took 9.5 s and 930 MB), so the
 *   first error ends the read, and so does a second document;
 * - duplicate-key checks compare every key with every earlier one (a map of 100,000 keys: 262 s),
 *   so they are off and the last key wins, as in JSON.parse;
 * - its alias count check walks the whole document once per alias (64 aliases in 2 MB: 12 s), so
 *   aliases are counted while lexing and resolved here, by name, each to the one value it names.
 * `budget` bounds the time of all of it, composition and conversion included.
 */

export interface YamlBudget {
  /** Milliseconds since any fixed point: Date.now by default, a fake clock in tests. */
  now: () => number
  ms: number
}

/**
 * A composer that throws at its first error and drops warnings (an unknown `!tag` on each of a
 * million items is a million warnings) instead of keeping each with a stack trace.
 */
function failFastComposer(): Composer {
  const composer = new Composer({ uniqueKeys: false })
  // `onError` is private in the types but an own property set by the constructor (yaml 2.x);
  // if a later version moves it, errors are still refused after composing (doc.errors below).
  const hooks = composer as unknown as { onError?: unknown }
  if (typeof hooks.onError === 'function')
    hooks.onError = (_source: unknown, _code: unknown, _message: unknown, warning?: boolean) => {
      if (!warning) throw new ApiDescriptionError('not-parsable')
    }
  return composer
}

/** Parses one YAML document into plain data (objects without a prototype), or throws ApiDescriptionError. */
export function readYamlBounded(text: string, budget: YamlBudget): unknown {
  const deadline = budget.now() + budget.ms
  const late = () => {
    if (budget.now() > deadline) throw new ApiDescriptionError('too-slow')
  }
  const parser = new Parser()
  const composer = failFastComposer()
  let doc: Document.Parsed | undefined
  let documents = 0
  // Each document token goes to the composer as the parser finishes it: no token list is kept.
  const compose = (tokens: Iterable<CST.Token>) => {
    for (const token of tokens) {
      if (token.type === 'error') throw new ApiDescriptionError('not-parsable')
      if (token.type === 'document' && ++documents > 1) throw new ApiDescriptionError('not-parsable')
      late()
      for (const composed of composer.next(token)) doc = composed
      late()
    }
  }
  let aliases = 0
  let scalarNext = false
  let count = 0
  for (const lexeme of new Lexer().lex(text)) {
    if (++count > DESCRIPTION_MAX_YAML_TOKENS) throw new ApiDescriptionError('too-many-tokens')
    // The lexeme after a SCALAR mark is a scalar's text, which may start with anything.
    if (scalarNext) scalarNext = false
    else if (lexeme === CST.SCALAR) scalarNext = true
    else if (lexeme.startsWith('*') && ++aliases > DESCRIPTION_MAX_ALIASES)
      throw new ApiDescriptionError('aliases')
    compose(parser.next(lexeme))
    // The stack holds the document and every collection open around this token.
    if (parser.stack.length - 1 > DESCRIPTION_MAX_DEPTH) throw new ApiDescriptionError('too-deep')
    if ((count & 1023) === 0) late()
  }
  compose(parser.end())
  for (const composed of composer.end(true, text.length)) doc = composed
  late()
  if (!doc || doc.errors.length > 0) throw new ApiDescriptionError('not-parsable')
  return toPlain(doc.contents, { anchors: new Map(), added: 0, late, steps: 0 }).value
}

interface Walk {
  /** Anchor name → its value and how many values it holds; null while its own content is read. */
  anchors: Map<string, { value: unknown; size: number } | null>
  /** Values aliases add beyond the document's own. */
  added: number
  /** Throws when the time budget has run out; called every 1024 nodes. */
  late: () => void
  steps: number
}

/**
 * A composed node as plain data. Recursion is bounded by the depth check above; an alias is the
 * very value its anchor produced (shared, never copied), and the values it stands for are
 * counted, so a "billion laughs" document stops at DESCRIPTION_MAX_ALIAS_VALUES.
 */
function toPlain(node: unknown, w: Walk): { value: unknown; size: number } {
  if ((++w.steps & 1023) === 0) w.late()
  if (isAlias(node)) {
    const target = w.anchors.get(node.source)
    if (target === undefined) throw new ApiDescriptionError('not-parsable')
    // An alias inside its own anchor would expand forever.
    if (target === null) throw new ApiDescriptionError('aliases')
    w.added += target.size
    if (w.added > DESCRIPTION_MAX_ALIAS_VALUES) throw new ApiDescriptionError('aliases')
    return target
  }
  const anchor = isScalar(node) || isSeq(node) || isMap(node) ? node.anchor : undefined
  if (anchor !== undefined) w.anchors.set(anchor, null)
  let out: { value: unknown; size: number } = { value: null, size: 1 }
  if (isScalar(node)) out = { value: node.value, size: 1 }
  else if (isSeq(node)) {
    const list: unknown[] = []
    let size = 1
    for (const item of node.items) {
      const got = toPlain(item, w)
      list.push(got.value)
      size += got.size
    }
    out = { value: list, size }
  } else if (isMap(node)) {
    // No prototype: a `__proto__` key is just a key.
    const map = Object.create(null) as Record<string, unknown>
    let size = 1
    for (const pair of node.items) {
      // OpenAPI keys are scalars; a collection as a key names nothing this reader looks up.
      if (!isScalar(pair.key)) continue
      const key = pair.key.value === null ? '' : String(pair.key.value)
      const got = pair.value === null ? { value: null, size: 1 } : toPlain(pair.value, w)
      map[key] = got.value
      size += got.size
    }
    out = { value: map, size }
  }
  if (anchor !== undefined) w.anchors.set(anchor, out)
  return out
}
