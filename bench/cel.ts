/**
 * CEL beside Rego (issue 11): 2,000 pods against `pss-restricted`, each reviewed by every
 * constraint through the engine's drivers — the Rego (gpc's Wasm on the opa-wasm SDK) and the
 * K8sNativeValidation CEL (@bufbuild/cel) — in memory, so only evaluation is timed (no file reading
 * or report). Also: `both` (each pod through both drivers and compared, as `gpc test` and
 * `gpc audit` do by default), and the one-off cost of compiling the CEL of every template.
 * The pods are the PSA `restricted` fixtures of the newest version, repeated with distinct names.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { buildProject } from "../src/gatekeeper/artifacts.js";
import { createEngine, type Engine } from "../src/engine/engine.js";
import { diffEngines } from "../src/engine/compare.js";
import type { K8sObject } from "../src/engine/types.js";
import { WasmCache } from "../src/engine/wasm.js";

const root = join(new URL(".", import.meta.url).pathname, "..");
const psa = join(root, "../shared/conformance/psa/restricted");

function pods(n: number): K8sObject[] {
  const latest = readdirSync(psa).sort((a, b) => Number(a.slice(3)) - Number(b.slice(3))).pop()!;
  const base: K8sObject[] = [];
  for (const kind of ["pass", "fail"]) for (const f of readdirSync(join(psa, latest, kind)).sort()) base.push(load(readFileSync(join(psa, latest, kind, f), "utf8")) as K8sObject);
  return Array.from({ length: n }, (_, i) => { const b = base[i % base.length]!; return { ...b, metadata: { ...b.metadata, name: `${b.metadata.name}-${i}`, namespace: `team-${i % 17}` } }; });
}

function timeReviews(engine: Engine, objects: readonly K8sObject[]): { ms: number; violations: number } {
  let violations = 0;
  for (const o of objects.slice(0, 50)) engine.review({ object: o }); // warm-up
  const t0 = performance.now();
  for (const o of objects) violations += engine.review({ object: o }).violations.length;
  return { ms: performance.now() - t0, violations };
}

/** The CEL section of `npm run bench`. */
export async function celBench(n = 2000): Promise<string[]> {
  const { artifacts, diagnostics } = await buildProject({ inputs: ["policies/pss-restricted.ts"], cwd: root });
  if (!artifacts) throw new Error(`pss-restricted does not build: ${diagnostics.map((d) => d.message).join("; ")}`);
  const constraints = artifacts.policies[0]!.constraints.map((constraint) => ({ constraint }));
  const objects = pods(n);
  const lines: string[] = [];
  const t0 = performance.now();
  const cel = await createEngine({ templates: artifacts.templates, constraints, driver: "cel" });
  const celCompile = performance.now() - t0;
  const rego = await createEngine({ templates: artifacts.templates, constraints, cache: new WasmCache() });
  if (cel.problems.length || rego.problems.length) throw new Error([...cel.problems, ...rego.problems].map((p) => `${p.subject}: ${p.message}`).join("; "));
  lines.push(`${constraints.length} constraints; CEL of every template parsed and planned in ${celCompile.toFixed(0)} ms`);
  const r = timeReviews(rego, objects), c = timeReviews(cel, objects);
  const per = (ms: number) => `${((ms * 1000) / n).toFixed(0)} µs/pod`;
  lines.push(`Rego (Wasm): ${n} pods in ${r.ms.toFixed(0)} ms = ${per(r.ms)}, ${r.violations} violations`);
  lines.push(`CEL:         ${n} pods in ${c.ms.toFixed(0)} ms = ${per(c.ms)}, ${c.violations} violations (one per failed validation)`);
  const tb = performance.now();
  let diffs = 0;
  for (const o of objects) diffs += diffEngines(rego.review({ object: o }).violations, cel.review({ object: o }).violations).length;
  const both = performance.now() - tb;
  lines.push(`both + compare: ${n} pods in ${both.toFixed(0)} ms = ${per(both)}; differences: ${diffs}`);
  lines.push(`CEL / Rego time per pod: ${(c.ms / r.ms).toFixed(1)}×`);
  return lines;
}
