import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
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

  it('the lint plugin rejects each HTML sink and code-from-string (npm run lint fails on them)', () => {
    const probe = [
      'export function f(el: HTMLElement, s: string) {',
      '  el.innerHTML = s',
      '  el.innerHTML += s',
      '  document.writeln(s)',
      "  el.insertAdjacentHTML('beforeend', s)",
      '  document.write(s)',
      '  return new Function(s)',
      '}',
      '',
    ].join('\n')
    // A scratch project whose only rule is the plugin, so the probe file never lands in src/.
    const dir = mkdtempSync(join(tmpdir(), 'md-lint-'))
    writeFileSync(
      join(dir, 'biome.json'),
      JSON.stringify({ plugins: [join(root, 'lint/no-markup-sinks.grit')], linter: { enabled: true } }),
    )
    writeFileSync(join(dir, 'probe.ts'), probe)
    const out = spawnSync(
      process.execPath,
      [join(root, 'node_modules/@biomejs/biome/bin/biome'), 'lint', '.'],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    )
    const text = `${out.stdout}${out.stderr}`
    expect(out.status).not.toBe(0)
    expect(text.match(/no HTML sinks and no code from strings/g)?.length).toBe(6)
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
