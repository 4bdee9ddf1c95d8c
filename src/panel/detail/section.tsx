/** A collapsible detail section, like the Headers tab's: native <details>, heading in the summary. */
import type { ComponentChildren } from 'preact'

export function Section({ title, children, id }: { title: string; children: ComponentChildren; id: string }) {
  return (
    <details class="section" open data-section={id}>
      <summary>
        <h3>{title}</h3>
      </summary>
      <div class="section-body">{children}</div>
    </details>
  )
}
