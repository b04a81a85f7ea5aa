/**
 * The Rego conformance corpus (../shared/conformance/rego), read once for every suite that runs it
 * (SDK end to end, emitter direct, planner + interpreter, robustness fuzzing).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseModule } from "../../src/rego/syntax/index.js";
import type { Module } from "../../src/rego/syntax/ast.js";
import { formatDiagnostic } from "../../src/diagnostics/diagnostic.js";

export const CORPUS_DIR = new URL("../../../shared/conformance/rego/", import.meta.url).pathname;

/** One group file, as conformance/README.md describes it. */
export interface RegoGroup {
  name: string;
  rego_version: "v0" | "v1";
  modules: Record<string, string>;
  entrypoint: string;
  unordered?: boolean;
  data: unknown;
  cases: { input: unknown; want: unknown }[];
}

/** Every group, sorted by file name. */
export function loadCorpus(): { file: string; group: RegoGroup }[] {
  return readdirSync(CORPUS_DIR).filter((f) => f.endsWith(".json")).sort()
    .map((file) => ({ file, group: JSON.parse(readFileSync(join(CORPUS_DIR, file), "utf8")) as RegoGroup }));
}

/** `want` of a case that must make evaluation fail (`{"error": true}`). */
export function wantsError(want: unknown): boolean {
  return !!want && typeof want === "object" && !Array.isArray(want) && (want as { error?: boolean }).error === true;
}

/** Parse a group's modules; throws with the rendered diagnostics if any module does not parse. */
export function parseGroup(g: RegoGroup): Module[] {
  const mods: Module[] = [];
  for (const [name, text] of Object.entries(g.modules)) {
    const r = parseModule(name, text, { regoVersion: g.rego_version });
    if (r.diagnostics.length) throw new Error(r.diagnostics.map((d) => formatDiagnostic(d, g.modules)).join("\n"));
    if (r.module) mods.push(r.module);
  }
  return mods;
}
