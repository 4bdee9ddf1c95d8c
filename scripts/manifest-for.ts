import sourceManifest from '../manifest.json' with { type: 'json' }

export type Target = 'chrome' | 'firefox'
export const GECKO_ID = 'method-doctor@method-doctor.dev'

type Manifest = typeof sourceManifest & Record<string, unknown>

/** One manifest source; each browser gets the background and settings keys it understands. */
export function manifestFor(target: Target): Manifest {
  const base: Manifest = structuredClone(sourceManifest)
  if (target === 'chrome') return base
  const { service_worker: script } = base.background
  return {
    ...base,
    // Firefox MV3 runs event pages, not service workers.
    background: { scripts: [script], type: 'module' } as unknown as Manifest['background'],
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: '142.0',
        data_collection_permissions: { required: ['none'] },
      },
    },
  }
}
