/**
 * Compiler benchmarks (issue: Rego → Wasm compiler):
 * - compile time per module, median of warm in-process runs, for every conformance group and for
 *   a Gatekeeper-style template with two libraries;
 * - evaluation time per input (median µs, JSON encoding of the input included, through the SDK)
 *   for 2,000 pods against that template.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadPolicy } from "@open-policy-agent/opa-wasm";
import { compileRego } from "../src/rego/wasm/compile.js";

const here = new URL(".", import.meta.url).pathname;
const corpusDir = join(here, "../../shared/conformance/rego");

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function timeIt(f: () => void, runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    out.push(performance.now() - t0);
  }
  return out;
}

/** The Gatekeeper-style template with two libs used by both benchmarks. */
export function templateModules(): Record<string, string> {
  return {
    "privileged.rego": readFileSync(join(here, "fixtures/privileged.rego"), "utf8"),
    "lib_exempt.rego": readFileSync(join(here, "fixtures/lib_exempt.rego"), "utf8"),
    "lib_pods.rego": readFileSync(join(here, "fixtures/lib_pods.rego"), "utf8"),
  };
}

/** 2,000 deterministic pods: a mix of privileged, exempt and clean ones. */
export function benchPods(n = 2000): object[] {
  return Array.from({ length: n }, (_, i) => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: `pod-${i}`, namespace: `ns-${i % 7}`, labels: { app: `app-${i % 13}` } },
    spec: {
      containers: Array.from({ length: 1 + (i % 3) }, (_, j) => ({
        name: `c${j}`,
        image: i % 11 === 0 ? `registry.k8s.io/pause:${j}` : `example.com/app-${i % 5}:${j}`,
        securityContext: { privileged: (i + j) % 4 === 0, runAsNonRoot: true },
        resources: { limits: { memory: "128Mi", cpu: "500m" } },
      })),
      initContainers: i % 5 === 0 ? [{ name: "init", image: "busybox", securityContext: { privileged: true } }] : undefined,
    },
  }));
}

export async function compilerBench(): Promise<string[]> {
  const lines: string[] = [];
  const groups = readdirSync(corpusDir).filter((f) => f.endsWith(".json")).sort()
    .map((f) => JSON.parse(readFileSync(join(corpusDir, f), "utf8")) as { modules: Record<string, string>; entrypoint: string; rego_version: "v0" | "v1" });
  const perGroup: number[] = [];
  for (const g of groups) {
    const opts = { modules: g.modules, entrypoints: [g.entrypoint], regoVersion: g.rego_version };
    compileRego(opts); // warm
    perGroup.push(median(timeIt(() => compileRego(opts), 7)));
  }
  lines.push(`compile, conformance corpus: ${groups.length} modules, median of per-module medians ${median(perGroup).toFixed(2)} ms, max ${Math.max(...perGroup).toFixed(2)} ms`);

  const tmpl = { modules: templateModules(), entrypoints: ["k8spspprivileged/violation"], regoVersion: "v0" as const };
  for (let i = 0; i < 5; i++) compileRego(tmpl);
  const tmplTimes = timeIt(() => compileRego(tmpl), 31);
  lines.push(`compile, Gatekeeper-style template with two libs: median ${median(tmplTimes).toFixed(2)} ms (goal <= 25 ms)`);

  const policy = await loadPolicy(compileRego(tmpl));
  const pods = benchPods();
  const params = { exemptImages: ["registry.k8s.io/*"] };
  const inputs = pods.map((object) => ({ review: { kind: { group: "", version: "v1", kind: "Pod" }, operation: "CREATE", object }, parameters: params }));
  let violations = 0;
  for (const input of inputs.slice(0, 200)) policy.evaluate(input, "k8spspprivileged/violation"); // warm
  const per: number[] = [];
  const t0 = performance.now();
  for (const input of inputs) {
    const a = performance.now();
    const r = policy.evaluate(input, "k8spspprivileged/violation") as { result: unknown[] }[];
    per.push((performance.now() - a) * 1000);
    violations += r[0]?.result.length ?? 0;
  }
  const total = performance.now() - t0;
  const steps: number[] = [];
  const lastSteps = (policy.wasmInstance as WebAssembly.Instance).exports.gpc_last_steps as (() => number) | undefined;
  if (lastSteps) for (const input of inputs.slice(0, 200)) { policy.evaluate(input, "k8spspprivileged/violation"); steps.push(lastSteps()); }
  lines.push(`evaluate, privileged template (two libs), ${inputs.length} pods: median ${median(per).toFixed(1)} µs per pod, total ${total.toFixed(0)} ms, ${violations} violations (OPA-built module: 29–46 µs per pod)`);
  if (steps.length) lines.push(`evaluation budget used: median ${median(steps)} steps per pod, max ${Math.max(...steps)} (budget 100000000 steps)`);
  return lines;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  for (const l of await compilerBench()) console.log(l);
}
