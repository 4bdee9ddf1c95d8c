/** FNV-1a, 32-bit, as 8 hex chars: stable ids without crypto APIs. */
export function hash(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0).toString(16).padStart(8, '0')
}

/**
 * Two independent 32-bit hashes (FNV-1a and a Murmur-style multiply) of one pass over the text,
 * as unsigned numbers: what a Bloom filter derives its bit positions from.
 */
export function hashPair(text: string): [number, number] {
  let a = 0x811c9dc5
  let b = 0x9747b28c
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(b ^ c, 0x5bd1e995)
    b ^= b >>> 15
  }
  return [a >>> 0, b >>> 0]
}

/**
 * 64 bits from two independent 32-bit passes (hashPair), as 16 hex chars: a short key for counting
 * identical-looking requests, with collisions negligible at millions of entries (a 32-bit hash
 * alone would already collide at a hundred thousand).
 */
export function hash64(text: string): string {
  const [a, b] = hashPair(text)
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0')
}

/**
 * 53 bits of the two passes as one number (exact in a double): a Map key hashed as a number, not a
 * 16-character string built per request; collisions stay negligible in the engine's windows
 * (32k ids: about 1 in 10^8).
 */
export function hash53(text: string): number {
  const [a, b] = hashPair(text)
  return a * 0x200000 + (b >>> 11)
}
