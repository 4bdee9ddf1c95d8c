/** A shallow-props memo without pulling preact/compat into the bundle. */
import { Component, type ComponentChild } from 'preact'

export function memo<P extends object>(render: (props: P) => ComponentChild) {
  return class Memo extends Component<P> {
    override shouldComponentUpdate(next: P): boolean {
      const prev = this.props as Record<string, unknown>
      const n = next as Record<string, unknown>
      for (const k in n) if (n[k] !== prev[k]) return true
      for (const k in prev) if (!(k in n)) return true
      return false
    }
    override render(props: P): ComponentChild {
      return render(props)
    }
  }
}
