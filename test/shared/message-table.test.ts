// The message table is the contract: each type is accepted by exactly the guard of its route,
// every field it declares is checked, and nothing outside the table gets through.
import { describe, expect, it } from 'vitest'
import {
  describeDrop,
  isDevtoolsToPanel,
  isDevtoolsToParser,
  isDevtoolsToWorker,
  isDiscovery,
  isPanelToDevtools,
  isParserToDevtools,
  isWorkerToDevtools,
  MESSAGES,
  type Message,
  type MessageType,
} from '../../src/shared/messages'
import type { MessageSpec } from '../../src/shared/messages/table'

const stats = { entries: 1, findings: 0 }
const tried = [{ url: 'http://a/openapi.json', status: 404 }]
const result = {
  endpoint: 'POST http://a/x',
  url: 'http://a/x',
  at: 1,
  steps: [
    {
      method: 'OPTIONS' as const,
      url: 'http://a/x',
      outcome: 'answered' as const,
      status: 204,
      headers: {},
      durationMs: 1,
    },
  ],
}
const request = {
  endpoint: 'POST http://a/x',
  url: 'http://a/x',
  method: 'POST',
  suspect: true,
  knownToExist: false,
}

/** One well-formed message of every type: a type added to the table without one does not compile. */
const EXAMPLES: { [K in MessageType]: Message<K> } = {
  'panel/hello': { type: 'panel/hello' },
  'panel/clear': { type: 'panel/clear' },
  'panel/settings': { type: 'panel/settings', settings: { probing: false } },
  'panel/probe-again': { type: 'panel/probe-again', endpoint: 'POST http://a/x' },
  'panel/permissions-changed': { type: 'panel/permissions-changed' },
  'panel/read-api-description': {
    type: 'panel/read-api-description',
    origin: 'http://a',
    url: 'http://a/spec',
  },
  'panel/api-description-text': {
    type: 'panel/api-description-text',
    origin: 'http://a',
    name: 'a.yaml',
    text: '',
  },
  'panel/findings': { type: 'panel/findings', request: 1, ids: ['f1'] },
  'devtools/findings': { type: 'devtools/findings', request: 1, findings: [] },
  'panel/try-fix-prepare': { type: 'panel/try-fix-prepare', request: 2, findingId: 'f1' },
  'panel/try-fix-send': { type: 'panel/try-fix-send', token: 'abc123', body: '' },
  'panel/try-fix-cancel': { type: 'panel/try-fix-cancel', token: 'abc123' },
  'devtools/try-fix-prepared': {
    type: 'devtools/try-fix-prepared',
    request: 2,
    findingId: 'f1',
    token: 'abc123',
    view: {
      method: 'PUT',
      url: 'http://a/x',
      headers: [['Authorization', 'REDACTED']],
      credentials: 'include',
      unsafe: true,
      bodyAllowed: true,
      body: '{"theme":"dark"}',
      bodyFrom: 'capture',
      leftOut: [],
      otherPage: null,
    },
  },
  'devtools/try-fix-refused': {
    type: 'devtools/try-fix-refused',
    request: 2,
    findingId: 'f1',
    reason: 'no-call',
  },
  'devtools/try-fix-state': {
    type: 'devtools/try-fix-state',
    token: 'abc123',
    findingId: 'f1',
    state: {
      phase: 'done',
      verdict: { outcome: 'verified', method: 'PUT', status: 200, reason: 'answered' },
      answer: { status: 200, statusText: 'OK', headers: [['content-type', 'application/json']], body: '{}' },
    },
  },
  'devtools/snapshot': {
    type: 'devtools/snapshot',
    findings: [],
    probes: [{ endpoint: 'POST http://a/x', origin: 'http://a', state: 'done', result }],
    stats,
    settings: { preserveLog: false, probeMode: 'full', probing: true },
    inspectedUrl: 'http://a/',
  },
  'devtools/changes': { type: 'devtools/changes', upserts: [], removed: ['f1'], stats },
  'devtools/probe': {
    type: 'devtools/probe',
    status: { endpoint: 'POST http://a/x', origin: 'http://a', state: 'pending' },
  },
  'devtools/cleared': { type: 'devtools/cleared', stats },
  'devtools/api-description': {
    type: 'devtools/api-description',
    status: { origin: 'http://a', state: 'loading' },
  },
  'panel/discover': { type: 'panel/discover' },
  'devtools/announce': { type: 'devtools/announce', tabId: 3, url: 'http://a/' },
  'devtools/observed-urls': {
    type: 'devtools/observed-urls',
    tabId: 3,
    site: 'http://a',
    urls: ['http://a/x'],
  },
  'devtools/inspected-url': { type: 'devtools/inspected-url', tabId: 3, url: 'http://a/' },
  'devtools/probe-request': {
    type: 'devtools/probe-request',
    id: 1,
    tabId: 3,
    request,
    mode: 'options',
    fresh: false,
  },
  'devtools/read-description': { type: 'devtools/read-description', id: 2, tabId: 3, origin: 'http://a' },
  'worker/probe-result': { type: 'worker/probe-result', id: 1, site: 'http://a', result },
  'worker/probe-refused': { type: 'worker/probe-refused', id: 1, site: '', reason: 'not-observed' },
  'worker/description': {
    type: 'worker/description',
    id: 2,
    source: 'http://a/openapi.json',
    text: '{}',
    tried,
  },
  'worker/description-failed': { type: 'worker/description-failed', id: 2, reason: 'not-found', tried },
  'devtools/parse-description': { type: 'devtools/parse-description', text: 'openapi: 3.0.0' },
  'parser/parsed': {
    type: 'parser/parsed',
    desc: { format: 'openapi3', title: '', basePaths: [''], origins: [], paths: [] },
  },
  'parser/failed': { type: 'parser/failed', reason: 'too-deep' },
}

/** Each direction's guard, and the routes (channel, sender, receiver) it is the guard for. */
const GUARDS: [name: string, guard: (m: unknown) => boolean, route: (s: MessageSpec) => boolean][] = [
  ['isPanelToDevtools', isPanelToDevtools, (s) => s.via === 'tab' && s.from === 'panel'],
  ['isDevtoolsToPanel', isDevtoolsToPanel, (s) => s.via === 'tab' && s.from === 'devtools'],
  ['isDiscovery', isDiscovery, (s) => s.via === 'discovery'],
  ['isDevtoolsToWorker', isDevtoolsToWorker, (s) => s.via === 'port' && s.from === 'devtools'],
  ['isWorkerToDevtools', isWorkerToDevtools, (s) => s.via === 'port' && s.from === 'worker'],
  ['isDevtoolsToParser', isDevtoolsToParser, (s) => s.via === 'parser' && s.from === 'devtools'],
  ['isParserToDevtools', isParserToDevtools, (s) => s.via === 'parser' && s.from === 'parser'],
]
const accepting = (m: unknown): string[] => GUARDS.filter(([, g]) => g(m)).map(([name]) => name)

const TYPES = Object.keys(MESSAGES) as MessageType[]

describe('the message table', () => {
  it('has the 33 message types, each going between two different contexts', () => {
    expect(TYPES).toHaveLength(33)
    for (const t of TYPES) expect(MESSAGES[t].from, t).not.toBe(MESSAGES[t].to)
  })

  it.each(TYPES)('%s is accepted by exactly the guard of its route', (t) => {
    const expected = GUARDS.filter(([, , route]) => route(MESSAGES[t])).map(([name]) => name)
    expect(expected).toHaveLength(1)
    expect(accepting(EXAMPLES[t])).toEqual(expected)
    // As it arrives: structured-cloned by BroadcastChannel, the port or postMessage.
    expect(accepting(structuredClone(EXAMPLES[t]))).toEqual(expected)
  })

  it.each(TYPES)('%s: every field it declares is checked (null in any one is dropped)', (t) => {
    const example: Record<string, unknown> = EXAMPLES[t]
    for (const field of Object.keys(example).filter((k) => k !== 'type'))
      expect(accepting({ ...example, [field]: null }), `${t} with ${field}: null`).toEqual([])
    // A known type with bad fields is logged as malformed, not as a stranger.
    expect(describeDrop({ type: t })).toMatch(/^malformed /)
  })

  it('every type is named by its sender: `<sender>/<what>`, so a name says which way it goes', () => {
    for (const t of TYPES) expect(t.split('/')[0], t).toBe(MESSAGES[t].from)
  })

  it('nothing outside the table gets through, including names every object inherits', () => {
    for (const type of ['panel/eval', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 7]) {
      expect(accepting({ type }), String(type)).toEqual([])
      if (typeof type === 'string') expect(describeDrop({ type })).toMatch(/^unknown message type /)
    }
    for (const m of [null, undefined, 'panel/hello', ['panel/hello'], { type: ['panel/hello'] }])
      expect(accepting(m)).toEqual([])
  })

  it('a row without a check is not a message spec (checked by tsc)', () => {
    // @ts-expect-error: a message type needs the check of its fields
    const row: MessageSpec = { via: 'tab', from: 'panel', to: 'devtools' }
    expect(row).not.toHaveProperty('check')
  })
})
