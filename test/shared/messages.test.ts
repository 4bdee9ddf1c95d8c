import { describe, expect, it } from 'vitest'
import {
  describeDrop,
  isDevtoolsToPanel,
  isDevtoolsToWorker,
  isPanelToDevtools,
  isWorkerToDevtools,
} from '../../src/shared/messages'

describe('message guards drop anything malformed', () => {
  it('panel → devtools', () => {
    expect(isPanelToDevtools({ type: 'panel/hello' })).toBe(true)
    expect(isPanelToDevtools({ type: 'panel/settings', settings: { preserveLog: true } })).toBe(true)
    expect(isPanelToDevtools({ type: 'panel/settings', settings: { preserveLog: 'yes' } })).toBe(false)
    expect(isPanelToDevtools({ type: 'panel/probe-again' })).toBe(false)
    expect(isPanelToDevtools({ type: 'panel/eval', code: 'alert(1)' })).toBe(false)
    expect(isPanelToDevtools(null)).toBe(false)
    expect(isPanelToDevtools('panel/hello')).toBe(false)
  })

  it('devtools → worker: only well-formed probes and URL reports', () => {
    const request = {
      endpoint: 'POST http://a/x',
      url: 'http://a/x',
      method: 'POST',
      suspect: true,
      knownToExist: false,
    }
    expect(
      isDevtoolsToWorker({
        type: 'devtools/probe-request',
        id: 1,
        tabId: 2,
        request,
        mode: 'full',
        fresh: false,
      }),
    ).toBe(true)
    expect(
      isDevtoolsToWorker({
        type: 'devtools/probe-request',
        id: -1,
        tabId: 2,
        request,
        mode: 'full',
        fresh: false,
      }),
    ).toBe(false)
    expect(
      isDevtoolsToWorker({
        type: 'devtools/probe-request',
        id: 1,
        tabId: 2,
        request,
        mode: 'everything',
        fresh: false,
      }),
    ).toBe(false)
    expect(
      isDevtoolsToWorker({
        type: 'devtools/probe-request',
        id: 1,
        tabId: 2,
        request: { ...request, method: 'X'.repeat(100) },
        mode: 'full',
        fresh: false,
      }),
    ).toBe(false)
    expect(
      isDevtoolsToWorker({
        type: 'devtools/observed-urls',
        tabId: 2,
        site: '',
        urls: Array(1001).fill('http://a'),
      }),
    ).toBe(false)
    // Each list says the site it was requested under ('' none); without one it is dropped.
    expect(
      isDevtoolsToWorker({
        type: 'devtools/observed-urls',
        tabId: 2,
        site: 'http://127.0.0.1:9000',
        urls: ['http://a'],
      }),
    ).toBe(true)
    expect(isDevtoolsToWorker({ type: 'devtools/observed-urls', tabId: 2, urls: ['http://a'] })).toBe(false)
    expect(
      isDevtoolsToWorker({ type: 'devtools/observed-urls', tabId: 2, site: 1, urls: ['http://a'] }),
    ).toBe(false)
    expect(isDevtoolsToWorker({ type: 'worker/fetch', url: 'http://evil' })).toBe(false)
    expect(
      isDevtoolsToWorker({ type: 'devtools/inspected-url', tabId: 2, url: 'http://127.0.0.1:8405/' }),
    ).toBe(true)
    expect(isDevtoolsToWorker({ type: 'devtools/inspected-url', tabId: 2 })).toBe(false)
    expect(isDevtoolsToWorker({ type: 'devtools/inspected-url', tabId: 2, url: 'x'.repeat(10_000) })).toBe(
      false,
    )
  })

  it('devtools → panel and worker → devtools', () => {
    expect(isDevtoolsToPanel({ type: 'devtools/cleared', stats: { entries: 0, findings: 0 } })).toBe(true)
    expect(
      isDevtoolsToPanel({
        type: 'devtools/changes',
        upserts: [{ id: 'x' }],
        removed: [],
        stats: { entries: 0, findings: 0 },
      }),
    ).toBe(false)
    const result = {
      endpoint: 'POST http://a/x',
      url: 'http://a/x',
      at: 1,
      steps: [
        {
          method: 'OPTIONS',
          url: 'http://a/x',
          outcome: 'answered',
          status: 204,
          headers: { allow: 'GET' },
          durationMs: 3,
        },
      ],
    }
    expect(isWorkerToDevtools({ type: 'worker/probe-result', id: 1, site: 'http://a', result })).toBe(true)
    // The site the worker judged against is part of every answer.
    expect(isWorkerToDevtools({ type: 'worker/probe-result', id: 1, result })).toBe(false)
    expect(
      isWorkerToDevtools({ type: 'worker/probe-refused', id: 1, site: '', reason: 'not-approved' }),
    ).toBe(true)
    expect(isWorkerToDevtools({ type: 'worker/probe-refused', id: 1, reason: 'not-approved' })).toBe(false)
    expect(
      isWorkerToDevtools({
        type: 'worker/probe-result',
        id: 1,
        site: 'http://a',
        result: { ...result, steps: [null] },
      }),
    ).toBe(false)
    expect(
      isWorkerToDevtools({
        type: 'worker/probe-result',
        id: 1,
        result: { ...result, steps: [{ ...result.steps[0], method: 'POST' }] },
      }),
    ).toBe(false)
    expect(isWorkerToDevtools({ type: 'worker/probe-result', id: 1 })).toBe(false)
  })
})

describe('a dropped message is logged with a reason, never with its content', () => {
  it('says whether it was a stranger or a known message with bad fields', () => {
    expect(describeDrop('x')).toBe('non-object message (string)')
    expect(describeDrop(null)).toBe('non-object message (null)')
    expect(describeDrop({ foo: 1 })).toMatch(/^message without a type \(keys: foo\)/)
    expect(describeDrop({ type: 'evil/do' })).toBe('unknown message type "evil/do"')
    expect(describeDrop({ type: 'devtools/probe-request', id: 'x' })).toMatch(
      /^malformed "devtools\/probe-request" message/,
    )
    const secret = 'token-abc123'
    expect(describeDrop({ type: 'panel/settings', settings: secret })).not.toContain(secret)
  })
})
