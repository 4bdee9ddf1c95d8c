// Runs the Firefox suite with Node's own test runner (one file at a time: each starts a Firefox),
// printing the spec reporter's pass/fail summary and exiting with the runner's status.
import { spawn } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'

const dir = import.meta.dirname
const root = join(dir, '../..')
const only = process.argv.slice(2)
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.test.ts') && (only.length === 0 || only.some((o) => f.includes(o))))
  .sort()
  .map((f) => relative(root, join(dir, f)))

if (files.length === 0) {
  console.error(`No Firefox tests matched ${only.join(' ') || '*.test.ts'} in ${relative(root, dir)}`)
  process.exit(1)
}

const args = [
  '--import',
  'tsx',
  '--test',
  '--test-reporter=spec',
  '--test-concurrency=1',
  '--test-timeout=180000',
  ...files,
]
const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' })
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
