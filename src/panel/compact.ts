/**
 * What the panel keeps of each message, with its repeating strings held once. A message arrives
 * as a structured clone, so every finding brings its own copy of "POST", "wrong-method", "GET,
 * HEAD, OPTIONS", the origin…: with 10,000 rows that is a few megabytes of the same few words.
 */
import type { FindingSummary, ProbeStatus } from '../shared/messages'

/** Strings longer than this are rarely shared (URLs, ids): they are kept as they came. */
const SHORT = 64
/** A hostile page could send endless distinct methods: past this the table stops growing. */
const MAX_ENTRIES = 4096

const table = new Map<string, string>()
/** Lists that repeat whole (a route's allowed methods, their sources), by their contents. */
const lists = new Map<string, readonly unknown[]>()

/** The one copy of a short string seen before. */
export function interned(s: string): string {
  if (s.length > SHORT) return s
  const known = table.get(s)
  if (known !== undefined) return known
  if (table.size < MAX_ENTRIES) table.set(s, s)
  return s
}

/** The one (frozen) copy of a list seen before, by the key of its contents. */
function sharedList<T>(key: string, make: () => T[]): readonly T[] {
  const known = lists.get(key)
  if (known !== undefined) return known as readonly T[]
  const list = Object.freeze(make())
  if (key.length <= SHORT * 4 && lists.size < MAX_ENTRIES) lists.set(key, list)
  return list
}

/** A summary rebuilt from its parts: short strings shared, a hop at the request's URL sharing that string. */
export function compactSummary(f: FindingSummary): FindingSummary {
  const url = f.request.url
  const { methods, sources } = f.allowed
  return {
    id: f.id,
    kind: interned(f.kind) as FindingSummary['kind'],
    severity: interned(f.severity) as FindingSummary['severity'],
    request: { method: interned(f.request.method), url },
    status: f.status,
    chain: f.chain.map((h) => ({
      method: interned(h.method),
      url: h.url === url ? url : h.url,
      status: h.status,
    })),
    allowed: {
      methods:
        methods === null
          ? null
          : (sharedList(`m ${methods.join(' ')}`, () => methods.map(interned)) as string[]),
      sources: sharedList(`s ${sources.map((x) => x.source).join(' ')}`, () =>
        sources.map((x) => ({ source: interned(x.source) as typeof x.source })),
      ) as FindingSummary['allowed']['sources'],
    },
    framework: f.framework ? { name: interned(f.framework.name) } : null,
    // Many requests share a call site: one copy of its script URL and function name.
    ...(f.initiator && typeof f.initiator.url === 'string'
      ? {
          initiator: {
            ...f.initiator,
            url: interned(f.initiator.url),
            ...(typeof f.initiator.function === 'string' ? { function: interned(f.initiator.function) } : {}),
          },
        }
      : {}),
    count: f.count,
    firstSeen: f.firstSeen,
    lastSeen: f.lastSeen,
  }
}

/** A probe's state with its origin, site, state and reason shared; its result (rare, and read whole) as it came. */
export function compactProbe(p: ProbeStatus): ProbeStatus {
  return {
    ...p,
    origin: interned(p.origin),
    state: interned(p.state) as ProbeStatus['state'],
    ...(p.site !== undefined ? { site: interned(p.site) } : {}),
    ...(p.reason !== undefined ? { reason: interned(p.reason) } : {}),
  }
}
