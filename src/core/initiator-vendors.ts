/**
 * Script URLs that hold library code, not the page's own: a stack frame there is skipped while a
 * frame of the page's own code follows (initiator.ts). Data, like the fingerprints: add a pattern
 * with the bundler or host it comes from. Narrow on purpose: a chunk that may hold the app's own
 * modules (Next.js's numbered chunks, Nuxt's `_nuxt/`) is never listed.
 */
export const VENDOR_CHUNK_PATTERNS: readonly RegExp[] = [
  // Any dev server that serves packages by path (Vite's /node_modules/.vite/deps/, /@fs/…/node_modules/).
  /\/node_modules\//,
  // webpack's split vendor chunks (vendors~main.js, vendors-node_modules_axios…js) and Vue CLI's.
  /\/vendors?[~.-][^/]*\.m?js(\?|#|$)/i,
  /\/chunk-vendors(\.[^/]*)?\.m?js(\?|#|$)/i,
  // Next.js's own runtime chunks (the app's code lives in page and numbered chunks).
  /\/_next\/static\/chunks\/(framework|main|main-app|webpack|polyfills)(-[^/]*)?\.js(\?|#|$)/,
  // Libraries loaded from public CDNs.
  /^https?:\/\/(cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com|ajax\.googleapis\.com|code\.jquery\.com|esm\.sh|cdn\.skypack\.dev)\//i,
]
