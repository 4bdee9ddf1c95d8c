import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { LookupFunction } from 'node:net'
import { Readable } from 'node:stream'
import { isForbiddenAddress, isForbiddenHost } from '../core/probe/address'
import type { TextFetch } from '../core/probe/fetch-text'
import type { ProbeFetch } from '../core/probe/send-step'

/** What resolves a host name: `dns.lookup`'s shape, so a test can inject its own. */
export type Resolver = (
  hostname: string,
  options: LookupOptions & { all: true },
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void

const systemResolver: Resolver = (hostname, options, callback) => dnsLookup(hostname, options, callback)

export class ForbiddenAddressError extends Error {
  readonly code = 'EFORBIDDEN'
}

/**
 * Resolves with the given resolver, then refuses a name that resolves to any link-local or
 * cloud-metadata address. It runs at connect time, for the very address the socket will use, so a
 * name that answers differently the second time (DNS rebinding) cannot slip past.
 */
export function guardedLookup(resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0)
      const bad = addresses.find((a) => isForbiddenAddress(a.address))
      if (bad || addresses.length === 0)
        return callback(
          new ForbiddenAddressError(`${hostname} resolves to a link-local or metadata address`),
          '',
          0,
        )
      // Node asks for every address when it races IPv4 and IPv6 (autoSelectFamily), else one.
      if ((options as LookupOptions).all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses)
      const first = addresses[0]!
      callback(null, first.address, first.family)
    })
  }
}

/**
 * One request with node:http(s): no cookies, no redirects followed, and every address checked by
 * `guardedLookup` (an address literal is checked before anything is sent, since no lookup happens
 * for it). Resolves with the response, its body not yet read.
 */
function guardedRequest(
  lookup: LookupFunction,
  url: string,
  init: { method: string; signal: AbortSignal; headers: Record<string, string> },
): Promise<IncomingMessage> {
  return new Promise((ok, fail) => {
    const u = new URL(url)
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return fail(new Error('not http(s)'))
    if (isForbiddenHost(u.hostname))
      return fail(new ForbiddenAddressError(`${u.hostname} is a link-local or metadata address`))
    const send = u.protocol === 'https:' ? httpsRequest : httpRequest
    const req = send(
      u,
      { method: init.method, lookup, signal: init.signal, agent: false, headers: init.headers },
      ok,
    )
    req.on('error', fail)
    req.end()
  })
}

/** A probe's fetch for Node: status and headers only, the body never read. */
export function guardedFetch(resolve: Resolver = systemResolver): ProbeFetch {
  const lookup = guardedLookup(resolve)
  return async (url, init) => {
    const res = await guardedRequest(lookup, url, {
      method: init.method,
      signal: init.signal,
      headers: { accept: '*/*' },
    })
    // Status and headers only: the connection is dropped before any body is read.
    res.destroy()
    return { status: res.statusCode ?? 0, headers: { get: (name) => headerValue(res, name) }, body: null }
  }
}

/** The API-description download's fetch for Node: the same address rules as the probes. */
export function guardedTextFetch(resolve: Resolver = systemResolver): TextFetch {
  const lookup = guardedLookup(resolve)
  return async (url, init) => {
    const res = await guardedRequest(lookup, url, init)
    return {
      status: res.statusCode ?? 0,
      // Node's web stream is the global ReadableStream; only the two type libraries differ.
      body: Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>,
    }
  }
}

function headerValue(res: IncomingMessage, name: string): string | null {
  const v = res.headers[name.toLowerCase()]
  return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v
}
