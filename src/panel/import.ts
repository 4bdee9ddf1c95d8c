/** HAR import: size check, read, then the lazy analysis chunk. Errors become one localised line. */
import type { Action, Notice } from './store'

export const MAX_IMPORT_BYTES = 200 * 1024 * 1024

const PARSE_ERRORS = {
  empty: 'ui_import_err_empty',
  binary: 'ui_import_err_binary',
  json: 'ui_import_err_not_json',
  'too-deep': 'ui_import_err_too_deep',
  'not-har': 'ui_import_err_not_har',
} as const

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)

/** The error for a file we will not even read, or null. */
export function precheck(name: string, size: number): Notice | null {
  if (size > MAX_IMPORT_BYTES) {
    return { id: 'ui_import_err_too_large', params: { name, size: mb(size), limit: mb(MAX_IMPORT_BYTES) } }
  }
  if (size === 0) return { id: 'ui_import_err_empty', params: { name } }
  return null
}

export async function importFile(file: File, dispatch: (a: Action) => void): Promise<void> {
  const name = file.name || 'capture.har'
  const early = precheck(name, file.size)
  if (early) {
    dispatch({ type: 'import-error', error: early })
    return
  }
  dispatch({ type: 'import-start', name })
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(await file.arrayBuffer())
  } catch {
    dispatch({ type: 'import-error', error: { id: 'ui_import_err_read', params: { name } } })
    return
  }
  // Let the "Importing…" state paint before parsing blocks the thread.
  await new Promise((r) => setTimeout(r, 16))
  try {
    const { analyzeImportedHar } = await import('./import-analysis')
    const { MAX_DEPTH, MAX_ENTRY_VALUES } = await import('../core/har-bytes')
    const result = analyzeImportedHar(bytes)
    if (result.ok) {
      dispatch({ type: 'import-done', name, findings: result.findings, requests: result.requests })
      if (result.skipped > 0) {
        const params = { name, count: String(result.skipped), limit: MAX_ENTRY_VALUES.toLocaleString('en') }
        dispatch({ type: 'import-error', error: { id: 'ui_import_warn_skipped', params } })
      }
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
