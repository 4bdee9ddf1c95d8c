import { BASE_TIME, harEntry, ORIGINS } from './arbitraries'

export const MB = 1 << 20
const big = new Map<string, string>()
/** 1 MB strings, built once per pattern (fast-check would take ages to generate them). */
function mb(pattern: string): string {
  let s = big.get(pattern)
  if (s === undefined) {
    s = pattern.repeat(Math.ceil(MB / pattern.length)).slice(0, MB)
    big.set(pattern, s)
  }
  return s
}

/** Shapes chosen for the regexes they meet: redaction, fingerprints, Allow parsing, body patterns. */
export const PATTERNS = [
  'A',
  ',',
  ', GET',
  ' ',
  '\u001b[2J',
  'é',
  '💥',
  '/',
  '=',
  'Bearer ',
  'cookie ',
  'eyJ',
  '?token=',
  'Cannot POST /',
  '<center>nginx',
  '\\"',
] as const
export const FIELDS = [
  'allow',
  'location',
  'server',
  'via',
  'acam',
  'url',
  'query',
  'body',
  'body-base64',
  'date',
  'error',
  'status-text',
  'method',
  'header-name',
  'origin',
  'many-headers',
] as const

export function hugeEntry(field: (typeof FIELDS)[number], pattern: string, status: number): unknown {
  const v = mb(pattern)
  const url = `${ORIGINS[0]}/api/orders`
  const e = harEntry({ method: 'POST', url, status, start: BASE_TIME })
  const req = e.request as Record<string, unknown>
  const res = e.response as Record<string, unknown>
  const h = (name: string, value: string) => [{ name, value }]
  switch (field) {
    case 'allow':
      return { ...e, response: { ...res, headers: h('Allow', v) } }
    case 'location':
      return { ...e, response: { ...res, headers: h('Location', v) } }
    case 'server':
      return { ...e, response: { ...res, headers: [...h('Server', v), ...h('cf-ray', v)] } }
    case 'via':
      return { ...e, response: { ...res, headers: h('Via', v) } }
    case 'acam':
      return {
        ...e,
        request: { ...req, method: 'OPTIONS', headers: h('Access-Control-Request-Method', v) },
        response: { ...res, headers: h('Access-Control-Allow-Methods', v) },
      }
    case 'url':
      return { ...e, request: { ...req, url: url + v } }
    case 'query':
      return { ...e, request: { ...req, url: `${url}?token=${v}` } }
    case 'body':
      return { ...e, response: { ...res, content: { text: v } } }
    case 'body-base64':
      return {
        ...e,
        response: { ...res, content: { text: Buffer.from(v).toString('base64'), encoding: 'base64' } },
      }
    case 'date':
      return { ...e, startedDateTime: v }
    case 'error':
      return {
        ...e,
        request: { ...req, method: 'PUT', headers: h('Origin', `http://other.test${v}`) },
        response: { ...res, status: 0 },
        _error: v,
      }
    case 'status-text':
      return { ...e, response: { ...res, statusText: v } }
    case 'method':
      return { ...e, request: { ...req, method: v } }
    case 'header-name':
      return { ...e, response: { ...res, headers: [{ name: v, value: v }] } }
    case 'origin':
      return {
        ...e,
        request: { ...req, method: 'DELETE', headers: [...h('Origin', v), ...h('Referer', v)] },
        response: { ...res, status: 0 },
      }
    default:
      // 500 headers of 8 KB each: the most a HAR entry keeps, all under one name.
      return {
        ...e,
        response: {
          ...res,
          headers: Array.from({ length: 600 }, () => ({ name: 'Server', value: v.slice(0, 8192) })),
        },
      }
  }
}
