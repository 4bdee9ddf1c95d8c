/**
 * The panel's side of the user's probe choices: which other origins may be probed, and which
 * probes carry cookies, each for one (inspected site, target origin) pair. Only a click in the
 * panel (or its Firefox grant tab) calls the writers; the worker reads the same keys itself.
 */
import { pairKey, parsePairs, withPair } from '../shared/origin-pairs'
import { APPROVALS_KEY } from '../shared/probe-approvals'
import { CREDENTIALS_KEY } from '../shared/probe-credentials'
import { storageGet, storageSet } from './platform'

export type ChoiceKind = 'approval' | 'credentials'

const KEYS: Record<ChoiceKind, string> = { approval: APPROVALS_KEY, credentials: CREDENTIALS_KEY }

export async function hasChoice(kind: ChoiceKind, site: string, target: string): Promise<boolean> {
  return parsePairs(await storageGet(KEYS[kind])).has(pairKey(site, target))
}

/** Saves the choice and answers what was stored: a full list keeps its first pairs. */
export async function setChoice(
  kind: ChoiceKind,
  site: string,
  target: string,
  on: boolean,
): Promise<boolean> {
  // Re-read: another panel may have changed the list since this one loaded it.
  const current = parsePairs(await storageGet(KEYS[kind]))
  await storageSet(KEYS[kind], withPair(current, site, target, on))
  return hasChoice(kind, site, target)
}
