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

/**
 * IPv4 metadata services outside link-local: Alibaba Cloud's (100.100.100.200) and Azure's
 * WireServer (168.63.129.16, the host node that hands the VM agent its configuration and
 * certificates).
 */
const METADATA_V4: readonly (readonly number[])[] = [
  [100, 100, 100, 200],
  [168, 63, 129, 16],
]

/**
 * IPv6 metadata services: AWS's instance metadata (fd00:ec2::254) and EKS Pod Identity agent
 * (fd00:ec2::23, which hands pods their credentials), Google Cloud's metadata server (fd20:ce::254).
 */
const METADATA_V6: readonly (readonly number[])[] = [
  [0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x254],
  [0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x23],
  [0xfd20, 0x00ce, 0, 0, 0, 0, 0, 0x254],
]

const same = (a: readonly number[], b: readonly number[]) => a.every((x, i) => x === b[i])

function ipv4(s: string): number[] | null {
  const parts = s.split('.')
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null
  const n = parts.map(Number)
  return n.every((x) => x <= 255) ? n : null
}

function forbiddenV4(n: readonly number[]): boolean {
  return (n[0] === 169 && n[1] === 254) || METADATA_V4.some((m) => same(n, m))
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

/**
 * The IPv4 address an IPv6 address carries after a prefix of `prefixBits` (RFC 6052 §2.2): for
 * prefixes up to /64 bits 64-71 (the "u" octet) are skipped.
 */
function embeddedAfter(g: readonly number[], prefixBits: number): number[] {
  const bytes = g.flatMap((x) => [x >> 8, x & 0xff])
  if (prefixBits <= 64) bytes.splice(8, 1)
  return bytes.slice(prefixBits / 8, prefixBits / 8 + 4)
}

/** Every IPv4 address an IPv6 address can carry to an IPv4 host (mapped, translated, NAT64, 6to4). */
function embeddedV4(g: readonly number[]): number[][] {
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0)
  const out: number[][] = []
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), ::ffff:0:a.b.c.d (translated, RFC 2765).
  if ((zeroTo(5) && g[5] === 0xffff) || zeroTo(6) || (zeroTo(4) && g[4] === 0xffff && g[5] === 0))
    out.push(embeddedAfter(g, 96))
  // 64:ff9b::/96, the well-known NAT64 prefix (RFC 6052).
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) out.push(embeddedAfter(g, 96))
  // 64:ff9b:1::/48, local-use NAT64 (RFC 8215): the operator picks a /48, /56, /64 or /96 inside it,
  // and each length puts the IPv4 address elsewhere (RFC 6052 §2.2), so every place is checked.
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1)
    for (const bits of [48, 56, 64, 96]) out.push(embeddedAfter(g, bits))
  // 2002:a.b.c.d::/48, 6to4 (RFC 3056).
  if (g[0] === 0x2002) out.push(embeddedAfter(g, 16))
  return out
}

function forbiddenV6(g: readonly number[]): boolean {
  // fe80::/10 link-local.
  if ((g[0]! & 0xffc0) === 0xfe80) return true
  if (METADATA_V6.some((m) => same(g, m))) return true
  return embeddedV4(g).some(forbiddenV4)
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
