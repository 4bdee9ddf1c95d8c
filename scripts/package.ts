/** Store-ready zips of both builds: dist/method-doctor-<version>-<browser>.zip. */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const { version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string }
for (const target of ['chrome', 'firefox']) {
  // web-ext build zips a directory deterministically and skips nothing it should keep.
  execFileSync(
    'npx',
    [
      'web-ext',
      'build',
      '--source-dir',
      `dist/${target}`,
      '--artifacts-dir',
      'dist',
      '--filename',
      `method-doctor-${version}-${target}.zip`,
      '--overwrite-dest',
    ],
    { cwd: root, stdio: 'inherit' },
  )
}
