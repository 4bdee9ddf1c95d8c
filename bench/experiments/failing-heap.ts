/**
 * Retained heap per distinct failing endpoint, as the panel bench's page makes them: Chrome's
 * usual request headers on a POST that a Django-style server answers 405. Run:
 *   node --expose-gc --import tsx bench/experiments/failing-heap.ts [n]
 */
import { Engine } from '../../src/core/engine'

const n = Number(process.argv[2] ?? 10_000)
const reqHeaders = [
  ['Accept', '*/*'],
  ['Accept-Encoding', 'gzip, deflate, br, zstd'],
  ['Accept-Language', 'en-US,en;q=0.9'],
  ['Connection', 'keep-alive'],
  ['Content-Length', '0'],
  ['Host', '127.0.0.1:41234'],
  ['Origin', 'http://127.0.0.1:41234'],
  ['Referer', 'http://127.0.0.1:41234/'],
  ['Sec-Fetch-Dest', 'empty'],
  ['Sec-Fetch-Mode', 'cors'],
  ['Sec-Fetch-Site', 'same-origin'],
  [
    'User-Agent',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
  ],
  ['sec-ch-ua', '"Chromium";v="156", "Not.A/Brand";v="99"'],
  ['sec-ch-ua-mobile', '?0'],
  ['sec-ch-ua-platform', '"Linux"'],
  ['Cookie', 'sessionid=abc123; csrftoken=zzz'],
]
function entry(i: number): unknown {
  const t = 1_700_000_000_000 + i * 10
  return {
    startedDateTime: new Date(t).toISOString(),
    time: 3,
    _resourceType: 'fetch',
    request: {
      method: 'POST',
      url: `http://127.0.0.1:41234/api/fail/${i}`,
      httpVersion: 'HTTP/1.1',
      // Fresh strings per entry, as structured clone delivers them.
      headers: reqHeaders.map(([name, value]) => ({
        name: `${name}`.slice(0),
        value: `${value} `.slice(0, -1),
      })),
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: 405,
      statusText: 'Method Not Allowed',
      httpVersion: 'HTTP/1.1',
      headers: [
        ['Date', new Date(t - (t % 1000)).toUTCString()],
        ['Server', 'WSGIServer/0.2 CPython/3.11.2'],
        ['Content-Type', 'application/json'],
        ['Allow', 'GET, HEAD, OPTIONS'],
        ['Vary', 'Accept, Cookie'],
        ['Cache-Control', 'no-store'],
        ['Content-Length', '40'],
        ['Connection', 'keep-alive'],
        ['Keep-Alive', 'timeout=30'],
      ].map(([name, value]) => ({ name: `${name} `.slice(0, -1), value: `${value} `.slice(0, -1) })),
      content: {
        size: 40,
        mimeType: 'application/json',
        text: JSON.stringify({ detail: 'Method "POST" not allowed.' }),
      },
      redirectURL: '',
    },
    timings: { send: 0, wait: 2, receive: 1 },
  }
}
const gc = (globalThis as { gc?: () => void }).gc!
const engine = new Engine()
gc()
const before = process.memoryUsage().heapUsed
for (let i = 0; i < n; i++) {
  engine.add(entry(i))
  if (i % 400 === 399) engine.takeChanges()
}
engine.takeChanges()
gc()
const after = process.memoryUsage().heapUsed
console.log(
  `${n} failing endpoints: ${((after - before) / n / 1024).toFixed(2)} KB each, findings ${engine.findingCount}`,
)
let t = performance.now()
engine.findings()
console.log(`findings() ${(performance.now() - t).toFixed(0)} ms`)
t = performance.now()
engine.findings()
console.log(`findings() again ${(performance.now() - t).toFixed(0)} ms`)
