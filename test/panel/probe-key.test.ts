// The panel shows a finding's probe by looking it up under the key the engine asked for it. That
// key has one home, src/core/keys.ts, which the panel imports without bundling the engine.
import { readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findingProbeKey, probeKey } from '../../src/core/keys'
import { originOf } from '../../src/core/url'
import { initialState, reduce } from '../../src/panel/store'
import type { DevtoolsToPanel } from '../../src/shared/messages'
import { demoEngine } from './helpers'

const SRC = resolve(import.meta.dirname, '../../src')

/** Files a module pulls in at load time: static imports and re-exports, not `import type` or `import()`. */
function staticClosure(entry: string): Set<string> {
  const seen = new Set<string>()
  const todo = [entry]
  for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
    if (seen.has(file)) continue
    seen.add(file)
    if (!/\.tsx?$/.test(file)) continue
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '')
    const specs = [
      ...code.matchAll(/^\s*(?:import|export)\s+(?!type\s)[^'"]*?\bfrom\s*['"](\.[^'"]+)['"]/gm),
      ...code.matchAll(/^\s*import\s*['"](\.[^'"]+)['"]/gm),
    ].map((m) => m[1]!)
    for (const spec of specs) {
      const base = join(dirname(file), spec)
      const found = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((p) => {
        try {
          return readFileSync(p) !== null
        } catch {
          return false
        }
      })
      if (found) todo.push(found)
    }
  }
  return new Set([...seen].map((f) => relative(SRC, f).split('\\').join('/')))
}

describe('probe key', () => {
  it('the panel finds each probe under the findings of the request the engine asked it for', () => {
    const engine = demoEngine()
    const targets = engine.takeProbeTargets()
    const messages: DevtoolsToPanel[] = targets.map((t) => ({
      type: 'devtools/probe',
      status: { endpoint: t.endpoint, origin: originOf(t.url), state: 'pending' },
    }))
    const state = reduce(initialState('devtools'), { type: 'messages', messages })
    const findings = engine.findings()
    let matched = 0
    for (const t of targets) {
      const mine = findings.filter((f) => {
        const last = f.chain.at(-1)!
        return last.method === t.method && last.url === t.url
      })
      for (const f of mine) expect(state.probes.get(findingProbeKey(f))?.endpoint).toBe(t.endpoint)
      matched += mine.length
    }
    expect(targets.length).toBeGreaterThan(5)
    expect(matched).toBeGreaterThanOrEqual(targets.length)
  })

  it('keys a finding by its last hop, or by its request when it has no chain', () => {
    const request = { method: 'POST', url: 'https://api.test/a?x=1' }
    const hop = { method: 'GET', url: 'https://api.test/b/?y=2#z', status: 405 }
    expect(findingProbeKey({ request, chain: [] })).toBe('POST https://api.test/a')
    expect(findingProbeKey({ request, chain: [{ ...hop, method: 'POST', status: 301 }, hop] })).toBe(
      'GET https://api.test/b/',
    )
    expect(probeKey('PUT', 'http://127.0.0.1:8080/x?q')).toBe('PUT http://127.0.0.1:8080/x')
  })

  it('the panel loads the key module and not the engine (the engine is only in the lazy HAR import)', () => {
    const panel = staticClosure(join(SRC, 'panel/main.tsx'))
    expect(panel).toContain('panel/app.tsx')
    expect(panel).toContain('core/keys.ts')
    expect([...panel].filter((f) => f.startsWith('core/engine') || f.startsWith('core/rules/'))).toEqual([])
    // The lazy chunk does load it: the reader above would see the engine if it were imported.
    expect(staticClosure(join(SRC, 'panel/import-analysis.ts'))).toContain('core/engine.ts')
  })
})
