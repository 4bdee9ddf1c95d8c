import { describe, expect, it } from 'vitest'
import {
  allowedChips,
  hopViews,
  isManifestOrigin,
  originPattern,
  sourceGroups,
  splitFixes,
  usedMethod,
} from '../../src/panel/view-model'
import { demoFindings } from './helpers'

const findings = demoFindings()
const byKind = (kind: string, url = '') =>
  findings.find((f) => f.kind === kind && f.request.url.includes(url))!

describe('row view model', () => {
  it('marks the hop where a redirect changed the method', () => {
    const f = byKind('redirect-method-change', '/api/orders')
    expect(hopViews(f.chain).map((h) => [h.method, h.status, h.changedFrom])).toEqual([
      ['POST', 301, null],
      ['GET', 405, 'POST'],
    ])
    expect(usedMethod(f)).toBe('GET')
  })

  it('puts the rejected method first, struck, and keeps the allowed ones', () => {
    const f = byKind('wrong-method', '/api/items')
    expect(allowedChips(f)).toEqual([
      { method: 'POST', state: 'rejected' },
      { method: 'GET', state: 'allowed' },
      { method: 'HEAD', state: 'allowed' },
    ])
  })

  it('says unknown when no source knows the allowed methods', () => {
    const f = byKind('static-host')
    expect(f.allowed.methods).toBeNull()
    expect(allowedChips(f)).toEqual([
      { method: 'POST', state: 'used' },
      { method: '', state: 'unknown' },
    ])
  })

  it('a rejected preflight is about the method the browser asked for', () => {
    expect(usedMethod(byKind('cors-preflight-rejected'))).toBe('PUT')
  })

  it('names where the allowed list came from, never CORS when a route list exists', () => {
    expect(sourceGroups(byKind('wrong-method', '/api/items'))).toEqual(['response', 'traffic'])
    const withCors = {
      allowed: {
        methods: ['GET'],
        sources: [
          { source: 'probe-cors' as const, methods: ['GET', 'PUT'] },
          { source: 'traffic' as const, methods: ['GET'] },
        ],
        notes: [],
      },
    }
    expect(sourceGroups(withCors)).toEqual(['traffic'])
    expect(sourceGroups({ allowed: { ...withCors.allowed, methods: null } })).toEqual(['cors', 'traffic'])
  })

  it('finds the server-side fix among the fixes', () => {
    const f = byKind('wrong-method', '8101')
    const { client, server } = splitFixes(f.fixes)
    expect(server.map((x) => x.id)).toContain('fw_fastapi_fix')
    expect(client.every((x) => !x.id.startsWith('fw_'))).toBe(true)
  })

  it('builds port-less match patterns and knows the manifest origins', () => {
    expect(originPattern('https://api.example.com:8443')).toBe('https://api.example.com/*')
    expect(originPattern('ftp://x')).toBeNull()
    expect(isManifestOrigin('http://127.0.0.1:8405')).toBe(true)
    expect(isManifestOrigin('http://localhost:3000')).toBe(true)
    expect(isManifestOrigin('https://localhost')).toBe(false)
    expect(isManifestOrigin('https://api.example.com')).toBe(false)
  })
})
