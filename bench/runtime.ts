/**
 * The Wasm runtime's per-evaluation work, measured on Gatekeeper pod review inputs (50 PSA
 * fixtures): JSON parse into the runtime's heap, four lookups, dump, and JS JSON.parse beside it.
 * Per-evaluation runtime work should stay in microseconds (the audit workload is 2,000 pods).
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { instantiate, root } from "../test/runtime/harness.js";

const psa = join(root, "../shared/conformance/psa/restricted");
const latest = readdirSync(psa).sort((a, b) => Number(a.slice(3)) - Number(b.slice(3))).pop()!;
const pods = readdirSync(join(psa, latest, "fail")).sort().slice(0, 50)
  .map((f) => load(readFileSync(join(psa, latest, "fail", f), "utf8")) as Record<string, unknown>);
const inputs = pods.map((pod) => JSON.stringify({
  review: { kind: { group: "", version: "v1", kind: "Pod" }, operation: "CREATE", namespace: "default", name: "p", object: pod,
    userInfo: { username: "admin", groups: ["system:masters", "system:authenticated"] } },
  parameters: { ranges: [{ min: 1, max: 65535 }], rule: "MustRunAs", allowed: ["RuntimeDefault", "Localhost"] },
}));

function bench(fn: () => void, n: number): number {
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    best = Math.min(best, (performance.now() - t0) / n);
  }
  return best * 1000; // µs
}

export async function runtimeBench(): Promise<string[]> {
  const rt = instantiate();
  const bytes = inputs.map((s) => new TextEncoder().encode(s));
  const avgLen = bytes.reduce((a, b) => a + b.length, 0) / bytes.length;
  const at = rt.x.opa_malloc(Math.max(...bytes.map((b) => b.length)));
  const heap = rt.x.opa_heap_ptr_get();
  let k = 0;
  const parseUs = bench(() => {
    const b = bytes[k++ % bytes.length]!;
    new Uint8Array(rt.memory.buffer).set(b, at);
    rt.x.opa_heap_ptr_set(heap);
    if (rt.x.opa_json_parse(at, b.length) === 0) throw new Error("parse failed");
  }, 2000);
  rt.x.opa_heap_ptr_set(heap);
  const v = rt.x.opa_json_parse(at, bytes[(k - 1) % bytes.length]!.length);
  const after = rt.x.opa_heap_ptr_get();
  const keyReview = rt.parse(`"review"`), keyObject = rt.parse(`"object"`), keySpec = rt.parse(`"spec"`), keyC = rt.parse(`"containers"`);
  const dotUs = bench(() => {
    const spec = rt.x.rt_dot(rt.x.rt_dot(rt.x.rt_dot(v, keyReview), keyObject), keySpec);
    if (rt.x.rt_dot(spec, keyC) === 0) throw new Error("lookup failed");
  }, 20000);
  const dumpUs = bench(() => { rt.x.opa_heap_ptr_set(after); rt.x.opa_json_dump(v); }, 2000);
  const js = bench(() => JSON.parse(inputs[k++ % inputs.length]!), 2000);
  return [`pod input ${avgLen.toFixed(0)} B: parse ${parseUs.toFixed(1)} µs, 4 lookups ${dotUs.toFixed(2)} µs, dump ${dumpUs.toFixed(1)} µs, heap per parse ${after - heap} B (JS JSON.parse of the same: ${js.toFixed(1)} µs)`];
}
