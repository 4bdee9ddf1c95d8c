/**
 * Keeps one bad finding from blanking the whole panel: the devtools page is trusted, but a
 * finding from a newer or older engine may lack a field this view expects.
 */
import { Component, type ComponentChildren } from 'preact'

interface Props {
  message: string
  children: ComponentChildren
}

export class Boundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false }

  override componentDidCatch(error: unknown): void {
    console.error('Method Doctor panel: could not render', error)
    this.setState({ failed: true })
  }

  override render({ message, children }: Props) {
    return this.state.failed ? (
      <p class="render-error" role="alert">
        {message}
      </p>
    ) : (
      children
    )
  }
}
