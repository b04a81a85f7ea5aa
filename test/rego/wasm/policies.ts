/**
 * Hand-written IR policies shared by the emitter tests (fixture runtime) and the SDK tests (real
 * runtime). Each case: a policy, and evaluations with their exact expected results
 * (`undefined` = the entrypoint is undefined; `{throws}` = evaluation aborts with that message).
 */
import type { ConstValue, Func, Operand, Policy, Stmt } from "../../../src/rego/wasm/ir/ir.js";

export const str = (v: string): ConstValue => ({ t: "string", v });
export const num = (text: string): ConstValue => ({ t: "number", text });
export const L = (local: number): Operand => ({ local });
export const K = (c: number): Operand => ({ const: c });
export const INPUT = 0, DATA = 1;

export interface Evaluation {
  readonly entrypoint: string;
  readonly input?: unknown;
  readonly data?: unknown;
  readonly expect: { readonly value: unknown } | { readonly undefined: true } | { readonly throws: string };
}

export interface Case {
  readonly name: string;
  readonly policy: Policy;
  readonly evals: readonly Evaluation[];
}

const fn = (name: string, locals: number, result: number, body: Stmt[], params = 2): Func => ({ name, params, locals, result, body });

export const CASES: readonly Case[] = [
  {
    name: "constant entrypoint",
    policy: {
      constants: [{ t: "object", entries: [[str("a"), { t: "array", items: [num("1"), str("x"), { t: "bool", v: true }] }], [str("b"), { t: "null" }], [str("c"), num("2.5")]] }],
      funcs: [fn("t.c", 3, 2, [{ op: "assign", source: K(0), target: 2 }])],
      plans: [{ name: "t/c", func: "t.c" }],
      memoSlots: 0,
    },
    evals: [
      { entrypoint: "t/c", expect: { value: { a: [1, "x", true], b: null, c: 2.5 } } },
      { entrypoint: "t/c", input: { any: 1 }, expect: { value: { a: [1, "x", true], b: null, c: 2.5 } } },
    ],
  },
  {
    // s contains x if { some x in input.xs; x != 2 }
    name: "scan building a set",
    policy: {
      constants: [str("xs"), num("2")],
      funcs: [fn("t.s", 6, 2, [
        { op: "make", type: "set", target: 2 },
        { op: "dot", source: L(INPUT), key: K(0), target: 3 },
        { op: "scan", source: 3, key: 4, value: 5, body: [
          { op: "notEqual", a: L(5), b: K(1) },
          { op: "setAdd", set: 2, value: L(5) },
        ] },
      ])],
      plans: [{ name: "t/s", func: "t.s" }],
      memoSlots: 0,
    },
    evals: [
      { entrypoint: "t/s", input: { xs: [3, 1, 2, 3, "a"] }, expect: { value: [1, 3, "a"] } },
      { entrypoint: "t/s", input: { xs: [] }, expect: { value: [] } },
      { entrypoint: "t/s", input: { other: 1 }, expect: { value: [] } },
    ],
  },
  {
    // allow if { not input.deny }
    name: "not",
    policy: {
      constants: [str("deny"), { t: "bool", v: true }],
      funcs: [fn("t.allow", 4, 2, [
        { op: "not", body: [
          { op: "dot", source: L(INPUT), key: K(0), target: 3 },
          { op: "notFalse", source: L(3) },
        ] },
        { op: "assign", source: K(1), target: 2 },
      ])],
      plans: [{ name: "t/allow", func: "t.allow" }],
      memoSlots: 0,
    },
    evals: [
      { entrypoint: "t/allow", input: { deny: false }, expect: { value: true } },
      { entrypoint: "t/allow", input: { x: 1 }, expect: { value: true } },
      { entrypoint: "t/allow", input: { deny: true }, expect: { undefined: true } },
      { entrypoint: "t/allow", input: { deny: "yes" }, expect: { undefined: true } },
    ],
  },
  {
    // r := "a" if input.a;  r := input.b if input.b  → conflict unless input.b == "a"
    name: "assignOnce conflict",
    policy: {
      constants: [str("a"), str("b")],
      funcs: [fn("t.r", 5, 2, [
        { op: "block", body: [
          { op: "dot", source: L(INPUT), key: K(0), target: 3 },
          { op: "assignOnce", source: K(0), target: 2, loc: { file: "t.rego", row: 3, col: 1 }, message: "complete rules must not produce multiple outputs" },
        ] },
        { op: "block", body: [
          { op: "dot", source: L(INPUT), key: K(1), target: 4 },
          { op: "assignOnce", source: L(4), target: 2, loc: { file: "t.rego", row: 4, col: 1 }, message: "complete rules must not produce multiple outputs" },
        ] },
      ])],
      plans: [{ name: "t/r", func: "t.r" }],
      memoSlots: 0,
    },
    evals: [
      { entrypoint: "t/r", input: { a: 1 }, expect: { value: "a" } },
      { entrypoint: "t/r", input: { b: "z" }, expect: { value: "z" } },
      { entrypoint: "t/r", input: { a: 1, b: "a" }, expect: { value: "a" } },
      { entrypoint: "t/r", input: { a: 1, b: "z" }, expect: { throws: "t.rego:4:1: complete rules must not produce multiple outputs" } },
      { entrypoint: "t/r", input: { c: 1 }, expect: { undefined: true } },
    ],
  },
  {
    // o["k"] := 1;  o["k"] := input.v;  o["m"] := 2
    name: "objectInsertOnce conflict",
    policy: {
      constants: [str("k"), num("1"), str("v"), str("m"), num("2")],
      funcs: [fn("t.o", 4, 2, [
        { op: "make", type: "object", target: 2 },
        { op: "block", body: [{ op: "objectInsertOnce", object: 2, key: K(0), value: K(1), loc: { file: "t.rego", row: 6, col: 1 } }] },
        { op: "block", body: [
          { op: "dot", source: L(INPUT), key: K(2), target: 3 },
          { op: "objectInsertOnce", object: 2, key: K(0), value: L(3), loc: { file: "t.rego", row: 7, col: 1 } },
        ] },
        { op: "block", body: [{ op: "objectInsertOnce", object: 2, key: K(3), value: K(4), loc: { file: "t.rego", row: 8, col: 1 } }] },
      ])],
      plans: [{ name: "t/o", func: "t.o" }],
      memoSlots: 0,
    },
    evals: [
      { entrypoint: "t/o", input: { v: 1 }, expect: { value: { k: 1, m: 2 } } },
      { entrypoint: "t/o", input: {}, expect: { value: { k: 1, m: 2 } } },
      { entrypoint: "t/o", input: { v: 2 }, expect: { throws: "t.rego:7:1: object insert conflict" } },
    ],
  },
  {
    // g := input.x (memoised);  f := [g, g with input as upsert(input, ["x"], 5) but outside with (memo hit), g with input.x as 5]
    name: "with and memo",
    policy: {
      constants: [str("x"), { t: "array", items: [str("x")] }, num("5")],
      funcs: [
        fn("t.g", 5, 2, [
          { op: "memoGet", slot: 0, target: 3 },
          { op: "block", body: [
            { op: "isDefined", source: 3 },
            { op: "assign", source: L(3), target: 2 },
            { op: "break", depth: 1 },
          ] },
          { op: "block", body: [
            { op: "dot", source: L(INPUT), key: K(0), target: 4 },
            { op: "assign", source: L(4), target: 2 },
          ] },
          { op: "memoSet", slot: 0, source: 2 },
        ]),
        fn("t.f", 7, 2, [
          { op: "call", func: "t.g", args: [L(INPUT), L(DATA)], result: 3 },
          { op: "call", func: "rt_upsert", args: [L(INPUT), K(1), K(2)], result: 6 },
          { op: "call", func: "t.g", args: [L(6), L(DATA)], result: 4 },
          { op: "with", body: [{ op: "call", func: "t.g", args: [L(6), L(DATA)], result: 5 }] },
          { op: "make", type: "array", target: 2 },
          { op: "arrayAppend", array: 2, value: L(3) },
          { op: "arrayAppend", array: 2, value: L(4) },
          { op: "arrayAppend", array: 2, value: L(5) },
        ]),
      ],
      plans: [{ name: "t/f", func: "t.f" }, { name: "t/g", func: "t.g" }],
      memoSlots: 1,
    },
    evals: [
      { entrypoint: "t/f", input: { x: 1 }, expect: { value: [1, 1, 5] } },
      { entrypoint: "t/f", input: { x: 2 }, expect: { value: [2, 2, 5] } },
      { entrypoint: "t/g", input: { x: 3 }, expect: { value: 3 } },
    ],
  },
  {
    name: "break depths",
    policy: {
      constants: [str("a1"), str("b1"), str("c1"), str("c2"), str("b2"), str("a2"), str("end"), { t: "array", items: [num("1"), num("2"), num("3")] }, num("2"), str("never"), str("w")],
      funcs: [fn("t.b", 6, 2, [
        { op: "make", type: "array", target: 2 },
        { op: "block", body: [
          { op: "arrayAppend", array: 2, value: K(0) },
          { op: "block", body: [
            { op: "arrayAppend", array: 2, value: K(1) },
            { op: "block", body: [
              { op: "arrayAppend", array: 2, value: K(2) },
              { op: "break", depth: 1 },
              { op: "arrayAppend", array: 2, value: K(3) },
            ] },
            { op: "arrayAppend", array: 2, value: K(4) },
          ] },
          { op: "arrayAppend", array: 2, value: K(5) },
        ] },
        // break 0 inside a scan body continues with the next element; break 1 leaves the scan's block.
        { op: "assign", source: K(7), target: 3 },
        { op: "block", body: [
          { op: "scan", source: 3, key: 4, value: 5, body: [
            { op: "arrayAppend", array: 2, value: L(5) },
            { op: "block", body: [{ op: "equal", a: L(5), b: K(8) }, { op: "break", depth: 2 }] },
            { op: "arrayAppend", array: 2, value: L(4) },
          ] },
          { op: "arrayAppend", array: 2, value: K(9) },
        ] },
        // leaving a with body by break keeps the with-depth balanced
        { op: "block", body: [
          { op: "with", body: [{ op: "block", body: [{ op: "break", depth: 2 }] }] },
          { op: "arrayAppend", array: 2, value: K(9) },
        ] },
        { op: "arrayAppend", array: 2, value: K(10) },
        { op: "arrayAppend", array: 2, value: K(6) },
      ])],
      plans: [{ name: "t/b", func: "t.b" }],
      memoSlots: 0,
    },
    evals: [{ entrypoint: "t/b", expect: { value: ["a1", "b1", "c1", "a2", 1, 0, 2, "w", "end"] } }],
  },
  {
    name: "undefined entrypoint",
    policy: {
      constants: [str("missing")],
      funcs: [fn("t.u", 4, 2, [
        { op: "dot", source: L(INPUT), key: K(0), target: 3 },
        { op: "assign", source: L(3), target: 2 },
      ])],
      plans: [{ name: "t/u", func: "t.u" }],
      memoSlots: 0,
    },
    evals: [
      { entrypoint: "t/u", input: { x: 1 }, expect: { undefined: true } },
      { entrypoint: "t/u", input: { missing: "here" }, expect: { value: "here" } },
    ],
  },
  {
    // f(a, b) := a + b;  r := f(1, input.n); data lookup; len; abort
    name: "calls, builtins, data, len, abort",
    policy: {
      constants: [num("1"), str("n"), str("cfg"), str("boom"), { t: "bool", v: true }],
      funcs: [
        fn("t.add", 5, 4, [{ op: "call", func: "bi_plus", args: [L(2), L(3)], result: 4 }], 4),
        fn("t.r", 6, 2, [
          { op: "dot", source: L(INPUT), key: K(1), target: 3 },
          { op: "call", func: "t.add", args: [L(INPUT), L(DATA), K(0), L(3)], result: 4 },
          { op: "dot", source: L(DATA), key: K(2), target: 5 },
          { op: "len", source: L(5), target: 5 },
          { op: "make", type: "array", target: 2 },
          { op: "arrayAppend", array: 2, value: L(4) },
          { op: "arrayAppend", array: 2, value: L(5) },
        ]),
        fn("t.boom", 4, 2, [
          { op: "dot", source: L(INPUT), key: K(3), target: 3 },
          { op: "abort", loc: { file: "t.rego", row: 9, col: 5 }, message: "boom \u00e9" },
          { op: "assign", source: K(4), target: 2 },
        ]),
      ],
      plans: [{ name: "t/r", func: "t.r" }, { name: "t/boom", func: "t.boom" }],
      memoSlots: 0,
    },
    evals: [
      { entrypoint: "t/r", input: { n: 41 }, data: { cfg: [1, 2, 3] }, expect: { value: [42, 3] } },
      { entrypoint: "t/r", input: { n: "x" }, data: { cfg: [1] }, expect: { undefined: true } },
      { entrypoint: "t/r", input: { n: 1 }, data: {}, expect: { undefined: true } },
      { entrypoint: "t/boom", input: { x: 1 }, expect: { undefined: true } },
      { entrypoint: "t/boom", input: { boom: 1 }, expect: { throws: "t.rego:9:5: boom ?" } },
    ],
  },
  {
    // constants that JSON cannot carry: sets and non-string keys, nested
    name: "non-JSON constants",
    policy: {
      constants: [
        { t: "set", items: [str("b"), str("a"), { t: "array", items: [{ t: "set", items: [num("1")] }] }] },
        { t: "object", entries: [[str("k"), { t: "set", items: [] }], [str("n"), { t: "object", entries: [[num("1"), str("one")]] }]] },
        num("1"),
        str("n"),
      ],
      funcs: [fn("t.k", 5, 2, [
        { op: "dot", source: K(1), key: K(3), target: 3 },
        { op: "dot", source: L(3), key: K(2), target: 4 },
        { op: "make", type: "array", target: 2 },
        { op: "arrayAppend", array: 2, value: K(0) },
        { op: "arrayAppend", array: 2, value: L(4) },
        { op: "len", source: K(0), target: 3 },
        { op: "arrayAppend", array: 2, value: L(3) },
      ])],
      plans: [{ name: "t/k", func: "t.k" }],
      memoSlots: 0,
    },
    evals: [{ entrypoint: "t/k", expect: { value: [["a", "b", [[1]]], "one", 3] } }],
  },
];
