/**
 * The one place that decides what is a secret. Every output (exports, copies, snippets,
 * CLI formats, Playwright attachments) goes through it. A secret is recognised by its name
 * (secret-names.ts: case and separator do not matter) or by its shape (secret-shapes.ts: JWTs,
 * long random tokens, known key prefixes), wherever it sits; only the value is replaced, so a URL
 * keeps its shape. Percent-encoding is read up to MAX_DECODE_DEPTH layers deep (a URL in a URL
 * in a URL), each layer one more walk over the values it decodes: linear time, bounded recursion.
 *
 * The parts, in redact/: url.ts (URLs), text.ts (free text, with the scan for authorization
 * schemes and userinfo in schemes-userinfo.ts and its readers in scan.ts), header.ts (header
 * values) and common.ts (the placeholder, options and percent-decoding every part shares).
 */
export { PLACEHOLDER, type RedactOptions } from './redact/common'
export { redactHeaderValue } from './redact/header'
export { redactText } from './redact/text'
export { redactUrl } from './redact/url'
