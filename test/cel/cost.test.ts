// The cost estimate: linear in containers for the container checks, constant for pod-level ones,
// parameters sized as written, and every PSS check within Kubernetes' per-expression limit for
// 100 containers.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { CHECKS } from "../../src/checks/registry.js";
import { pssPreset } from "../../src/checks/pss.js";
import { DEFAULT_BOUNDS, estimateCost, PER_CALL_LIMIT } from "../../src/cel/cost.js";

const prog = (id: string) => { const f = CHECKS[id]!.cel(); if (f.kind !== "Cel") throw new Error(id); return f.program; };

test("pod-level checks do not grow with containers; container checks grow linearly", () => {
  const at = (id: string, n: number) => estimateCost(prog(id), { ...DEFAULT_BOUNDS, containers: n }).maxExpression;
  assert.is(at("hostNamespaces", 10), at("hostNamespaces", 1000));
  const p10 = at("privileged", 10), p1000 = at("privileged", 1000);
  assert.ok(p1000 > 50 * p10 && p1000 < 150 * p10, `${p10} → ${p1000}`);
});

test("parameters are sized as written", () => {
  const small = estimateCost(prog("privileged"), DEFAULT_BOUNDS, { exemptImages: ["a"] }).maxExpression;
  const big = estimateCost(prog("privileged"), DEFAULT_BOUNDS, { exemptImages: Array.from({ length: 50 }, (_, i) => `img${i}*`) }).maxExpression;
  assert.ok(big > small * 5, `${small} → ${big}`);
});

test("every restricted check is within the per-expression limit for 100 containers", () => {
  const over = pssPreset("restricted", "latest").map((c) => [c.check, estimateCost(prog(c.check), { ...DEFAULT_BOUNDS, containers: 100 }, c.params as Record<string, unknown>).maxExpression] as const).filter(([, n]) => n > PER_CALL_LIMIT);
  assert.equal(over, []);
});

test.run();
