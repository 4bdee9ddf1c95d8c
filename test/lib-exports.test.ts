import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')
const lib = join(root, 'dist/lib')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
}
// What an installed copy of method-doctor can resolve: its own files, its dependencies, its peers, Node.
const resolvable = new Set([
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys(pkg.peerDependencies ?? {}),
  ...builtinModules,
])

function files(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name), suffix) : d.name.endsWith(suffix) ? [join(dir, d.name)] : [],
  )
}

function packageOf(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier)
}

describe('the published library (dist/lib, written by npm run build)', () => {
  it('exists', () => {
    expect(existsSync(join(lib, 'playwright/fixture.d.ts')), 'run `npm run build` first').toBe(true)
  })

  it('names only packages a consumer has: its dependencies, its peers and node:*', () => {
    const foreign: string[] = []
    for (const file of [...files(lib, '.d.ts'), ...files(lib, '.js')]) {
      const text = readFileSync(file, 'utf8')
      for (const m of text.matchAll(/(?:from\s+|import\(\s*|require\(\s*)['"]([^'"]+)['"]/g)) {
        const spec = m[1]!
        if (spec.startsWith('.') || spec.startsWith('node:')) continue
        if (!resolvable.has(packageOf(spec))) foreign.push(`${file.slice(lib.length + 1)}: ${spec}`)
      }
    }
    expect(foreign).toEqual([])
  })
})
