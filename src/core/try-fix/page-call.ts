/**
 * The code "Try the fix" runs in the inspected page, as two constant functions. Their arguments
 * are JSON (`(source)(json)`), so nothing from a finding, the page or the user is ever part of the
 * code. `inspectedWindow.eval` does not wait for promises: the send function returns at once and
 * notes the outcome in a slot (a property of the page's global under a random key); the read
 * function takes it back. What comes back is the page's to forge: `slotOf` checks its shape, and
 * the verdict uses it only to lower what the network log shows (verdict.ts).
 */
import type { TryRequest } from './request'

/** Sends one request (redirects not followed: one request, one answer) and notes its outcome. */
export const SEND_SOURCE = `function (a) {
  "use strict";
  var slot = { state: "pending", status: 0, type: "" };
  Object.defineProperty(globalThis, a.slot, { value: slot, configurable: true });
  var init = { method: a.method, headers: a.headers, credentials: a.credentials, redirect: "manual", cache: "no-store" };
  if (a.body !== null) init.body = a.body;
  fetch(a.url, init).then(function (r) {
    slot.status = r.status;
    slot.type = r.type;
    var done = function () { slot.state = "answered"; };
    return r.arrayBuffer().then(done, done);
  }, function () { slot.state = "failed"; });
  return "sent";
}`

/** Reads a slot (and removes it once settled); null when there is none. */
export const READ_SOURCE = `function (k) {
  "use strict";
  var d = Object.getOwnPropertyDescriptor(globalThis, k);
  var v = d && d.value;
  if (!v || typeof v !== "object") return null;
  var out = { state: String(v.state), status: Number(v.status), type: String(v.type) };
  if (out.state !== "pending") delete globalThis[k];
  return out;
}`

export interface SendArgs extends TryRequest {
  slot: string
}

/** The slot's key: the extension's own random id, never the page's. */
export const slotKey = (random: string): string => `__methodDoctorTry_${random.replace(/[^A-Za-z0-9]/g, '')}`

export const sendExpression = (args: SendArgs): string => `(${SEND_SOURCE})(${JSON.stringify(args)})`
export const readExpression = (slot: string): string => `(${READ_SOURCE})(${JSON.stringify(slot)})`

/** What the page says its fetch did: hostile data, only its shape trusted. */
export interface PageSlot {
  state: 'pending' | 'answered' | 'failed'
  status: number
  type: string
}

const STATES: readonly string[] = ['pending', 'answered', 'failed']

export function slotOf(v: unknown): PageSlot | null {
  if (typeof v !== 'object' || v === null) return null
  const o = v as Record<string, unknown>
  if (typeof o.state !== 'string' || !STATES.includes(o.state)) return null
  const status =
    typeof o.status === 'number' && Number.isInteger(o.status) && o.status >= 0 && o.status < 1000
      ? o.status
      : 0
  const type = typeof o.type === 'string' ? o.type.slice(0, 16) : ''
  return { state: o.state as PageSlot['state'], status, type }
}
