import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')

describe('dependencies', () => {
  it('every runtime dependency is listed with its reason in docs/architecture.md', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>
    }
    const doc = readFileSync(join(root, 'docs/architecture.md'), 'utf8')
    const section = doc.slice(doc.indexOf('## Runtime dependencies'))
    for (const name of Object.keys(pkg.dependencies ?? {})) {
      expect(section, `${name} needs a row in docs/architecture.md → Runtime dependencies`).toMatch(
        new RegExp(`\\| \`${name.replace(/[/.]/g, '\\$&')}\` \\| \\S`),
      )
    }
  })

  it('the lockfile is committed and matches package.json', () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dependencies?: Record<string, string> }>
    }
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>
    }
    expect(lock.packages['']?.dependencies).toEqual(pkg.dependencies)
  })
})
