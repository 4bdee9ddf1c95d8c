/**
 * What every redactor shares: the placeholder, the options, and reading percent-encoding a layer
 * at a time, never past MAX_DECODE_DEPTH.
 */
import { isSecretName } from '../secret-names'

export const PLACEHOLDER = 'REDACTED'

/** Layers of percent-encoding read below the text itself (`%253D` is two layers above `=`). */
export const MAX_DECODE_DEPTH = 3

export interface RedactOptions {
  /** The user asked to keep secrets in this export. */
  keepSecrets?: boolean
}

export function safeDecode(s: string): string {
  if (!s.includes('%')) return s
  // A stray `%` makes decodeURIComponent throw, and a throw costs microseconds: hostile URLs repeat it.
  if (/%(?![0-9A-Fa-f]{2})/.test(s)) return s
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/** A query, fragment, path or form parameter name (percent-encoded or not). */
export function isSecretParam(name: string): boolean {
  return isSecretName(safeDecode(name))
}

/** Percent-encodes a value redacted after decoding (a lone surrogate cannot be: then all of it goes). */
export function encodeValue(decoded: string): string {
  try {
    return encodeURIComponent(decoded)
  } catch {
    return PLACEHOLDER
  }
}
