/**
 * Takes the secrets and personal data out of a HAR that someone else recorded on a real site, before
 * it becomes a fixture (test/fixtures/real/public/):
 *
 *   npx tsx scripts/sanitise-har.ts <in.har> <out.har> [--keep 0-9,14] [--interesting] [--comment <text>]
 *
 * Unlike record-real-flows-sanitise.ts (our own recordings, whose secrets we know), the content here is
 * unknown, so fields are kept by a whitelist: method, URL, status, header names, timings, server
 * address and the fields that say how a request ended or who answered (`_error`,
 * `_fetchedViaServiceWorker`, `_initiator`, `_resourceType`…). Values are judged by name and by shape:
 * - cookies and Set-Cookie keep their names, never their values; Authorization keeps only its scheme;
 * - a header, query, form or JSON field whose name says secret (src/core/secret-names.ts) or person
 *   (email, name, phone…) loses its value, as does any value that looks like a token or an email;
 * - the same secret always becomes the same placeholder, so a 302's Location still names the request
 *   that followed it;
 * - 2xx/304 bodies are dropped (sizes stay); 3xx/4xx/5xx bodies stay, cut to 2 KB, redacted.
 * `--keep` and `--interesting` cut the file to a slice (writes, failures, redirects and where they led).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isSecretName, secretNameStrength } from '../src/core/secret-names'
import { isSecretValue, redactShapes } from '../src/core/secret-shapes'

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
type Obj = { [k: string]: Json }
interface NameValue {
  name: string
  value: string
}

export interface SanitiseOptions {
  /** Entry indexes to keep (before sanitising); all when absent. */
  keep?: ReadonlySet<number>
  /** Keep only writes, failures, non-2xx answers, service-worker answers and where redirects led. */
  interesting?: boolean
  /** Written to log.comment: where the file came from. */
  comment?: string
}

export interface SanitiseReport {
  entriesIn: number
  entriesOut: number
  placeholders: number
  bodiesKept: number
  bodiesDropped: number
}

/** Bodies kept for non-2xx answers: what the analysis reads (src/core/har.ts BODY_KEEP). */
const BODY_KEEP = 2048
/** Shorter cookie or header values (`1`, `dark`) are not secrets; replacing them everywhere would garble the file. */
const MIN_SECRET = 8
/** Form or JSON values longer than this are free text (a message, an address): never kept. */
const MAX_PLAIN_VALUE = 40
const PERSONAL =
  /^(.*e-?mail|(first|last|full|display|user|nick|given|family|sur|middle)?_?name|.*login|.*phone|mobile|tel|telephone|fax|.*address|street|city|region|zip|postcode|company|birthday|dob|ssn|vat_?id|taxvat)$/i
/** Tracking identifiers tied to one browser or person (Google Analytics `cid`, ad-sync `partner_uid`…). */
const TRACKING_ID =
  /^(cid|uid|vid|gid|mid|ecid|oxid|_ga|_gid|fbp|guid|.*puid|.*_uid|dpuuid|visitor.*|.*visid.*|(.*_)?mac(_?addr(ess)?)?|.*(userid|user_id|uuid|deviceid|device_id|clientid|client_id|partner_device_id))$/i
/** A device's hardware address (`client_mac=d4:d2:52:…` on captive portals). */
const MAC_ADDRESS = /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i
/** OAuth and OIDC round-trip values: not secrets by name in src/core, but one-time and user-bound. */
const FLOW_SECRET = /^(state|nonce|session_state|login_hint|id_token_hint|relaystate)$/i
/** JSON keys whose text says what went wrong: kept (redacted) in error bodies, where fingerprints look. */
const ERROR_KEY =
  /^(error|errors|message|msg|detail|details|title|status|statustext|code|type|path|method|methods|allow|allowed|reason|description|error_description|exception|hint)$/i
/** Values the analysis may read and that are never personal. */
const KEEP_FIELD = /^(_method|method|action|_action|type)$/i
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g
const HAS_EMAIL = new RegExp(EMAIL.source)
const URL_HEADERS = new Set(['location', 'content-location', 'referer', 'origin', 'refresh'])
/** Browser identifiers and the client's own address (personal data, not secrets by name). */
const SECRET_HEADERS = new Set([
  'x-client-data',
  'x-goog-visitor-id',
  'x-forwarded-for',
  'x-real-ip',
  'x-client-ip',
  'cf-connecting-ip',
  'true-client-ip',
  'forwarded',
])
const ENTRY_FIELDS = ['startedDateTime', 'time', 'pageref', 'serverIPAddress', 'connection']
const ENTRY_EXTRAS = ['_resourceType', '_priority', '_error', '_fetchedViaServiceWorker', '_frameref']
const ENTRY_EXTRAS_MORE = [
  '_monotonicTime',
  '_serverPort',
  '_securityState',
  '_fromCache',
  '_wasFetchedViaSpdy',
]
const RESPONSE_EXTRAS = ['_transferSize', '_error', '_fetchedViaServiceWorker', '_failureText', '_fromCache']

/** One placeholder per distinct secret, numbered in order of appearance. */
class Placeholders {
  readonly seen = new Map<string, string>()
  /** Every secret value that was replaced: none may survive in the output. */
  readonly originals = new Set<string>()
  /** Secrets removed where they were found (cookie values, credentials) that may recur elsewhere. */
  note(value: string): void {
    if (worthHunting(value)) this.originals.add(value)
  }
  /**
   * The placeholder for a value. A secret (a token, an email) is also hunted down wherever else it
   * occurs; a value dropped only for privacy (a name, a long free text) is replaced where it stands.
   */
  for(value: string, kind: 'redacted' | 'email', secret = true): string {
    let p = this.seen.get(value)
    if (p === undefined) {
      p = kind === 'email' ? `user${this.seen.size + 1}@example.invalid` : `redacted-${this.seen.size + 1}`
      this.seen.set(value, p)
    }
    if (secret) this.note(value)
    return p
  }
}

/** `/session/<id>`, `/token/<id>`: an id has digits and no file extension (`/oauth2/authorize`, `/auth/proxy.jsp` stay). */
function looksLikeId(seg: string): boolean {
  return seg.length >= 8 && /\d/.test(seg) && !/\.[a-z]{2,5}$/i.test(seg)
}

/** `dXNlckBleGFtcGxlLmNvbQ==`: an email hidden in base64 (a `poidata`, a `login_hint`). */
function hidesEmail(v: string): boolean {
  if (v.length < 12 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(v)) return false
  return HAS_EMAIL.test(Buffer.from(v, 'base64').toString('latin1'))
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string => (typeof v === 'string' ? v : '')

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replaceAll('+', ' '))
  } catch {
    return s
  }
}

export class HarSanitiser {
  readonly ph = new Placeholders()

  /** Emails and token-shaped runs in free text. */
  text(s: string): string {
    const noEmails = s.replace(EMAIL, (m) => this.ph.for(m, 'email'))
    return redactShapes(noEmails, 'REDACTED')
  }

  /** Judged as a whole and part by part (`user[email]`). */
  private secretField(name: string): boolean {
    if (isSecretName(name)) return true
    return [name, ...name.split(/[[\].]/)].some(
      (p) => p !== '' && (PERSONAL.test(p) || TRACKING_ID.test(p) || FLOW_SECRET.test(p)),
    )
  }

  /** A form or JSON value: kept only when short, plain and under a harmless name. */
  fieldValue(name: string, value: string): string {
    if (value === '' || KEEP_FIELD.test(name)) return value
    if (isSecretName(name) || isSecretValue(value) || HAS_EMAIL.test(value))
      return this.ph.for(value, 'redacted')
    if (this.secretField(name) || value.length > MAX_PLAIN_VALUE) return this.ph.for(value, 'redacted', false)
    return value
  }

  private queryValue(name: string, raw: string, depth: number): string {
    const v = decode(raw)
    if (v === '') return raw
    if (isSecretName(name) || isSecretValue(v) || hidesEmail(v)) return this.ph.for(raw, 'redacted')
    if (this.secretField(name) || MAC_ADDRESS.test(v)) return this.ph.for(raw, 'redacted', false)
    if (depth < 2 && /^(https?:)?\/\//i.test(v)) {
      const clean = this.url(v, depth + 1)
      return clean === v ? raw : encodeURIComponent(clean)
    }
    const clean = this.text(v)
    return clean === v ? raw : encodeURIComponent(clean)
  }

  private query(q: string, depth: number): string {
    return q
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=')
        if (eq < 0) return isSecretValue(decode(pair)) ? this.ph.for(pair, 'redacted') : pair
        const name = decode(pair.slice(0, eq))
        return `${pair.slice(0, eq)}=${this.queryValue(name, pair.slice(eq + 1), depth)}`
      })
      .join('&')
  }

  private path(p: string): string {
    const segs = p.split('/')
    return segs
      .map((seg, i) => {
        // Matrix and ASP.NET cookieless session ids: `;jsessionid=…`, `(S(…))`.
        let s = seg.replace(/;(jsessionid|sid|phpsessid)=[^;/]*/gi, (_m, n: string) => `;${n}=redacted`)
        s = s.replace(/\(S\(([^)]+)\)\)/g, (_m, v: string) => `(S(${this.ph.for(v, 'redacted')}))`)
        const d = decode(s)
        const prev = decode(segs[i - 1] ?? '')
        if (isSecretValue(d) || (prev !== '' && isSecretName(prev) && looksLikeId(d)))
          return this.ph.for(s, 'redacted')
        return d.includes('@') ? s.replace(EMAIL, (m) => this.ph.for(m, 'email')) : s
      })
      .join('/')
  }

  /** An absolute or relative URL with userinfo, secret path segments and secret query values replaced. */
  url(u: string, depth = 0): string {
    const hashAt = u.indexOf('#')
    const frag = hashAt >= 0 ? u.slice(hashAt + 1) : null
    const noFrag = hashAt >= 0 ? u.slice(0, hashAt) : u
    const qAt = noFrag.indexOf('?')
    const q = qAt >= 0 ? noFrag.slice(qAt + 1) : null
    let base = qAt >= 0 ? noFrag.slice(0, qAt) : noFrag
    base = base.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@?#]*@/i, '$1')
    const origin = /^([a-z][a-z0-9+.-]*:\/\/[^/]*|\/\/[^/]*)?/i.exec(base)?.[0] ?? ''
    let out = origin + this.path(base.slice(origin.length))
    if (q !== null) out += `?${this.query(q, depth)}`
    if (frag !== null) out += `#${frag.includes('=') ? this.query(frag, depth) : this.text(frag)}`
    return out
  }

  private cookieHeader(value: string, setCookie: boolean): string {
    if (setCookie) {
      return value
        .split('\n')
        .map((line) => {
          const [first = '', ...attrs] = line.split(';')
          const name = first.slice(0, Math.max(0, first.indexOf('='))).trim()
          const v = first.slice(first.indexOf('=') + 1).trim()
          this.ph.note(v)
          return [`${name}=redacted`, ...attrs].join(';')
        })
        .join('\n')
    }
    return value
      .split(';')
      .map((c) => {
        const eq = c.indexOf('=')
        const v = c.slice(eq + 1).trim()
        this.ph.note(v)
        return eq < 0 ? c : `${c.slice(0, eq).trim()}=redacted`
      })
      .join('; ')
  }

  header(h: NameValue): NameValue {
    const lower = h.name.toLowerCase()
    const value = str(h.value)
    if (lower === 'cookie') return { name: h.name, value: this.cookieHeader(value, false) }
    if (lower === 'set-cookie') return { name: h.name, value: this.cookieHeader(value, true) }
    if (lower === 'authorization' || lower === 'proxy-authorization') {
      const [scheme = '', cred = ''] = value.split(/\s+/, 2)
      this.ph.note(cred)
      return { name: h.name, value: cred === '' ? 'redacted' : `${scheme} redacted` }
    }
    if (SECRET_HEADERS.has(lower) || (lower !== ':authority' && isSecretName(lower))) {
      this.ph.note(value)
      return { name: h.name, value: value === '' ? '' : 'REDACTED' }
    }
    if (lower === ':path') return { name: h.name, value: this.url(value) }
    if (URL_HEADERS.has(lower)) {
      const m = /^(\d+\s*;\s*url=)(.*)$/i.exec(value)
      return { name: h.name, value: m ? `${m[1]}${this.url(m[2] ?? '')}` : this.url(value) }
    }
    if (lower === 'link')
      return { name: h.name, value: value.replace(/<([^>]*)>/g, (_m, u: string) => `<${this.url(u)}>`) }
    return { name: h.name, value: this.text(value) }
  }

  private headers(v: Json | undefined): NameValue[] {
    if (!Array.isArray(v)) return []
    return v.filter(isObj).map((h) => this.header({ name: str(h.name), value: str(h.value) }))
  }

  /**
   * JSON request or error bodies: structure, numbers and lower-case identifiers stay; the texts an
   * error answer is recognised by (`detail`, `message`, `error`…) stay redacted; any other string
   * (a name, an address) is replaced where it stands.
   */
  private jsonValue(key: string, v: Json, errorBody: boolean): Json {
    if (typeof v === 'string') return this.jsonString(key, v, errorBody)
    if (Array.isArray(v)) return v.map((x) => this.jsonValue(key, x, errorBody))
    if (isObj(v))
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.jsonValue(k, x, errorBody)]))
    return v
  }

  private jsonString(key: string, v: string, errorBody: boolean): string {
    if (v === '' || KEEP_FIELD.test(key)) return v
    if (isSecretValue(v) || HAS_EMAIL.test(v) || hidesEmail(v)) return this.ph.for(v, 'redacted')
    // `code` is weakly secret (OAuth) but in an error body it names the error.
    if (errorBody && ERROR_KEY.test(key) && secretNameStrength(key) !== 'strong') return this.text(v)
    if (isSecretName(key)) return this.ph.for(v, 'redacted')
    if (this.secretField(key)) return this.ph.for(v, 'redacted', false)
    if (/^[a-z0-9_.:/-]{1,40}$/.test(v) || /^[\d\s.,:+-]+$/.test(v)) return v
    return this.ph.for(v, 'redacted', false)
  }

  private form(text: string): string {
    return text
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=')
        if (eq < 0) return pair
        const name = decode(pair.slice(0, eq))
        const v = decode(pair.slice(eq + 1))
        const clean = this.fieldValue(name, v)
        return clean === v ? pair : `${pair.slice(0, eq)}=${encodeURIComponent(clean)}`
      })
      .join('&')
  }

  private postData(pd: Json | undefined): Obj | undefined {
    if (!isObj(pd)) return undefined
    const mimeType = str(pd.mimeType)
    const out: Obj = { mimeType }
    if (Array.isArray(pd.params))
      // Chrome lists form params still percent-encoded (`billing%5Bstreet%5D`): judge them decoded.
      out.params = pd.params.filter(isObj).map((p) => {
        const value = decode(str(p.value))
        const clean = this.fieldValue(decode(str(p.name)), value)
        return { name: str(p.name), value: clean === value ? str(p.value) : clean }
      })
    const text = str(pd.text)
    if (text === '') return out
    if (/x-www-form-urlencoded/i.test(mimeType)) out.text = this.form(text)
    else if (/json/i.test(mimeType) || /^\s*[[{]/.test(text)) {
      try {
        out.text = JSON.stringify(this.jsonValue('', JSON.parse(text) as Json, false))
      } catch {
        out.text = `[${text.length} characters of request body dropped]`
      }
    } else out.text = `[${text.length} characters of request body dropped]`
    return out
  }

  /** Response body: dropped for 2xx/304 and binaries, else decoded, cut and redacted. */
  private content(c: Json | undefined, status: number, report: SanitiseReport): Obj {
    const src = isObj(c) ? c : {}
    const out: Obj = {}
    for (const k of ['size', 'mimeType', 'compression'] as const) if (src[k] !== undefined) out[k] = src[k]
    let text = str(src.text)
    if (text === '') return out
    const keep = status >= 300 && status !== 304 && status < 600
    if (keep && src.encoding === 'base64') {
      const decoded = Buffer.from(text, 'base64').toString('utf8')
      text = decoded.includes('\uFFFD') ? '' : decoded
    }
    if (!keep || text === '') {
      report.bodiesDropped++
      return out
    }
    report.bodiesKept++
    const cut = text.slice(0, BODY_KEEP)
    let clean: string
    try {
      clean = JSON.stringify(this.jsonValue('', JSON.parse(cut) as Json, true))
    } catch {
      clean = this.text(this.hiddenInputs(cut))
    }
    out.text = clean
    return out
  }

  /** `<input name="csrf_token" value="…">` and `<meta name="csrf-token" content="…">` in HTML. */
  private hiddenInputs(html: string): string {
    return html.replace(/<(input|meta)\b[^>]{0,600}>/gi, (tag) => {
      const name = /\bname\s*=\s*["']([^"']*)["']/i.exec(tag)?.[1] ?? ''
      if (!this.secretField(name)) return tag
      return tag.replace(
        /\b(value|content)\s*=\s*(["'])([^"']*)\2/gi,
        (_m, attr: string, q: string, v: string) =>
          v === '' ? `${attr}=${q}${q}` : `${attr}=${q}${this.ph.for(v, 'redacted', isSecretName(name))}${q}`,
      )
    })
  }

  private initiator(v: Json | undefined): Obj | undefined {
    if (!isObj(v)) return undefined
    const out: Obj = { type: str(v.type) }
    if (typeof v.url === 'string') out.url = this.url(v.url)
    if (typeof v.lineNumber === 'number') out.lineNumber = v.lineNumber
    const frames = isObj(v.stack) && Array.isArray(v.stack.callFrames) ? v.stack.callFrames.filter(isObj) : []
    if (frames.length > 0)
      out.stack = {
        callFrames: frames.slice(0, 3).map((f) => ({
          functionName: str(f.functionName),
          url: this.url(str(f.url)),
          lineNumber: typeof f.lineNumber === 'number' ? f.lineNumber : -1,
          columnNumber: typeof f.columnNumber === 'number' ? f.columnNumber : -1,
        })),
      }
    return out
  }

  entry(e: Obj, report: SanitiseReport): Obj {
    const req = isObj(e.request) ? e.request : {}
    const res = isObj(e.response) ? e.response : {}
    const out: Obj = {}
    for (const k of [...ENTRY_FIELDS, ...ENTRY_EXTRAS, ...ENTRY_EXTRAS_MORE])
      if (e[k] !== undefined) out[k] = e[k] as Json
    const init = this.initiator(e._initiator)
    if (init) out._initiator = init
    const url = this.url(str(req.url))
    const request: Obj = {
      method: str(req.method),
      url,
      httpVersion: str(req.httpVersion),
      cookies: [],
      headers: this.headers(req.headers) as unknown as Json,
      queryString: queryString(url) as unknown as Json,
      headersSize: typeof req.headersSize === 'number' ? req.headersSize : -1,
      bodySize: typeof req.bodySize === 'number' ? req.bodySize : -1,
    }
    const pd = this.postData(req.postData)
    if (pd) request.postData = pd
    const status = typeof res.status === 'number' ? res.status : Number(res.status)
    const response: Obj = {
      status: Number.isFinite(status) ? status : 0,
      statusText: str(res.statusText),
      httpVersion: str(res.httpVersion),
      cookies: [],
      headers: this.headers(res.headers) as unknown as Json,
      content: this.content(res.content, status, report),
      redirectURL: this.url(str(res.redirectURL)),
      headersSize: typeof res.headersSize === 'number' ? res.headersSize : -1,
      bodySize: typeof res.bodySize === 'number' ? res.bodySize : -1,
    }
    for (const k of RESPONSE_EXTRAS) if (res[k] !== undefined) response[k] = res[k] as Json
    if (typeof response._error === 'string') response._error = this.text(response._error)
    out.request = request
    out.response = response
    out.cache = {}
    out.timings = isObj(e.timings)
      ? Object.fromEntries(Object.entries(e.timings).filter(([, v]) => typeof v === 'number'))
      : {}
    return out
  }
}

function queryString(url: string): NameValue[] {
  const q = url.split('#')[0]?.split('?')[1]
  if (q === undefined || q === '') return []
  return q.split('&').map((pair) => {
    const eq = pair.indexOf('=')
    return eq < 0
      ? { name: decode(pair), value: '' }
      : { name: decode(pair.slice(0, eq)), value: decode(pair.slice(eq + 1)) }
  })
}

function entryIsInteresting(e: Obj): boolean {
  const req = isObj(e.request) ? e.request : {}
  const res = isObj(e.response) ? e.response : {}
  const method = str(req.method).toUpperCase()
  const status = Number(res.status)
  if (method !== 'GET' && method !== 'HEAD') return true
  if (!(status >= 200 && status < 300) && status !== 304) return true
  return Boolean(
    e._error || res._error || res._failureText || res._fetchedViaServiceWorker || e._fetchedViaServiceWorker,
  )
}

/** Indexes of the entries worth keeping, plus every request a kept redirect led to. */
export function interestingIndexes(entries: Obj[]): Set<number> {
  const keep = new Set<number>()
  entries.forEach((e, i) => {
    if (entryIsInteresting(e)) keep.add(i)
  })
  for (const i of [...keep].sort((a, b) => a - b)) {
    let at = i
    for (let hop = 0; hop < 20; hop++) {
      const e = entries[at]
      const res = isObj(e?.response) ? e.response : {}
      const req = isObj(e?.request) ? e.request : {}
      const status = Number(res.status)
      if (!(status >= 300 && status < 400)) break
      const loc =
        str(res.redirectURL) ||
        str(
          (Array.isArray(res.headers) ? res.headers : [])
            .filter(isObj)
            .find((h) => str(h.name).toLowerCase() === 'location')?.value,
        )
      let target: string
      try {
        target = new URL(loc, str(req.url)).href.split('#')[0] ?? ''
      } catch {
        break
      }
      const next = entries.findIndex(
        (x, j) => j > at && isObj(x.request) && str(x.request.url).split('#')[0] === target,
      )
      if (next < 0) break
      keep.add(next)
      at = next
    }
  }
  return keep
}

export function sanitiseHar(doc: unknown, opts: SanitiseOptions = {}): { har: Obj; report: SanitiseReport } {
  const log = isObj(doc) && isObj(doc.log) ? doc.log : null
  if (!log || !Array.isArray(log.entries)) throw new Error('not a HAR file: no log.entries array')
  const all = log.entries.filter(isObj)
  const chosen = opts.interesting ? interestingIndexes(all) : null
  const s = new HarSanitiser()
  const report: SanitiseReport = {
    entriesIn: all.length,
    entriesOut: 0,
    placeholders: 0,
    bodiesKept: 0,
    bodiesDropped: 0,
  }
  const entries = all
    .filter((_e, i) => (opts.keep ? opts.keep.has(i) : true) && (chosen ? chosen.has(i) : true))
    .map((e) => s.entry(e, report))
  const pageIds = new Set(entries.map((e) => str(e.pageref)))
  const pages = (Array.isArray(log.pages) ? log.pages.filter(isObj) : [])
    .filter((p) => pageIds.has(str(p.id)))
    .map((p) => ({
      startedDateTime: str(p.startedDateTime),
      id: str(p.id),
      title: /^[a-z]+:\/\//i.test(str(p.title)) ? s.url(str(p.title)) : s.text(str(p.title)),
      pageTimings: isObj(p.pageTimings) ? p.pageTimings : {},
    }))
  const out: Obj = { version: str(log.version) || '1.2', creator: isObj(log.creator) ? log.creator : {} }
  if (isObj(log.browser)) out.browser = log.browser
  if (opts.comment) out.comment = opts.comment
  out.pages = pages
  out.entries = entries
  report.entriesOut = entries.length
  const har = scrubLeftovers({ log: out }, s.ph)
  report.placeholders = s.ph.seen.size
  return { har, report }
}

/** Every spelling a value can take inside the HAR's JSON text. */
function spellings(value: string): string[] {
  const forms = new Set([value, encodeURIComponent(value), encodeURIComponent(value).replaceAll('%20', '+')])
  for (const f of [...forms]) forms.add(JSON.stringify(f).slice(1, -1))
  return [...forms].sort((a, b) => b.length - a.length)
}

/**
 * A secret taken out where it was found (a cookie value) can recur where nothing marks it (a URL
 * path, a body): every remaining occurrence becomes that secret's placeholder, and none may survive.
 */
function scrubLeftovers(har: Obj, ph: Placeholders): Obj {
  let text = JSON.stringify(har)
  const originals = [...ph.originals].sort((a, b) => b.length - a.length)
  for (const v of originals) {
    const forms = spellings(v)
    if (!forms.some((f) => text.includes(f))) continue
    const p = ph.for(v, 'redacted')
    // Whole values only: a cookie `1643952221` must not eat the middle of a timestamp.
    for (const form of forms) text = text.replace(wholeValue(form), p)
  }
  for (const v of originals)
    if (wholeValue(v).test(text)) throw new Error(`a secret survived sanitising: ${v.slice(0, 4)}…`)
  return JSON.parse(text) as Obj
}

function wholeValue(form: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9])${form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`, 'g')
}

/**
 * A value worth hunting through the whole file: long, mixing letters and digits (or an email), and
 * not a host name. Flags, words, timestamps and `www.example.com` recur innocently everywhere.
 */
function worthHunting(v: string): boolean {
  if (HAS_EMAIL.test(v)) return true
  if (v.length < MIN_SECRET || !/[A-Za-z]/.test(v) || !/\d/.test(v)) return false
  return !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(v)
}

/** `0-9,14` → {0…9, 14}. */
export function parseIndexes(spec: string): Set<number> {
  const out = new Set<number>()
  for (const part of spec.split(',')) {
    const [a, b] = part.split('-').map((x) => Number.parseInt(x, 10))
    if (a === undefined || Number.isNaN(a)) continue
    for (let i = a; i <= (b === undefined || Number.isNaN(b) ? a : b); i++) out.add(i)
  }
  return out
}

function main(argv: string[]): void {
  const [input, output, ...rest] = argv
  if (!input || !output) {
    console.error(
      'usage: sanitise-har.ts <in.har> <out.har> [--keep 0-9,14] [--interesting] [--comment <text>]',
    )
    process.exit(2)
  }
  const opts: SanitiseOptions = {}
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--keep') opts.keep = parseIndexes(rest[++i] ?? '')
    else if (rest[i] === '--interesting') opts.interesting = true
    else if (rest[i] === '--comment') opts.comment = rest[++i] ?? ''
  }
  const doc = JSON.parse(readFileSync(input, 'utf8').replace(/^\uFEFF/, '')) as unknown
  const { har, report } = sanitiseHar(doc, opts)
  writeFileSync(output, `${JSON.stringify(har, null, 1)}\n`)
  console.log(JSON.stringify(report))
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  main(process.argv.slice(2))
