// docs/architecture.md lists every message: this holds its Messages table to the code's table, so
// a message added, removed or moved to another channel or direction cannot leave the doc behind.
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type Channel, MESSAGES, type MessageType } from '../../src/shared/messages'

const ROOT = resolve(import.meta.dirname, '../..')

interface DocRow {
  message: string
  via: Channel | undefined
  direction: string
}

/** The channel a row's first cell names (a row with an empty cell continues the one above). */
function channelOf(cell: string): Channel | undefined {
  if (cell.includes('method-doctor/tab/')) return 'tab'
  if (cell.includes('method-doctor/discovery')) return 'discovery'
  if (cell.includes('runtime Port')) return 'port'
  if (cell.includes('Web Worker')) return 'parser'
  return undefined
}

/** The rows of the table under "## Messages": channel | direction | message | meaning. */
function docRows(markdown: string): DocRow[] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Messages\n')) ?? ''
  const lines = section.split('\n').filter((l) => l.startsWith('|'))
  const rows: DocRow[] = []
  let via: Channel | undefined
  for (const line of lines.slice(2)) {
    const [channel = '', direction = '', message = ''] = line
      .split('|')
      .slice(1)
      .map((c) => c.trim())
    if (channel !== '') via = channelOf(channel)
    rows.push({ message: message.replace(/^`|`$/g, ''), via, direction })
  }
  return rows
}

describe('docs/architecture.md names every message, as the code routes it', () => {
  const rows = docRows(readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8'))
  const types = Object.keys(MESSAGES) as MessageType[]

  it('its Messages table lists each message type once, and no other', () => {
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.map((r) => r.message).sort()).toEqual([...types].sort())
  })

  it.each(types)('%s: the row says its channel and direction', (type) => {
    const { via, from, to } = MESSAGES[type]
    const row = rows.find((r) => r.message === type)
    expect(row, `a row for \`${type}\``).toBeDefined()
    expect({ via: row?.via, direction: row?.direction }).toEqual({ via, direction: `${from} → ${to}` })
  })

  it('the reader sees rows that continue the channel above', () => {
    const lines = [
      '## Messages',
      '| channel | direction | message | meaning |',
      '| --- | --- | --- | --- |',
      '| runtime Port `x` | devtools → worker | `a/b` | one |',
      '| | worker → devtools | `c` | two |',
      '',
      '## Next',
      '| w | x | `y` | z |',
    ]
    expect(docRows(lines.join('\n'))).toEqual([
      { message: 'a/b', via: 'port', direction: 'devtools → worker' },
      { message: 'c', via: 'port', direction: 'worker → devtools' },
    ])
  })
})
