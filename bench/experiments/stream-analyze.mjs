// Prototype of the read path proposed in docs/benchmarks.md, for measuring it only (not the
// CLI): one pass over the bytes that jumps over strings with indexOf, enforces the nesting
// limit on the way, and JSON.parses each `log.entries` element on its own, feeding the engine
// as it goes. The whole document never exists as one string or one tree.
// Usage: node bench/experiments/stream-analyze.mjs <core/index.js> <file.har>
import { readFileSync, writeSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

const [corePath, file] = process.argv.slice(2)
if (!corePath || !file)
  throw new Error('usage: node bench/experiments/stream-analyze.mjs <core/index.js> <file.har>')
const { Engine, buildReport } = await import(pathToFileURL(corePath).href)
const MAX_DEPTH = 1000
const QUOTE = 0x22
const BACKSLASH = 0x5c

/**
 * Index of the quote closing the string that opens at `i`.
 * @param {Uint8Array} buf
 * @param {number} i
 */
function stringEnd(buf, i) {
  let j = i
  for (;;) {
    j = buf.indexOf(QUOTE, j + 1)
    if (j < 0) throw new Error('unterminated string')
    let k = j - 1
    while (buf[k] === BACKSLASH) k--
    if ((j - k - 1) % 2 === 0) return j
  }
}

const buf = readFileSync(file)
const engine = new Engine()
let depth = 0
let inEntries = false
let entryStart = -1
let lastKey = ''
for (let i = 0; i < buf.length; i++) {
  const b = buf[i]
  if (b === QUOTE) {
    const end = stringEnd(buf, i)
    if (depth === 2 && entryStart < 0) lastKey = buf.toString('latin1', i + 1, end)
    i = end
  } else if (b === 0x7b || b === 0x5b) {
    if (++depth > MAX_DEPTH) throw new Error('too deep')
    if (depth === 3 && b === 0x5b && lastKey === 'entries') inEntries = true
    else if (depth === 4 && inEntries) entryStart = i
  } else if (b === 0x7d || b === 0x5d) {
    if (depth === 4 && entryStart >= 0) {
      engine.add(JSON.parse(buf.toString('utf8', entryStart, i + 1)))
      entryStart = -1
    } else if (depth === 3) inEntries = false
    depth--
  }
}
const report = buildReport(engine.findings(), {
  lang: 'en',
  source: file,
  toolVersion: '0.0.0',
  keepSecrets: false,
})
writeSync(1, `${JSON.stringify(report, null, 2)}\n`)
