import { type ChainLink, dropDetail, timeOf } from '../chains'
import { findingId } from '../keys'
import type { RuleContext, RuleHit } from '../rules/rule'
import type { Exchange, Finding, Text } from '../types'
import { endpointOf } from '../url'

/** One occurrence of a finding: the chain's hit and what the rules saw. */
export interface Member {
  hit: RuleHit
  ctx: RuleContext
  time: number
}

/** Every occurrence of one finding (same kind, method and endpoint), by the head of its chain. */
export interface Group {
  id: string
  /** The final hop's endpoint: traffic seen there later changes the finding's `allowed`. */
  endpoint: string
  members: Map<ChainLink, Member>
  /** Occurrences counted but no longer kept (see retireOldest). */
  retired: number
  retiredFirstSeen: number
  /**
   * The finding last handed out by takeChanges is still what it shows. The finding itself is not
   * kept: rebuilt when asked, it costs a long capture no memory per failing endpoint.
   */
  current: boolean
}

export interface FindingChanges {
  upserts: Finding[]
  removed: string[]
}

/** Occurrences of one finding kept live for re-evaluation; older ones are only counted. */
const LIVE_MEMBERS = 50

/**
 * The findings, as groups of the chains that show them, and which of them changed since the panel
 * last asked. `onRetire` hears of a chain that is no longer kept live, so nothing re-evaluates it.
 */
export class FindingGroups {
  private groups = new Map<string, Group>()
  private byEndpoint = new Map<string, Set<string>>()
  private idsByHead = new Map<ChainLink, string[]>()
  private retiredHeads = new WeakSet<ChainLink>()
  private dirty = new Set<string>()
  private removed = new Set<string>()

  constructor(private readonly onRetire: (head: ChainLink, final: Exchange) => void) {}

  get size(): number {
    return this.groups.size
  }

  all(): Iterable<Group> {
    return this.groups.values()
  }

  get(id: string): Group | undefined {
    return this.groups.get(id)
  }

  /** Chains that show at least one finding. */
  flaggedHeads(): Iterable<ChainLink> {
    return this.idsByHead.keys()
  }

  /** Does this chain show a finding? */
  isFlagged(head: ChainLink): boolean {
    return this.idsByHead.has(head)
  }

  /** Does some finding end at this endpoint? Then its traffic matters. */
  hasAt(endpoint: string): boolean {
    return this.byEndpoint.has(endpoint)
  }

  /** A retired chain is only counted: it is never evaluated again. */
  isRetired(head: ChainLink): boolean {
    return this.retiredHeads.has(head)
  }

  /** Sets which findings a chain shows now, leaving the ones it no longer does; returns their ids. */
  assign(head: ChainLink, hits: readonly RuleHit[]): string[] {
    const ids = hits.map((h) => findingId(h.kind, h.method, h.url))
    const before = this.idsByHead.get(head) ?? []
    for (const id of before) if (!ids.includes(id)) this.leave(id, head)
    if (ids.length > 0) this.idsByHead.set(head, ids)
    else this.idsByHead.delete(head)
    return ids
  }

  /** Drops a chain from every finding (it joined a longer chain, or no rule can flag it). */
  forget(head: ChainLink): void {
    for (const id of this.idsByHead.get(head) ?? []) this.leave(id, head)
    this.idsByHead.delete(head)
  }

  join(id: string, head: ChainLink, hit: RuleHit, ctx: RuleContext): void {
    const g = this.groups.get(id)
    // Occurrences of one finding mostly say the same: they share those texts (memory per occurrence).
    const like = g?.members.values().next().value
    const member = { hit: like ? sharing(like.hit, hit) : hit, ctx, time: timeOf(ctx.first) }
    const endpoint = endpointOf(ctx.final.url)
    if (g) {
      // The head's list of ids holds the group's own id string, not a copy per occurrence.
      const ids = this.idsByHead.get(head)
      const i = ids?.indexOf(id) ?? -1
      if (i >= 0) ids![i] = g.id
    }
    if (!g) {
      this.groups.set(id, {
        id,
        endpoint,
        members: new Map([[head, member]]),
        retired: 0,
        retiredFirstSeen: Number.POSITIVE_INFINITY,
        current: false,
      })
    } else {
      g.members.set(head, member)
      g.current = false
      if (g.members.size > LIVE_MEMBERS) this.retireOldest(g)
    }
    // Members can end on different endpoints (a chain grows after its first hop was judged alone):
    // traffic on any of them may change the finding.
    const ids = this.byEndpoint.get(endpoint)
    if (ids) ids.add(id)
    else this.byEndpoint.set(endpoint, new Set([id]))
    this.dirty.add(id)
  }

  /**
   * Traffic at this endpoint changed what its findings list in `allowed`: rebuild them, or the
   * panel (which reads findings as they come) and a batch export of the same capture would disagree.
   */
  staleAt(endpoint: string): void {
    for (const id of this.byEndpoint.get(endpoint) ?? []) {
      const g = this.groups.get(id)
      if (g?.current) {
        g.current = false
        this.dirty.add(id)
      }
    }
  }

  /** Findings added, changed or removed since the last call. */
  takeChanges(build: (g: Group) => Finding): FindingChanges {
    const upserts: Finding[] = []
    for (const id of this.dirty) {
      const g = this.groups.get(id)
      if (!g) continue
      upserts.push(build(g))
      g.current = true
    }
    const removed = [...this.removed].filter((id) => !this.groups.has(id))
    this.dirty.clear()
    this.removed.clear()
    return { upserts, removed }
  }

  /** Takes every change as delivered without building anything (a snapshot just listed them all). */
  markAllTaken(): void {
    for (const id of this.dirty) {
      const g = this.groups.get(id)
      if (g) g.current = true
    }
    this.dirty.clear()
    this.removed.clear()
  }

  /** Forgets every finding; the next takeChanges reports them removed. */
  clear(): void {
    for (const id of this.groups.keys()) this.removed.add(id)
    this.groups.clear()
    this.byEndpoint.clear()
    this.idsByHead.clear()
    this.dirty.clear()
  }

  private leave(id: string, head: ChainLink): void {
    const g = this.groups.get(id)
    if (!g) return
    g.members.delete(head)
    if (g.members.size === 0) {
      this.groups.delete(id)
      // Keys are per URL: none is left behind empty.
      const ids = this.byEndpoint.get(g.endpoint)
      ids?.delete(id)
      if (ids?.size === 0) this.byEndpoint.delete(g.endpoint)
      this.removed.add(id)
      this.dirty.delete(id)
    } else {
      g.current = false
      this.dirty.add(id)
    }
  }

  /**
   * A storm of identical failures is one finding: past LIVE_MEMBERS, the oldest occurrence is
   * counted but no longer kept or re-evaluated, so memory and re-checks stay bounded.
   */
  private retireOldest(g: Group): void {
    let oldest: [ChainLink, Member] | null = null
    for (const e of g.members) if (!oldest || e[1].time < oldest[1].time) oldest = e
    if (!oldest) return
    const [head, m] = oldest
    // The occurrence is retired from every finding it belongs to (a slash redirect is two findings).
    for (const id of new Set([g.id, ...(this.idsByHead.get(head) ?? [])])) {
      const group = this.groups.get(id)
      const member = group?.members.get(head)
      if (!group || !member) continue
      group.members.delete(head)
      group.retired++
      group.retiredFirstSeen = Math.min(group.retiredFirstSeen, member.time)
      group.current = false
      this.dirty.add(id)
    }
    this.retiredHeads.add(head)
    this.onRetire(head, m.ctx.final)
    this.idsByHead.delete(head)
    for (let h: ChainLink | null = head; h; h = h.next) dropDetail(h)
  }
}

/** `hit` with the parts equal to `like`'s replaced by `like`'s own (nothing mutates a hit). */
function sharing(like: RuleHit, hit: RuleHit): RuleHit {
  return {
    ...hit,
    evidence: shareList(like.evidence, hit.evidence),
    causes: shareList(like.causes, hit.causes),
    fixes: shareList(like.fixes, hit.fixes),
    prevention: shareList(like.prevention, hit.prevention),
  }
}

/** The same list if every item is equal, else the list with each equal item shared. */
function shareList<T extends Text>(like: readonly T[], list: T[]): T[] {
  if (like.length === list.length && list.every((t, i) => sameText(like[i]!, t))) return like as T[]
  return list.map((t, i) => (like[i] && sameText(like[i]!, t) ? like[i]! : t))
}

function sameText(a: Text & { source?: string }, b: Text & { source?: string }): boolean {
  if (a.id !== b.id || a.optional !== b.optional || a.source !== b.source) return false
  const pa = a.params ?? {}
  const pb = b.params ?? {}
  const keys = Object.keys(pa)
  return keys.length === Object.keys(pb).length && keys.every((k) => pa[k] === pb[k])
}
