/**
 * The devtools page's description parser: a dedicated Web Worker, so a large or hostile API
 * description never blocks the page that captures traffic (a 5 MB YAML takes seconds to parse).
 * It answers one `devtools/parse-description` with the compact description the engine needs, or a reason.
 */
import { ApiDescriptionError } from '../core/openapi'
import { parseApiDescription } from '../core/openapi-parse'
import { type DescriptionParseReply, describeDrop, isDescriptionParseRequest } from '../shared/messages'

const scope = globalThis as unknown as {
  onmessage: ((e: MessageEvent<unknown>) => void) | null
  postMessage(m: DescriptionParseReply): void
}

scope.onmessage = (e) => {
  if (!isDescriptionParseRequest(e.data)) {
    console.warn('[method-doctor] dropped parse request:', describeDrop(e.data))
    return
  }
  try {
    scope.postMessage({ type: 'parser/parsed', desc: parseApiDescription(e.data.text) })
  } catch (err) {
    scope.postMessage({
      type: 'parser/failed',
      reason: err instanceof ApiDescriptionError ? err.reason : 'not-parsable',
    })
  }
}
