// The floor: read the file and JSON.parse it, nothing else. No analysis can be faster than this.
import { readFileSync } from 'node:fs'

const file = process.argv[2]
if (!file) throw new Error('usage: node bench/batch/floor.mjs <file.har>')
const doc = JSON.parse(readFileSync(file, 'utf8'))
process.stdout.write(`${doc.log.entries.length}\n`)
