/**
 * The origins whose probes may carry the user's cookies and HTTP authentication. Empty by
 * default: a probe is anonymous unless the user turned credentials on for that one origin in the
 * panel. The panel writes the list; the worker reads it itself before each probe, so no message
 * can switch credentials on.
 */
export const CREDENTIALS_KEY = 'md.probeCredentials'
/** More origins than anyone ticks by hand; a longer stored list is cut, not trusted. */
export const MAX_CREDENTIAL_ORIGINS = 200

/** An http(s) origin exactly as `URL.origin` writes it, or null. */
export function canonicalOrigin(s: string): string | null {
  try {
    const u = new URL(s)
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null
    return u.origin === s ? s : null
  } catch {
    return null
  }
}

/** Reads the stored value (a JSON array of origins); anything else counts as "none". */
export function parseCredentialOrigins(stored: unknown): Set<string> {
  const out = new Set<string>()
  if (typeof stored !== 'string' || stored.length > 100_000) return out
  let list: unknown
  try {
    list = JSON.parse(stored)
  } catch {
    return out
  }
  if (!Array.isArray(list)) return out
  for (const v of list) {
    if (out.size >= MAX_CREDENTIAL_ORIGINS) break
    if (typeof v === 'string' && canonicalOrigin(v) !== null) out.add(v)
  }
  return out
}

/** The stored value after turning credentials on or off for one origin. */
export function withCredentialOrigin(current: ReadonlySet<string>, origin: string, on: boolean): string {
  const next = new Set(current)
  if (canonicalOrigin(origin) === null) return JSON.stringify([...next])
  // A full list takes no more: the new origin stays off (and the panel shows it off).
  if (on && next.size < MAX_CREDENTIAL_ORIGINS) next.add(origin)
  else if (!on) next.delete(origin)
  return JSON.stringify([...next])
}
