/** The parts of a HAR entry the generator reads or rewrites; everything else is carried as is. */
export interface NameValue {
  name: string
  value: string
}

export interface HarContent {
  size: number
  mimeType?: string
  text?: string
  encoding?: string
  [extra: string]: unknown
}

export interface HarRequest {
  method: string
  url: string
  headers: NameValue[]
  [extra: string]: unknown
}

export interface HarResponse {
  status: number
  statusText: string
  headers: NameValue[]
  content: HarContent
  redirectURL: string
  bodySize?: number
  [extra: string]: unknown
}

export interface HarEntry {
  startedDateTime: string
  time: number
  request: HarRequest
  response: HarResponse
  _resourceType?: string
  [extra: string]: unknown
}

export interface HarDoc {
  log: {
    version: string
    creator: { name: string; version: string }
    entries: HarEntry[]
    [extra: string]: unknown
  }
}

export function setHeader(headers: NameValue[], name: string, value: string): void {
  const lower = name.toLowerCase()
  const h = headers.find((x) => x.name.toLowerCase() === lower)
  if (h) h.value = value
  else headers.push({ name, value })
}

export function getHeader(headers: readonly NameValue[], name: string): string | undefined {
  const lower = name.toLowerCase()
  return headers.find((x) => x.name.toLowerCase() === lower)?.value
}
