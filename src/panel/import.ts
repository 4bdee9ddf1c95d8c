/**
 * HAR import: the file read as a stream with progress, cancellable, then the lazy analysis chunk.
 * Errors become one localised line.
 */
import type { HarByteSource } from '../core/har-stream'
import type { Action, Notice } from './store'

/**
 * Bytes one entry may hold before it is left out (said, never silently). A file of any size is
 * read as a stream; this bounds what is held at once, well inside a DevTools page's heap.
 */
export const MAX_IMPORT_ENTRY_BYTES = 64 * 1024 * 1024
/** Work done between two yields to the page, so progress paints and Cancel is heard. */
const SLICE_MS = 12
/** Progress is redrawn at most this often. */
const PROGRESS_MS = 100

const PARSE_ERRORS = {
  empty: 'ui_import_err_empty',
  binary: 'ui_import_err_binary',
  json: 'ui_import_err_not_json',
  'too-deep': 'ui_import_err_too_deep',
  'not-har': 'ui_import_err_not_har',
  read: 'ui_import_err_read',
  reread: 'ui_import_err_read',
} as const

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)

/** The error for a file we will not even read, or null. */
export function precheck(name: string, size: number): Notice | null {
  if (size === 0) return { id: 'ui_import_err_empty', params: { name } }
  return null
}

/** A File as a re-readable stream of chunks, yielding to the page between slices of work. */
export function fileSource(file: Blob, now: () => number = () => performance.now()): HarByteSource {
  return {
    rereadable: true,
    async *chunks() {
      const reader = file.stream().getReader()
      let since = now()
      try {
        for (;;) {
          const { done, value } = await reader.read()
          if (done) return
          yield value
          if (now() - since > SLICE_MS) {
            await new Promise((r) => setTimeout(r, 0))
            since = now()
          }
        }
      } finally {
        void reader.cancel().catch(() => undefined)
      }
    },
  }
}

/** An import under way: Cancel stops it and leaves the panel as it was. */
export interface ImportJob {
  cancel(): void
  done: Promise<void>
}

export function importFile(file: File, dispatch: (a: Action) => void): ImportJob {
  const abort = new AbortController()
  return { cancel: () => abort.abort(), done: run(file, dispatch, abort.signal) }
}

async function run(file: File, dispatch: (a: Action) => void, signal: AbortSignal): Promise<void> {
  const name = file.name || 'capture.har'
  const early = precheck(name, file.size)
  if (early) {
    dispatch({ type: 'import-error', error: early })
    return
  }
  dispatch({ type: 'import-start', name, total: file.size })
  // Let the "Importing…" state paint before the first chunk is read.
  await new Promise((r) => setTimeout(r, 16))
  let shown = 0
  try {
    const { analyzeImportedHar } = await import('./import-analysis')
    const { MAX_DEPTH, MAX_ENTRY_VALUES } = await import('../core/har-bytes')
    const result = await analyzeImportedHar(fileSource(file), {
      maxEntryBytes: MAX_IMPORT_ENTRY_BYTES,
      signal,
      onProgress: (bytes) => {
        const t = performance.now()
        if (t - shown < PROGRESS_MS) return
        shown = t
        dispatch({ type: 'import-progress', bytes })
      },
    })
    if (result.ok) {
      dispatch({ type: 'import-done', name, findings: result.findings, requests: result.requests })
      if (result.skipped.values > 0) {
        const params = {
          name,
          count: String(result.skipped.values),
          limit: MAX_ENTRY_VALUES.toLocaleString('en'),
        }
        dispatch({ type: 'import-error', error: { id: 'ui_import_warn_skipped', params } })
      }
      if (result.skipped.bytes > 0) {
        const params = { name, count: String(result.skipped.bytes), limit: mb(MAX_IMPORT_ENTRY_BYTES) }
        dispatch({ type: 'import-error', error: { id: 'ui_import_warn_too_big', params } })
      }
    } else if (result.error === 'cancelled') {
      dispatch({ type: 'import-cancelled' })
    } else {
      const params = { name, limit: String(MAX_DEPTH) }
      dispatch({ type: 'import-error', error: { id: PARSE_ERRORS[result.error], params } })
    }
  } catch {
    dispatch({ type: 'import-error', error: { id: 'ui_import_err_failed', params: { name } } })
  }
}

/** The first file of a drop, if the drag carried files at all. */
export function droppedFile(e: DragEvent): File | null {
  const files = e.dataTransfer?.files
  return files && files.length > 0 ? files[0]! : null
}

export function dragHasFiles(e: DragEvent): boolean {
  return e.dataTransfer?.types.includes('Files') ?? false
}
