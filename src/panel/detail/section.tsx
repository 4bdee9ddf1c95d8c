/** A collapsible detail section, like the Headers tab's: native <details>, heading in the summary. */
import type { ComponentChildren } from 'preact'

interface Props {
  title: string
  children: ComponentChildren
  id: string
  /** 4 inside one finding of a request that has several (each under its own h3). */
  level?: 3 | 4
}

export function Section({ title, children, id, level = 3 }: Props) {
  const H = level === 4 ? 'h4' : 'h3'
  return (
    <details class="section" open data-section={id}>
      <summary>
        <H>{title}</H>
      </summary>
      <div class="section-body">{children}</div>
    </details>
  )
}
