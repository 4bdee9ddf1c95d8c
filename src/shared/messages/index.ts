/**
 * Every message between the extension's contexts. The contract is one table (`table.ts`): each
 * type with its sender, receiver, channel and field check; the types and guards below are
 * derived from it, one per direction. Channels:
 *   devtools page  <-BroadcastChannel "method-doctor/tab/<tabId>"->  panel
 *   devtools page  <-BroadcastChannel "method-doctor/discovery"->    panel opened as a tab
 *   devtools page  <-runtime Port "method-doctor/devtools"->          background worker
 *   devtools page  <-postMessage->                                    its description parser (Web Worker)
 * Nothing else talks to us: BroadcastChannel is limited to our own origin, and the worker
 * only accepts ports from this extension's own pages.
 */
import { isObj } from './checks'
import { accepts, isMessageType, type MessageOn } from './table'

export type { CaptureSettings, CaptureStats } from './capture'
export type { ApiDescriptionStatus } from './description'
export { type FindingSummary, normalizeFinding, normalizeSummary, summarize } from './finding'
export type { LadderRequestMessage, ProbeRefusal, ProbeState, ProbeStatus } from './probe'
export { isProbeResult } from './probe'
export type { Channel, Context, Message, MessageOn, MessageType } from './table'
export { MESSAGES } from './table'
export type { TryRefusal, TryState } from './try-fix'

export const PORT_NAME = 'method-doctor/devtools'
export const tabChannel = (tabId: number): string => `method-doctor/tab/${tabId}`
/** Devtools pages announce themselves here, so a panel opened in a tab can attach (?tab=auto). */
export const DISCOVERY_CHANNEL = 'method-doctor/discovery'

export type PanelToDevtools = MessageOn<'tab', 'panel', 'devtools'>
export type DevtoolsToPanel = MessageOn<'tab', 'devtools', 'panel'>
/** Both directions: panels post `panel/discover`, devtools pages `devtools/announce`. */
export type Discovery = MessageOn<'discovery'>
export type DevtoolsToWorker = MessageOn<'port', 'devtools', 'worker'>
export type WorkerToDevtools = MessageOn<'port', 'worker', 'devtools'>
export type DevtoolsToParser = MessageOn<'parser', 'devtools', 'parser'>
export type ParserToDevtools = MessageOn<'parser', 'parser', 'devtools'>

export const isPanelToDevtools = accepts('tab', 'panel', 'devtools')
export const isDevtoolsToPanel = accepts('tab', 'devtools', 'panel')
export const isDiscovery = accepts('discovery')
export const isDevtoolsToWorker = accepts('port', 'devtools', 'worker')
export const isWorkerToDevtools = accepts('port', 'worker', 'devtools')
export const isDevtoolsToParser = accepts('parser', 'devtools', 'parser')
export const isParserToDevtools = accepts('parser', 'parser', 'devtools')

// The parser's messages under the names src/devtools imports (the same types and guards).
export type DescriptionParseRequest = DevtoolsToParser
export type DescriptionParseReply = ParserToDevtools
export const isDescriptionParseRequest = isDevtoolsToParser
export const isDescriptionParseReply = isParserToDevtools

/** Why a message was dropped, for the console: never the message itself (it may be hostile or large). */
export function describeDrop(m: unknown): string {
  if (!isObj(m)) return `non-object message (${m === null ? 'null' : typeof m})`
  const type = typeof m.type === 'string' ? m.type : undefined
  if (type === undefined)
    return `message without a type (keys: ${Object.keys(m).slice(0, 6).join(', ').slice(0, 80)})`
  const shown = JSON.stringify(type.slice(0, 40))
  return isMessageType(type)
    ? `malformed ${shown} message (a field is missing or of the wrong type)`
    : `unknown message type ${shown}`
}
