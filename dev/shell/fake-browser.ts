/**
 * The extension APIs in the inline shell, where vite.shell.config.ts puts this module in place of
 * webextension-polyfill: `storage.local` in memory (the panel's probe choices and the devtools
 * page's settings, read back by the worker as in the browser; a reload starts afresh) and
 * `permissions` as Chrome grants them: the manifest's loopback hosts from the start, another host
 * when the user clicks (the fake user always says yes). Nothing else exists, so the panel takes
 * its fallbacks for the rest (platform.ts), as in any page that is no extension.
 */
import manifest from '../../manifest.json' with { type: 'json' }

type Items = Record<string, unknown>
type Keys = string | string[] | null | undefined

const stored = new Map<string, unknown>()
const granted = new Set<string>()

/** Back to a browser that has just loaded the extension, as a reload of the shell does. */
export function resetFakeBrowser(): void {
  stored.clear()
  granted.clear()
  for (const pattern of manifest.host_permissions) granted.add(pattern)
}
resetFakeBrowser()

const keysOf = (keys: Keys): string[] =>
  keys === null || keys === undefined ? [...stored.keys()] : typeof keys === 'string' ? [keys] : keys

export const fakeBrowser = {
  storage: {
    local: {
      async get(keys?: Keys): Promise<Items> {
        const out: Items = {}
        for (const k of keysOf(keys)) if (stored.has(k)) out[k] = structuredClone(stored.get(k))
        return out
      },
      async set(items: Items): Promise<void> {
        for (const [k, v] of Object.entries(items)) stored.set(k, structuredClone(v))
      },
      async remove(keys: string | string[]): Promise<void> {
        for (const k of keysOf(keys)) stored.delete(k)
      },
    },
  },
  /** Match patterns compared as written: the panel and the worker both ask for `scheme://host/*`. */
  permissions: {
    async contains({ origins = [] }: { origins?: string[] }): Promise<boolean> {
      return origins.every((o) => granted.has(o))
    },
    async request({ origins = [] }: { origins?: string[] }): Promise<boolean> {
      for (const o of origins) granted.add(o)
      return true
    },
    async remove({ origins = [] }: { origins?: string[] }): Promise<boolean> {
      return origins.map((o) => granted.delete(o)).some(Boolean)
    },
  },
}

export default fakeBrowser
