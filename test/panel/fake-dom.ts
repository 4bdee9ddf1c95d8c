/**
 * The few DOM calls preact makes to render and patch a tree, so panel components can be rendered
 * in vitest's node environment without a DOM package. Not a DOM: no selectors, no layout, no
 * bubbling beyond the listeners preact attaches to the target itself.
 */

type Listener = (e: FakeEvent) => unknown

export interface FakeEvent {
  type: string
  target: FakeNode
  currentTarget: FakeNode | null
  defaultPrevented: boolean
  preventDefault(): void
  stopPropagation(): void
}

export class FakeNode {
  parentNode: FakeElement | null = null
  constructor(
    readonly nodeType: number,
    readonly ownerDocument: FakeDocument,
  ) {}

  get nextSibling(): FakeNode | null {
    const siblings = this.parentNode?.childNodes
    if (!siblings) return null
    return siblings[siblings.indexOf(this) + 1] ?? null
  }

  remove(): void {
    this.parentNode?.removeChild(this)
  }

  get textContent(): string {
    return ''
  }
}

export class FakeText extends FakeNode {
  constructor(
    public data: string,
    doc: FakeDocument,
  ) {
    super(3, doc)
  }

  override get textContent(): string {
    return this.data
  }
}

export class FakeElement extends FakeNode {
  childNodes: FakeNode[] = []
  readonly attrs = new Map<string, string>()
  readonly style: Record<string, string> = {}
  private readonly listeners = new Map<string, Set<Listener>>()

  constructor(
    readonly localName: string,
    readonly namespaceURI: string,
    doc: FakeDocument,
  ) {
    super(1, doc)
  }

  get firstChild(): FakeNode | null {
    return this.childNodes[0] ?? null
  }

  get attributes(): { name: string; value: string }[] {
    return [...this.attrs].map(([name, value]) => ({ name, value }))
  }

  override get textContent(): string {
    return this.childNodes.map((c) => c.textContent).join('')
  }

  insertBefore(node: FakeNode, ref: FakeNode | null): FakeNode {
    node.remove()
    const at = ref ? this.childNodes.indexOf(ref) : -1
    if (at < 0) this.childNodes.push(node)
    else this.childNodes.splice(at, 0, node)
    node.parentNode = this
    return node
  }

  appendChild(node: FakeNode): FakeNode {
    return this.insertBefore(node, null)
  }

  removeChild(node: FakeNode): FakeNode {
    this.childNodes = this.childNodes.filter((c) => c !== node)
    node.parentNode = null
    return node
  }

  setAttribute(name: string, value: unknown): void {
    this.attrs.set(name, String(value))
  }

  getAttribute(name: string): string | null {
    return this.attrs.get(name) ?? null
  }

  removeAttribute(name: string): void {
    this.attrs.delete(name)
  }

  addEventListener(type: string, fn: Listener): void {
    const set = this.listeners.get(type) ?? new Set<Listener>()
    this.listeners.set(type, set)
    set.add(fn)
  }

  removeEventListener(type: string, fn: Listener): void {
    this.listeners.get(type)?.delete(fn)
  }

  /** Runs this element's listeners synchronously, as a browser does for a real click. */
  dispatch(type: string): FakeEvent {
    const e: FakeEvent = {
      type,
      target: this,
      currentTarget: this,
      defaultPrevented: false,
      preventDefault() {
        e.defaultPrevented = true
      },
      stopPropagation() {},
    }
    for (const fn of [...(this.listeners.get(type) ?? [])]) fn.call(this, e)
    e.currentTarget = null
    return e
  }

  /** Descendant elements (depth first) that match. */
  findAll(pred: (el: FakeElement) => boolean): FakeElement[] {
    const out: FakeElement[] = []
    for (const c of this.childNodes) {
      if (!(c instanceof FakeElement)) continue
      if (pred(c)) out.push(c)
      out.push(...c.findAll(pred))
    }
    return out
  }

  /** The first descendant `<tag>` (optionally with a `class` token), or null. */
  find(tag: string, cls?: string): FakeElement | null {
    return (
      this.findAll(
        (el) => el.localName === tag && (!cls || (el.getAttribute('class') ?? '').split(/\s+/).includes(cls)),
      )[0] ?? null
    )
  }
}

export class FakeDocument {
  createElementNS(ns: string, tag: string): FakeElement {
    return new FakeElement(tag, ns, this)
  }

  createElement(tag: string): FakeElement {
    return this.createElementNS('http://www.w3.org/1999/xhtml', tag)
  }

  createTextNode(data: unknown): FakeText {
    return new FakeText(String(data), this)
  }
}

/** An empty `<div>` to render into. */
export function container(): FakeElement {
  return new FakeDocument().createElement('div')
}
