// The layering of src/, checked over the import graph: core is pure and self-contained; each
// context (panel, devtools page, worker, CLI, fixture, Node adapters) reaches another only through
// src/shared or src/core, so no context bundles another's code by accident.
import { readdirSync, readFileSync } from 'node:fs'
import { join, posix, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '..')
const SRC = join(ROOT, 'src')

/** Which top-level folders of src/ each folder may import; locales are strings, not code. */
const ALLOWED: Record<string, readonly string[]> = {
  core: ['core', 'locales'],
  shared: ['shared', 'core', 'locales'],
  panel: ['panel', 'shared', 'core', 'locales'],
  devtools: ['devtools', 'shared', 'core', 'locales'],
  background: ['background', 'shared', 'core', 'locales'],
  node: ['node', 'shared', 'core', 'locales'],
  // The CLI loads the MCP server for `method-doctor mcp`; the server runs the CLI's own analysis.
  cli: ['cli', 'mcp', 'node', 'shared', 'core', 'locales'],
  mcp: ['mcp', 'cli', 'node', 'shared', 'core', 'locales'],
  playwright: ['playwright', 'node', 'shared', 'core', 'locales'],
}
/** Packages core may use: pure ones only (no node:*, browser or UI packages). */
const CORE_PACKAGES: readonly string[] = ['yaml']

/**
 * Every module a file names: static and dynamic imports, re-exports, `new URL(…, import.meta.url)`.
 * Read with patterns, not a parser (TypeScript 7 has no JS API); comments are dropped first.
 */
function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
  const patterns = [
    /^\s*(?:import|export)\s[^'"]*?\sfrom\s*['"]([^'"]+)['"]/gm,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bnew URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g,
  ]
  return patterns.flatMap((p) => [...code.matchAll(p)].map((m) => m[1] ?? ''))
}

const areaOf = (file: string): string => file.split('/')[0] ?? ''

/**
 * The imports that break the layering, as "from -> to". `graph` maps a path relative to src/
 * (posix) to the specifiers it imports.
 */
function violations(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const out: string[] = []
  for (const [file, specs] of graph) {
    const area = areaOf(file)
    const allowed = ALLOWED[area]
    for (const spec of specs) {
      if (!allowed) {
        out.push(`${file} -> ${spec} (src/${area} is in no layer)`)
        continue
      }
      if (!spec.startsWith('.')) {
        if (area === 'core' && !CORE_PACKAGES.includes(spec))
          out.push(`${file} -> ${spec} (a package in core)`)
        continue
      }
      const target = posix.normalize(posix.join(posix.dirname(file), spec))
      if (target.startsWith('../')) {
        // Outside src/ (package.json for the version): Node code may read it, core may not.
        if (area === 'core') out.push(`${file} -> ${spec} (outside src/core)`)
        continue
      }
      const to = areaOf(target)
      if (!allowed.includes(to)) out.push(`${file} -> ${spec} (src/${area} may not import src/${to})`)
    }
  }
  return out
}

function sourceGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const entry of readdirSync(SRC, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name)) continue
    const path = join(entry.parentPath, entry.name)
    graph.set(relative(SRC, path).split('\\').join('/'), importsOf(readFileSync(path, 'utf8')))
  }
  return graph
}

describe('boundaries', () => {
  it('src/ keeps its layering: core imports only core, contexts meet only through shared or core', () => {
    const graph = sourceGraph()
    expect(graph.size).toBeGreaterThan(100)
    // The reader does see the graph: a known edge of each kind is there.
    expect(graph.get('playwright/fixture.ts')).toContain('../node/node-probe')
    expect(graph.get('panel/i18n.ts')).toContain('../locales/vi/ui.json')
    expect(graph.get('devtools/description-parser.ts')).toContain('./parse-worker.ts')
    expect(graph.get('cli/main.ts')).toContain('../mcp/server')
    expect(violations(graph)).toEqual([])
  })

  it('the import reader sees static, type-only, dynamic, re-exported and worker-URL imports', () => {
    const src = [
      "import a from './a'",
      "import type { B } from '../b'",
      "export { c } from './c'",
      "const d = await import('./d.json')",
      "new Worker(new URL('./e.ts', import.meta.url))",
      "import 'f'",
      "// import { g } from './g' is only a comment",
    ].join('\n')
    expect(importsOf(src).sort()).toEqual(['../b', './a', './c', './d.json', './e.ts', 'f'])
  })

  it('the checker flags every kind of planted violation and passes allowed imports', () => {
    const graph = new Map<string, string[]>([
      [
        'core/engine.ts',
        ['./url', '../locales/en/ui.json', 'yaml', '../shared/messages', 'node:fs', 'preact'],
      ],
      ['core/probe/send-step.ts', ['../../../package.json', '../url']],
      ['shared/messages.ts', ['../core/types', '../panel/store']],
      ['panel/app.tsx', ['./store', '../shared/messages', '../core/url', 'preact', '../devtools/capture']],
      ['devtools/capture.ts', ['../background/worker', '../shared/channel']],
      ['playwright/fixture.ts', ['../node/node-probe', '../cli/main', '../core/engine']],
      ['cli/main.ts', ['../node/version', './args', '../playwright/fixture']],
      ['node/version.ts', ['../../package.json', '../cli/args']],
      ['mcp/server.ts', ['../cli/main', '../node/node-probe', '../core/report', '../panel/store']],
      ['dev/shell.tsx', ['../core/engine']],
    ])
    expect(violations(graph)).toEqual([
      'core/engine.ts -> ../shared/messages (src/core may not import src/shared)',
      'core/engine.ts -> node:fs (a package in core)',
      'core/engine.ts -> preact (a package in core)',
      'core/probe/send-step.ts -> ../../../package.json (outside src/core)',
      'shared/messages.ts -> ../panel/store (src/shared may not import src/panel)',
      'panel/app.tsx -> ../devtools/capture (src/panel may not import src/devtools)',
      'devtools/capture.ts -> ../background/worker (src/devtools may not import src/background)',
      'playwright/fixture.ts -> ../cli/main (src/playwright may not import src/cli)',
      'cli/main.ts -> ../playwright/fixture (src/cli may not import src/playwright)',
      'node/version.ts -> ../cli/args (src/node may not import src/cli)',
      'mcp/server.ts -> ../panel/store (src/mcp may not import src/panel)',
      'dev/shell.tsx -> ../core/engine (src/dev is in no layer)',
    ])
  })
})
