// Compiles Rego with gpc and evaluates it through the stock SDK with gpc's host builtins.
import { loadPolicy } from "@open-policy-agent/opa-wasm";
import { readFileSync } from "node:fs";
import { compileRego } from "../../../src/rego/wasm/compile.js";
import { hostBuiltins } from "../../../src/rego/host/index.js";

/** The value of every rule of package `t` (`{}` when the package has no defined rule). */
export async function evalRego(src: string, input: unknown = {}, opts: { host?: boolean } = {}): Promise<Record<string, unknown>> {
  const policy = await load(src, opts);
  const rs = policy.evaluate(input) as { result: Record<string, unknown> }[];
  return rs[0]?.result ?? {};
}

export async function load(src: string, opts: { host?: boolean } = {}) {
  const wasm = compileRego({ modules: { "t.rego": `package t\n\n${src}` }, entrypoints: ["t"] });
  return loadPolicy(wasm, undefined, opts.host === false ? {} : hostBuiltins);
}

/** A fixture file of this folder (test keys and certificates generated for gpc's tests). */
export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
}
