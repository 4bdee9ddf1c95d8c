import type { Engine } from '../core/engine'

/** Placeholder until the API-description loader lands: refuses clearly instead of ignoring the flag. */
export async function loadOpenApiForCli(_engine: Engine, _spec: string, _probe: boolean, _files: readonly string[]): Promise<void> {
  throw new Error('--openapi is not available in this build')
}
