/** Header redaction: a secret-named header loses its value; any other is read as a URL or as text. */
import { isSecretName } from '../secret-names'
import { PLACEHOLDER, type RedactOptions } from './common'
import { redactText } from './text'
import { redactUrl } from './url'

export function redactHeaderValue(name: string, value: string, opts: RedactOptions = {}): string {
  if (opts.keepSecrets) return value
  if (isSecretName(name)) return PLACEHOLDER
  // Referer, Origin, Location…: a URL is redacted as a URL.
  return /^(https?:)?\/\//i.test(value) ? redactUrl(value) : redactText(value)
}
