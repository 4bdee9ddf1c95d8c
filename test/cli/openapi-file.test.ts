import { execFileSync } from 'node:child_process'
import { createWriteStream, mkdtempSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readDescriptionFile } from '../../src/cli/openapi'
import { ApiDescriptionError, OPENAPI_MAX_BYTES } from '../../src/core/openapi'
import { runCli } from '../helpers/cli'
import { entry, har } from '../helpers/har'
import { jsonBomb, yamlFlatBomb, yamlFlowBomb } from '../helpers/hostile-descriptions'

interface Report {
  findings: { kind: string; allowed: { methods: string[] | null; sources: { source: string }[] } }[]
}

const dir = mkdtempSync(join(tmpdir(), 'md-openapi-file-'))
const capture = join(dir, 'capture.har')
const spec = join(dir, 'spec.yaml')
let baseline: Report

beforeAll(async () => {
  writeFileSync(
    capture,
    JSON.stringify(
      har([
        entry({ method: 'PATCH', url: 'http://127.0.0.1:9/items/1', status: 405, headers: { Allow: 'GET' } }),
      ]),
    ),
  )
  writeFileSync(spec, 'openapi: 3.0.0\npaths:\n  /items/{id}: {get: {}, put: {}, delete: {}}\n')
  baseline = JSON.parse((await runCli('analyze', capture, '--json')).out) as Report
})

afterAll(() => {
  // The sparse files take no disk space, but do not leave them behind.
  execFileSync('rm', ['-rf', dir])
})

/** Runs the CLI and measures its time and how much the heap grew. */
/**
 * Runs the CLI in-process, with the CPU time it took (this test file's own process: what the work
 * costs, whatever else the machine runs) and the heap it left.
 */
async function timed(...argv: string[]) {
  const heap = process.memoryUsage().heapUsed
  const cpu = process.cpuUsage()
  const r = await runCli(...argv)
  const used = process.cpuUsage(cpu)
  return {
    ...r,
    ms: (used.user + used.system) / 1000,
    heapMb: (process.memoryUsage().heapUsed - heap) / 1048576,
  }
}

describe('--openapi <file>: bounded', () => {
  it('a normal description file is read and used', async () => {
    const r = await runCli('analyze', capture, '--json', '--openapi', spec)
    expect(r.err).toContain(`API description ${spec}: 1 paths`)
    const f = (JSON.parse(r.out) as Report).findings[0]!
    expect(f.allowed.methods).toEqual(['GET', 'PUT', 'DELETE'])
    expect(f.allowed.sources.map((s) => s.source)).toContain('openapi')
  })

  it('a sparse 6 GB file (and a 1 GB one) is refused by its size at once, without being read', async () => {
    for (const gb of [6, 1]) {
      const big = join(dir, `big-${gb}.yaml`)
      writeFileSync(big, '')
      truncateSync(big, gb * 1024 * 1024 * 1024)
      const r = await timed('analyze', capture, '--json', '--openapi', big)
      expect(r.err).toContain(`API description ${big} was not used: it is larger than 5 MB`)
      // Reading even 1 GB of zeros would take seconds and a gigabyte.
      expect(r.ms).toBeLessThan(1000)
      expect(r.heapMb).toBeLessThan(64)
      expect(JSON.parse(r.out)).toEqual(baseline)
    }
  })

  it('a FIFO that never stops is cut off at the cap while reading', async () => {
    const fifo = join(dir, 'spec.fifo')
    execFileSync('mkfifo', [fifo])
    const writer = createWriteStream(fifo)
    writer.on('error', () => undefined) // EPIPE once the reader gives up
    const chunk = Buffer.alloc(1024 * 1024, 'a')
    let written = 0
    const pump = () => {
      while (written < 64 && writer.write(chunk)) written++
      if (written < 64) writer.once('drain', pump)
      else writer.end()
    }
    pump()
    await expect(readDescriptionFile(fifo)).rejects.toEqual(new ApiDescriptionError('too-large'))
    // It stopped after the cap, far before the 64 MB on offer.
    expect(written * chunk.length).toBeLessThan(OPENAPI_MAX_BYTES + 8 * chunk.length)
    writer.destroy()
  })

  it('a nesting bomb file ends in under 1 s with one clear line, and changes nothing else', async () => {
    for (const [name, text] of [
      ['bomb.yaml', yamlFlowBomb()],
      ['bomb.json', jsonBomb()],
    ] as const) {
      const bomb = join(dir, name)
      writeFileSync(bomb, text)
      const r = await timed('analyze', capture, '--json', '--openapi', bomb)
      expect(r.ms).toBeLessThan(1000)
      expect(r.err).toContain(`API description ${bomb} was not used: it is nested deeper than 128 levels`)
      expect(r.err).not.toMatch(/\n\s+at /)
      expect(JSON.parse(r.out)).toEqual(baseline)
    }
  })

  it('a flat 4.9 MB `[a,a,…]` file is refused by its token count with one clear line, and changes nothing else', async () => {
    const bomb = join(dir, 'flat.yaml')
    writeFileSync(bomb, yamlFlatBomb())
    const r = await timed('analyze', capture, '--json', '--openapi', bomb)
    // Before the limit this took 12.7 s and 2.4 GB (4.8 MB); now ~1.3 s of CPU.
    expect(r.ms).toBeLessThan(5000)
    expect(r.err).toContain(
      `API description ${bomb} was not used: its YAML has more than 1000000 tokens (values, punctuation, line breaks); the same description as JSON has no such limit`,
    )
    expect(r.err).not.toMatch(/\n\s+at /)
    expect(JSON.parse(r.out)).toEqual(baseline)
    const vi = await runCli('analyze', capture, '--json', '--lang', 'vi', '--openapi', bomb)
    expect(vi.err).toContain(`Không dùng mô tả API ${bomb}: phần YAML có hơn 1000000 token`)
  })

  it('the limit messages are Vietnamese too', async () => {
    const bomb = join(dir, 'bomb-vi.yaml')
    writeFileSync(bomb, yamlFlowBomb(4096))
    const r = await runCli('analyze', capture, '--json', '--lang', 'vi', '--openapi', bomb)
    expect(r.err).toContain(`Không dùng mô tả API ${bomb}: tài liệu lồng nhau sâu hơn 128 cấp`)
  })
})
