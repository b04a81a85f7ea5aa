// Differential test of the emitter's control flow: seeded random IR programs (nested blocks,
// breaks, scans, not, with, conflicts) run by the planner's reference IR interpreter
// (test/rego/plan/interp.ts) and, emitted and linked onto the real runtime, by the stock SDK.
// Results (or abort messages) must agree exactly.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readFileSync } from "node:fs";
import { loadPolicy } from "@open-policy-agent/opa-wasm";
import { runtimeFromBytes } from "../../../src/rego/wasm/encode/runtime.js";
import { emitModule } from "../../../src/rego/wasm/emit/index.js";
import type { ConstValue, Operand, Policy, Stmt } from "../../../src/rego/wasm/ir/ir.js";
import { Abort, evaluate } from "../plan/interp.js";
import { K, L, num, str } from "./policies.js";

const CONSTS: ConstValue[] = [
  str("a"), str("b"), str("c"), str("k"), num("0"), num("1"), num("2"), str("x"),
  { t: "array", items: [num("1"), str("x")] },
  { t: "set", items: [num("1"), str("x")] },
  { t: "object", entries: [[str("k"), num("1")], [str("a"), { t: "array", items: [num("1")] }]] },
  { t: "bool", v: true }, { t: "bool", v: false }, { t: "null" },
];
const STRING_KEYS = [0, 1, 2, 3, 7];
const ARR = 3, OBJ = 4, SET = 5; // fresh collections, made once, only mutated
const GENERAL = [6, 7, 8, 9, 10, 11];
const LOCALS = 12;
const INPUTS: unknown[] = [
  { a: 1, b: [1, "x", { k: 2 }], c: { k: "x", a: [true] }, k: false },
  { a: "x", b: { a: 1 }, c: [] },
  undefined,
];
const DATA = { d: { k: [1, 2] }, a: 2 };

/** mulberry32: a small seeded PRNG, so every run generates the same programs. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generate(seed: number): Policy {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const general = (): number => pick(GENERAL);
  const value = (): Operand => (r() < 0.4 ? K(Math.floor(r() * CONSTS.length)) : L(pick([0, 1, ...GENERAL])));
  const any = (): Operand => (r() < 0.15 ? L(pick([ARR, OBJ, SET])) : value());
  let loc = 0;
  const at = () => ({ file: "fuzz.rego", row: ++loc, col: 1 });

  const stmts = (depth: number, blocks: number, n: number): Stmt[] => {
    const out: Stmt[] = [];
    for (let i = 0; i < n; i++) out.push(stmt(depth, blocks));
    return out;
  };
  const stmt = (depth: number, blocks: number): Stmt => {
    const x = r();
    const nested = depth < 4;
    const body = (): Stmt[] => stmts(depth + 1, blocks + 1, 1 + Math.floor(r() * 4));
    if (nested && x < 0.08) return { op: "block", body: body() };
    if (nested && x < 0.15) return { op: "scan", source: pick([0, ...GENERAL]), key: general(), value: general(), body: body() };
    if (nested && x < 0.2) return { op: "not", body: body() };
    if (nested && x < 0.24) return { op: "with", body: body() };
    if (blocks > 0 && x < 0.28) return { op: "break", depth: Math.floor(r() * blocks) };
    if (x < 0.36) return { op: "assign", source: value(), target: general() };
    if (x < 0.39) return { op: "reset", target: general() };
    if (x < 0.43) return { op: "isDefined", source: general() };
    if (x < 0.46) return { op: "isUndefined", source: value() };
    if (x < 0.51) return { op: "equal", a: any(), b: any() };
    if (x < 0.55) return { op: "notEqual", a: any(), b: any() };
    if (x < 0.59) return { op: "notFalse", source: value() };
    if (x < 0.69) return { op: "dot", source: any(), key: value(), target: general() };
    if (x < 0.72) return { op: "len", source: any(), target: general() };
    if (x < 0.76) return { op: "arrayAppend", array: ARR, value: value() };
    if (x < 0.8) return { op: "objectInsert", object: OBJ, key: K(pick(STRING_KEYS)), value: value() };
    if (x < 0.84) return { op: "setAdd", set: SET, value: value() };
    if (x < 0.89) return { op: "call", func: "bi_plus", args: [value(), value()], result: general(), ...(r() < 0.3 ? { allowUndefined: true } : {}) };
    if (x < 0.92) return { op: "call", func: "bi_count", args: [any()], result: general() };
    if (x < 0.96) return { op: "assignOnce", source: value(), target: general(), loc: at(), message: "complete rules must not produce multiple outputs" };
    return { op: "objectInsertOnce", object: OBJ, key: K(pick(STRING_KEYS)), value: value(), loc: at() };
  };

  const epilogue: Stmt[] = [{ op: "make", type: "array", target: 2 }];
  for (let l = 3; l < LOCALS; l++) epilogue.push({ op: "block", body: [{ op: "arrayAppend", array: 2, value: L(l) }] });
  return {
    constants: CONSTS,
    funcs: [{
      name: "fuzz", params: 2, locals: LOCALS, result: 2,
      body: [
        { op: "make", type: "array", target: ARR },
        { op: "make", type: "object", target: OBJ },
        { op: "make", type: "set", target: SET },
        { op: "block", body: stmts(0, 1, 4 + Math.floor(r() * 8)) },
        ...epilogue,
      ],
    }],
    plans: [{ name: "fuzz/p", func: "fuzz" }],
    memoSlots: 0,
  };
}

const runtimePath = new URL("../../../runtime/build/runtime.wasm", import.meta.url);
const PROGRAMS = Number(process.env.FUZZ_PROGRAMS ?? 150);

if (existsSync(runtimePath)) {
  const runtime = runtimeFromBytes(new Uint8Array(readFileSync(runtimePath)), runtimePath.pathname);
  test(`fuzz: ${PROGRAMS} random IR programs agree with the reference interpreter`, async () => {
    let aborts = 0, defined = 0;
    for (let seed = 1; seed <= PROGRAMS; seed++) {
      const policy = generate(seed);
      const bytes = emitModule(policy, runtime);
      assert.ok(WebAssembly.validate(bytes as BufferSource), `seed ${seed}: valid module`);
      const sdk = await loadPolicy(bytes);
      sdk.setData(DATA);
      for (const input of INPUTS) {
        const outcome = (f: () => unknown): unknown => {
          try { return { value: f() }; } catch (e) { return { abort: e instanceof Abort ? e.message : e }; }
        };
        const want = outcome(() => evaluate(policy, "fuzz/p", input, DATA));
        const got = outcome(() => sdk.evaluate(input, "fuzz/p"));
        assert.equal(got, want, `seed ${seed} input ${JSON.stringify(input)}`);
        if ("abort" in (want as object)) aborts++; else defined++;
      }
    }
    console.log(`  ${PROGRAMS} programs × ${INPUTS.length} inputs: ${defined} results, ${aborts} aborts`);
    assert.ok(aborts > 0 && defined > 0, "the generator exercises both outcomes");
  });
}

test.run();
