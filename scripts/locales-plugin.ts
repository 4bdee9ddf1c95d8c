import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Plugin } from 'vite'

/** Merges src/locales/<lang>/*.json into the extension's _locales/<lang>/messages.json. */
export function mergedLocales(dir: string): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {}
  for (const lang of readdirSync(dir)) {
    const merged: Record<string, unknown> = {}
    for (const file of readdirSync(join(dir, lang))
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const data = JSON.parse(readFileSync(join(dir, lang, file), 'utf8')) as Record<string, unknown>
      for (const [k, v] of Object.entries(data)) {
        if (k in merged) throw new Error(`duplicate message id ${k} in ${lang}/${file}`)
        merged[k] = v
      }
    }
    out[lang] = merged
  }
  return out
}

export function localesPlugin(dir: string): Plugin {
  return {
    name: 'method-doctor-locales',
    generateBundle() {
      for (const [lang, messages] of Object.entries(mergedLocales(dir))) {
        this.emitFile({
          type: 'asset',
          fileName: `_locales/${lang}/messages.json`,
          source: JSON.stringify(messages),
        })
      }
    },
  }
}
