/** Finding texts (causes, fixes, evidence …) rendered safely: visible bidi, long params shortened. */
import type { Translator } from '../../core/i18n'
import type { Text } from '../../core/types'
import { middle, visible } from '../text'

const PARAM_MAX = 160

export interface Shown {
  text: string
  /** The untruncated text, when a parameter was shortened. */
  title: string | undefined
}

export function renderText(tr: Translator, item: Text): Shown | null {
  const full = tr.text(item)
  if (full === null) return null
  const params = item.params
  if (!params || !Object.values(params).some((v) => v.length > PARAM_MAX))
    return { text: visible(full), title: undefined }
  const short: Record<string, string> = {}
  for (const [k, v] of Object.entries(params)) short[k] = middle(v, PARAM_MAX)
  return { text: visible(tr.text({ ...item, params: short }) ?? full), title: visible(full) }
}

export function TextList({
  tr,
  items,
  ordered,
}: {
  tr: Translator
  items: readonly Text[]
  ordered?: boolean
}) {
  const shown = items.map((i) => renderText(tr, i)).filter((x): x is Shown => x !== null)
  if (shown.length === 0) return null
  const lis = shown.map((s, i) => (
    <li key={i} title={s.title}>
      {s.text}
    </li>
  ))
  return ordered ? <ol class="texts">{lis}</ol> : <ul class="texts">{lis}</ul>
}
