/** Renders a check's handlebars Rego template for Rego v0 or v1 (stub until templates land). */
import type { RegoVersion, RenderedCheck } from "./types.js";

/** Names of the shared Rego libraries under templates/lib/. */
export const LIB_NAMES: readonly string[] = [];

/** Rego of one check plus the library modules it imports. */
export function renderCheckRego(id: string, opts: { regoVersion: RegoVersion }): RenderedCheck {
  throw new Error(`renderCheckRego(${id}, ${opts.regoVersion}): not implemented yet`);
}

/** Text of one shared library module for a Rego version. */
export function renderLib(name: string, opts: { regoVersion: RegoVersion }): string {
  throw new Error(`renderLib(${name}, ${opts.regoVersion}): not implemented yet`);
}
