/**
 * Typed reads of the devtools page's read-only hook, `globalThis.__methodDoctor` (its type:
 * src/devtools/debug-hook.ts), for the Chromium and the Firefox suites: each gives its own way of
 * evaluating an expression in the devtools page.
 */
import type { MethodDoctorHook } from '../../src/devtools/debug-hook'

type Method = keyof MethodDoctorHook
export type HookValue<K extends Method> = ReturnType<MethodDoctorHook[K]>

const HOOK = 'globalThis.__methodDoctor'

/**
 * An expression that calls one of the hook's methods, for a script that needs the value in the
 * page (within one evaluation). With `orElse`, the expression is that value while the hook is not
 * defined yet (the devtools page is still starting); without, it throws then.
 */
export function hookExpression<K extends Method>(name: K, orElse?: HookValue<K>): string {
  const call = `${HOOK}.${name}()`
  return orElse === undefined ? call : `(${HOOK} ? ${call} : ${JSON.stringify(orElse)})`
}

/** Evaluates an expression in the devtools page; the value comes back as JSON. */
export type EvaluateInDevtoolsPage = (expression: string) => Promise<unknown>

/** The hook's methods, read from the test: `orElse` as in `hookExpression`. */
export type HookReader = { readonly [K in Method]: (orElse?: HookValue<K>) => Promise<HookValue<K>> }

export function hookReader(evaluate: EvaluateInDevtoolsPage): HookReader {
  const read =
    <K extends Method>(name: K) =>
    (orElse?: HookValue<K>) =>
      evaluate(hookExpression(name, orElse)) as Promise<HookValue<K>>
  return {
    stats: read('stats'),
    probes: read('probes'),
    descriptions: read('descriptions'),
    findings: read('findings'),
    ready: read('ready'),
    navigations: read('navigations'),
  }
}
