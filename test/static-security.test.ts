import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { manifestFor } from '../scripts/manifest-for'

const root = join(import.meta.dirname, '..')

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(name) ? [p] : []
  })
}

describe('no code paths that turn data into markup or code', () => {
  it('src has no innerHTML, outerHTML, insertAdjacentHTML, dangerouslySetInnerHTML, srcdoc, setHTMLUnsafe, createContextualFragment, document.write, eval or new Function', () => {
    const banned =
      /\b(innerHTML|outerHTML|insertAdjacentHTML|dangerouslySetInnerHTML|srcdoc|setHTMLUnsafe|parseHTMLUnsafe|createContextualFragment|document\.write|new\s+Function\s*\()|(?<![.\w])eval\s*\(/i
    const hits = files(join(root, 'src')).flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => [f, i + 1, line] as const)
        // Comments may name what is forbidden.
        .filter(([, , line]) => banned.test(line.replace(/\/\/.*$|\/\*.*?\*\/|^\s*\*.*$/g, ''))),
    )
    expect(hits).toEqual([])
  })

  it('no plugin suppression in src but the one vetted link (safeHref output) in the panel', () => {
    const suppressions = files(join(root, 'src')).flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .flatMap((line) =>
          /biome-ignore[^:]*lint\/plugin/.test(line)
            ? [`${relative(root, f)}:${line.trim().slice(0, 60)}`]
            : [],
        ),
    )
    expect(suppressions).toEqual([
      'src/panel/detail/detail.tsx:{/* biome-ignore lint/plugin/no-url-sinks: l.href is safeHre',
    ])
    const detail = readFileSync(join(root, 'src/panel/detail/detail.tsx'), 'utf8')
    expect(detail).toMatch(/href: safeHref\(f\.links\.rfc\)/)
    expect(detail).toMatch(/href: safeHref\(f\.links\.mdn\)/)
  })

  it('the extension CSP is strict and there is no remote code, for both browsers', () => {
    for (const target of ['chrome', 'firefox'] as const) {
      const m = manifestFor(target) as unknown as Record<string, unknown>
      const csp = (m.content_security_policy as { extension_pages: string }).extension_pages
      // Everything from the extension itself, nothing inline; images also as data: (the stylesheet's
      // severity icons); fetches to any http(s) origin, since the worker's probes are bound by it
      // too (e2e/csp.spec.ts: without connect-src the probe is refused).
      const directives = Object.fromEntries(
        csp.split(';').map((d) => {
          const [name, ...sources] = d.trim().split(/\s+/)
          return [name, sources.join(' ')]
        }),
      )
      expect(directives).toEqual({
        'default-src': "'self'",
        'script-src': "'self'",
        'object-src': "'none'",
        'base-uri': "'none'",
        'form-action': "'none'",
        'img-src': "'self' data:",
        'connect-src': "'self' http: https:",
      })
      expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|\*/)
      expect(m.externally_connectable).toBeUndefined()
      expect(m.content_scripts).toBeUndefined()
      expect(m.permissions).toEqual(['storage'])
      expect(m.host_permissions).toEqual(['http://localhost/*', 'http://127.0.0.1/*'])
    }
  })
})

/**
 * Each form the lint plugins must catch has a fixture (test/fixtures/lint) marking with FIRES the
 * lines that must get a diagnostic; the plugins are the ones biome.json configures, so dropping one
 * from the config fails here too.
 */
describe('the lint plugins fire on every form they ban (npm run lint fails on them)', () => {
  const fixtures = join(root, 'test/fixtures/lint')
  const names = readdirSync(fixtures).filter((n) => /\.tsx?$/.test(n))
  const config = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8')) as { plugins: string[] }
  let found: Map<string, number[]>

  beforeAll(() => {
    // A scratch project whose only rules are the plugins, so the fixtures never land in src/.
    const dir = mkdtempSync(join(tmpdir(), 'md-lint-'))
    writeFileSync(
      join(dir, 'biome.json'),
      JSON.stringify({
        plugins: config.plugins.map((p) => join(root, p)),
        linter: { enabled: true, rules: { preset: 'none' } },
      }),
    )
    for (const n of names) copyFileSync(join(fixtures, n), join(dir, n))
    const out = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules/@biomejs/biome/bin/biome'),
        'lint',
        '--reporter=github',
        '--max-diagnostics=none',
        '.',
      ],
      { cwd: dir, encoding: 'utf8' },
    )
    expect(out.status, out.stderr).toBe(1)
    found = new Map()
    for (const m of out.stdout.matchAll(/^::error title=plugin,file=([^,]+),line=(\d+),[^:]*::(.*)$/gm)) {
      expect(m[3]).toMatch(/no HTML sinks and no code from strings|links from data go through safeHref\(\)/)
      const file = relative(dir, m[1]!)
      found.set(file, [...(found.get(file) ?? []), Number(m[2])])
    }
  })

  it('both plugins are configured', () => {
    expect(config.plugins).toEqual(['./lint/no-markup-sinks.grit', './lint/no-url-sinks.grit'])
  })

  it.each(names)('%s: a diagnostic on each FIRES line, none elsewhere', (name) => {
    const want = readFileSync(join(fixtures, name), 'utf8')
      .split('\n')
      .flatMap((line, i) => (line.includes('FIRES') ? [i + 1] : []))
    if (name !== 'allowed.tsx') expect(want.length).toBeGreaterThan(0)
    expect((found.get(name) ?? []).sort((a, b) => a - b)).toEqual(want)
  })
})
