/**
 * Addresses a probe never goes to, whoever asks: link-local (169.254.0.0/16, fe80::/10) and the
 * cloud metadata services, where a request from the wrong place can read instance credentials.
 * Hosts come as `URL.hostname` writes them, so every spelling the URL parser accepts for an IPv4
 * address (decimal `2852039166`, hex `0xa9fea9fe`, octal `0251.0376.0251.0376`, short forms) has
 * already become dotted decimal, and IPv6 is lower case in brackets.
 */

const METADATA_NAMES = new Set([
  'metadata',
  'metadata.google.internal',
  'instance-data',
  'instance-data.ec2.internal',
])

/** 100.100.100.200: Alibaba Cloud's metadata service (outside link-local). */
const METADATA_V4 = [100, 100, 100, 200]

function ipv4(s: string): number[] | null {
  const parts = s.split('.')
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null
  const n = parts.map(Number)
  return n.every((x) => x <= 255) ? n : null
}

function forbiddenV4(n: readonly number[]): boolean {
  return (n[0] === 169 && n[1] === 254) || n.every((x, i) => x === METADATA_V4[i])
}

/** Eight 16-bit groups, or null. Accepts `::` and a trailing dotted IPv4. */
function ipv6(s: string): number[] | null {
  let text = s
  const lastColon = text.lastIndexOf(':')
  const last = text.slice(lastColon + 1)
  if (last.includes('.')) {
    const v4 = ipv4(last)
    if (!v4) return null
    const hex = (a: number, b: number) => ((a << 8) | b).toString(16)
    text = `${text.slice(0, lastColon + 1)}${hex(v4[0]!, v4[1]!)}:${hex(v4[2]!, v4[3]!)}`
  }
  const halves = text.split('::')
  if (halves.length > 2) return null
  const groups = (h: string): number[] | null => {
    if (h === '') return []
    const out: number[] = []
    for (const g of h.split(':')) {
      if (!/^[0-9a-f]{1,4}$/i.test(g)) return null
      out.push(Number.parseInt(g, 16))
    }
    return out
  }
  const head = groups(halves[0]!)
  const rest = halves.length === 2 ? groups(halves[1]!) : []
  if (!head || !rest) return null
  if (halves.length === 1) return head.length === 8 ? head : null
  if (head.length + rest.length > 7) return null
  return [...head, ...new Array<number>(8 - head.length - rest.length).fill(0), ...rest]
}

function forbiddenV6(g: readonly number[]): boolean {
  // fe80::/10 link-local.
  if ((g[0]! & 0xffc0) === 0xfe80) return true
  // fd00:ec2::254, AWS's IPv6 metadata address.
  if (g[0] === 0xfd00 && g[1] === 0x0ec2 && g.slice(2, 7).every((x) => x === 0) && g[7] === 0x254) return true
  // An IPv4 address inside IPv6: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d).
  const embedded = [g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff]
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0)
  if (
    (zeroTo(5) && g[5] === 0xffff) ||
    zeroTo(6) ||
    (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0))
  )
    return forbiddenV4(embedded)
  return false
}

/** An IP address as a resolver returns it (no brackets): link-local or metadata? */
export function isForbiddenAddress(ip: string): boolean {
  const v4 = ipv4(ip)
  if (v4) return forbiddenV4(v4)
  const v6 = ipv6(ip.replace(/%.*$/, ''))
  return v6 !== null && forbiddenV6(v6)
}

/** A host as `URL.hostname` writes it: a metadata name, or a link-local or metadata address? */
export function isForbiddenHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '')
  if (METADATA_NAMES.has(host)) return true
  if (host.startsWith('[') && host.endsWith(']')) return isForbiddenAddress(host.slice(1, -1))
  return isForbiddenAddress(host)
}

/** The same check on a whole URL; an unparsable one counts as forbidden. */
export function isForbiddenUrl(url: string): boolean {
  try {
    return isForbiddenHost(new URL(url).hostname)
  } catch {
    return true
  }
}
