import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { manifestFor } from '../scripts/manifest-for'

const root = join(import.meta.dirname, '..')

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(name) ? [p] : []
  })
}

describe('no code paths that turn data into markup or code', () => {
  it('src has no innerHTML, outerHTML, insertAdjacentHTML, dangerouslySetInnerHTML, document.write, eval or new Function', () => {
    const banned =
      /\b(innerHTML|outerHTML|insertAdjacentHTML|dangerouslySetInnerHTML|document\.write|new\s+Function\s*\()|(?<![.\w])eval\s*\(/
    const hits = files(join(root, 'src'))
      .filter((f) => !f.includes('/panel/shell/'))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .map((line, i) => [f, i + 1, line] as const)
          // Comments may name what is forbidden.
          .filter(([, , line]) => banned.test(line.replace(/\/\/.*$|\/\*.*?\*\/|^\s*\*.*$/g, ''))),
      )
    expect(hits).toEqual([])
  })

  it('the extension CSP is strict and there is no remote code, for both browsers', () => {
    for (const target of ['chrome', 'firefox'] as const) {
      const m = manifestFor(target) as unknown as Record<string, unknown>
      const csp = (m.content_security_policy as { extension_pages: string }).extension_pages
      expect(csp).toMatch(/script-src 'self'(;|$)/)
      expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|https?:/)
      expect(m.externally_connectable).toBeUndefined()
      expect(m.content_scripts).toBeUndefined()
      expect(m.permissions).toEqual(['storage'])
      expect(m.host_permissions).toEqual(['http://localhost/*', 'http://127.0.0.1/*'])
    }
  })
})
