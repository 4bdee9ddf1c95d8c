import {
  type ApiDescription,
  ApiDescriptionError,
  DESCRIPTION_PARSE_BUDGET_MS,
  isApiDescriptionReason,
} from '../core/openapi'
import { type DescriptionParseRequest, describeDrop, isDescriptionParseReply } from '../shared/messages'

/** Parses an API description; rejects with an ApiDescriptionError saying why not. */
export type ParseDescription = (text: string) => Promise<ApiDescription>

/** The worker's own budget covers the token pass; this backstop also covers what follows it. */
const BACKSTOP_MS = DESCRIPTION_PARSE_BUDGET_MS + 5000

/**
 * Parses off the devtools page's thread, in a dedicated Web Worker started for this one
 * document and terminated after it: whatever the document does, the page keeps capturing, and a
 * parse that outlives its budget is stopped, not waited for.
 */
export const parseInWorker: ParseDescription = (text) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./parse-worker.ts', import.meta.url), { type: 'module' })
    const done = (settle: () => void) => {
      clearTimeout(timer)
      worker.terminate()
      settle()
    }
    const timer = setTimeout(() => done(() => reject(new ApiDescriptionError('too-slow'))), BACKSTOP_MS)
    worker.onmessage = (e: MessageEvent<unknown>) => {
      const m = e.data
      if (!isDescriptionParseReply(m)) {
        console.warn('[method-doctor] dropped parse reply:', describeDrop(m))
        done(() => reject(new ApiDescriptionError('not-parsable')))
      } else if (m.type === 'parser/parsed') done(() => resolve(m.desc))
      else
        done(() =>
          reject(new ApiDescriptionError(isApiDescriptionReason(m.reason) ? m.reason : 'not-parsable')),
        )
    }
    // A worker that cannot start or crashes (out of memory) is a document that was not read.
    worker.onerror = () => done(() => reject(new ApiDescriptionError('not-parsable')))
    worker.postMessage({ type: 'devtools/parse-description', text } satisfies DescriptionParseRequest)
  })
