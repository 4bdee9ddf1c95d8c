/**
 * Run in a child process (`node --import tsx`): builds one input by name, parses it, and prints
 * how it ended, how long it took and how much the process's peak RSS grew above its RSS once the
 * input was built. A child has its own heap, so the test's own garbage does not blur the number.
 */
import { ApiDescriptionError, DESCRIPTION_MAX_YAML_TOKENS } from '../../src/core/openapi'
import { parseApiDescription } from '../../src/core/openapi-parse'
import { yamlFlatBomb, yamlFlatItems } from './hostile-descriptions'
import { denseDescriptionYaml } from './large-description'

const inputs: Record<string, () => string> = {
  'flat-bomb': () => yamlFlatBomb(),
  // The most a flat sequence can have and still be read whole: the worst the limit lets through.
  'flat-under-limit': () => yamlFlatItems(Math.floor((DESCRIPTION_MAX_YAML_TOKENS - 10) / 3)),
  'dense-5000-ops': () => denseDescriptionYaml(5000),
}
const text = inputs[process.argv[2] ?? '']!()
const rssBefore = process.memoryUsage().rss
const t = performance.now()
let outcome = 'ok'
try {
  parseApiDescription(text)
} catch (e) {
  outcome = e instanceof ApiDescriptionError ? e.reason : 'threw'
}
const ms = performance.now() - t
const grewMb = (process.resourceUsage().maxRSS * 1024 - rssBefore) / 1048576
process.stdout.write(JSON.stringify({ outcome, ms, grewMb, bytes: text.length }))
