/** Inline 16 px SVG icons, DevTools-style. Decorative: the control or row carries the label. */
import type { ComponentChildren } from 'preact'

function Svg({ children, cls }: { children: ComponentChildren; cls?: string }) {
  return (
    <svg
      class={`icon ${cls ?? ''}`}
      viewBox="0 0 16 16"
      width="16"
      height="16"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  )
}

const line = {
  fill: 'none',
  stroke: 'currentColor',
  'stroke-width': 1.4,
  'stroke-linecap': 'round',
  'stroke-linejoin': 'round',
} as const

export const IconClear = () => (
  <Svg>
    <circle cx="8" cy="8" r="5.8" {...line} />
    <path d="M3.9 12.1l8.2-8.2" {...line} />
  </Svg>
)
export const IconImport = () => (
  <Svg>
    <path d="M8 10.5V2.5M5 5.5l3-3 3 3M2.5 10v3.5h11V10" {...line} />
  </Svg>
)
export const IconExport = () => (
  <Svg>
    <path d="M8 2.5v8M5 7.5l3 3 3-3M2.5 10v3.5h11V10" {...line} />
  </Svg>
)
export const IconClose = () => (
  <Svg>
    <path d="M4 4l8 8M12 4l-8 8" {...line} />
  </Svg>
)
export const IconBack = () => (
  <Svg>
    <path d="M13 8H3.5M7.5 4L3.5 8l4 4" {...line} />
  </Svg>
)
export const IconCopy = () => (
  <Svg>
    <rect x="5.5" y="5.5" width="8" height="8" rx="1.2" {...line} />
    <path d="M10.5 3.5v-.8c0-.6-.5-1.2-1.2-1.2H3.7c-.7 0-1.2.6-1.2 1.2v5.6c0 .7.5 1.2 1.2 1.2h.8" {...line} />
  </Svg>
)
export const IconFilter = () => (
  <Svg>
    <path d="M2.5 3.5h11l-4.3 5v4.3l-2.4-1.3v-3z" {...line} />
  </Svg>
)
export const IconRefresh = () => (
  <Svg>
    <path d="M13 8a5 5 0 1 1-1.5-3.6M13 2.5v2.8h-2.8" {...line} />
  </Svg>
)
export const IconChevron = () => (
  <Svg cls="chev">
    <path d="M5 6.5l3 3 3-3" {...line} />
  </Svg>
)
export const IconExternal = () => (
  <Svg cls="ext">
    <path
      d="M9.5 2.5h4v4M13.5 2.5L8 8M11.5 9.5v3.2c0 .5-.4.8-.8.8H3.3c-.5 0-.8-.4-.8-.8V5.3c0-.5.4-.8.8-.8h3.2"
      {...line}
    />
  </Svg>
)
export const IconKey = () => (
  <Svg>
    <circle cx="5.5" cy="10.5" r="3" {...line} />
    <path d="M7.6 8.4L13.5 2.5M11.5 4.5l1.5 1.5M10 6l1.2 1.2" {...line} />
  </Svg>
)
