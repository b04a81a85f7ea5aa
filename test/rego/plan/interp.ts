/**
 * A reference interpreter of the IR (src/rego/wasm/ir/ir.ts) in JavaScript, for testing the
 * planner's semantics independently of the emitter and the Wasm runtime: it runs a `Policy`
 * against input and data and returns what `evaluate` would (`[{result}]` or `[]`), or throws the
 * abort message. Builtins are a JavaScript subset; a missing one throws `MissingBuiltin`.
 */
import type { ConstValue, Func, Operand, Policy, Stmt } from "../../../src/rego/wasm/ir/ir.js";

export type V = null | boolean | number | string | V[] | RObj | RSet;
export class RObj { constructor(readonly m = new Map<string, [V, V]>()) {} }
export class RSet { constructor(readonly m = new Map<string, V>()) {} }

export class MissingBuiltin extends Error {}
export class Abort extends Error {}

const rank = (v: V): number =>
  v === null ? 0 : typeof v === "boolean" ? 1 : typeof v === "number" ? 2 : typeof v === "string" ? 3
    : Array.isArray(v) ? 4 : v instanceof RObj ? 5 : 6;

export function cmp(a: V, b: V): number {
  const ra = rank(a), rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (a === null) return 0;
  if (typeof a === "boolean") return (a ? 1 : 0) - ((b as boolean) ? 1 : 0);
  if (typeof a === "number") return a - (b as number);
  if (typeof a === "string") return a < (b as string) ? -1 : a > (b as string) ? 1 : 0;
  if (Array.isArray(a)) {
    const bb = b as V[];
    for (let i = 0; i < Math.min(a.length, bb.length); i++) { const c = cmp(a[i]!, bb[i]!); if (c) return c; }
    return a.length - bb.length;
  }
  if (a instanceof RObj) {
    const ea = sortedEntries(a), eb = sortedEntries(b as RObj);
    for (let i = 0; i < Math.min(ea.length, eb.length); i++) {
      const c = cmp(ea[i]![0], eb[i]![0]) || cmp(ea[i]![1], eb[i]![1]);
      if (c) return c;
    }
    return ea.length - eb.length;
  }
  const sa = sortedSet(a as RSet), sb = sortedSet(b as RSet);
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) { const c = cmp(sa[i]!, sb[i]!); if (c) return c; }
  return sa.length - sb.length;
}
const eq = (a: V, b: V) => cmp(a, b) === 0;
export const key = (v: V): string => JSON.stringify(toJSON(v, true));
const sortedEntries = (o: RObj) => [...o.m.values()].sort((x, y) => cmp(x[0], y[0]));
const sortedSet = (s: RSet) => [...s.m.values()].sort(cmp);

export function toJSON(v: V, tagged = false): unknown {
  if (Array.isArray(v)) return v.map((x) => toJSON(x, tagged));
  if (v instanceof RObj) {
    const o: Record<string, unknown> = {};
    for (const [k, val] of sortedEntries(v)) o[typeof k === "string" ? k : JSON.stringify(toJSON(k))] = toJSON(val, tagged);
    return tagged ? { $o: Object.entries(o) } : o;
  }
  if (v instanceof RSet) return tagged ? { $s: sortedSet(v).map((x) => toJSON(x, true)) } : sortedSet(v).map((x) => toJSON(x));
  return v;
}

export function fromJSON(x: unknown): V {
  if (Array.isArray(x)) return x.map(fromJSON);
  if (x && typeof x === "object") {
    const o = new RObj();
    for (const [k, v] of Object.entries(x)) o.m.set(key(k), [k, fromJSON(v)]);
    return o;
  }
  return x as V;
}

function fromConst(c: ConstValue): V {
  switch (c.t) {
    case "null": return null;
    case "bool": return c.v;
    case "number": return Number(c.text);
    case "string": return c.v;
    case "array": return c.items.map(fromConst);
    case "set": { const s = new RSet(); for (const i of c.items) { const v = fromConst(i); s.m.set(key(v), v); } return s; }
    case "object": { const o = new RObj(); for (const [k, v] of c.entries) { const kv = fromConst(k); o.m.set(key(kv), [kv, fromConst(v)]); } return o; }
  }
}

function dot(src: V | undefined, k: V | undefined): V | undefined {
  if (src === undefined || k === undefined) return undefined;
  if (Array.isArray(src)) return typeof k === "number" && Number.isInteger(k) ? src[k] : undefined;
  if (src instanceof RObj) return src.m.get(key(k))?.[1];
  if (src instanceof RSet) return src.m.get(key(k));
  return undefined;
}

function iter(v: V | undefined): [V, V][] {
  if (Array.isArray(v)) return v.map((x, i) => [i, x]);
  if (v instanceof RObj) return sortedEntries(v);
  if (v instanceof RSet) return sortedSet(v).map((x) => [x, x]);
  return [];
}

const num = (v: V | undefined): v is number => typeof v === "number";
const str = (v: V | undefined): v is string => typeof v === "string";
const coll = (v: V | undefined): V[] | undefined => (Array.isArray(v) ? v : v instanceof RSet ? sortedSet(v) : undefined);
const mkSet = (xs: V[]) => { const s = new RSet(); xs.forEach((x) => s.m.set(key(x), x)); return s; };
const typeName = (v: V): string => ["null", "boolean", "number", "string", "array", "object", "set"][rank(v)]!;

function fmtV(v: V): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(fmtV).join(", ")}]`;
  if (v instanceof RObj) return `{${sortedEntries(v).map(([k, x]) => `${fmtV(k)}: ${fmtV(x)}`).join(", ")}}`;
  if (v instanceof RSet) return v.m.size === 0 ? "set()" : `{${sortedSet(v).map(fmtV).join(", ")}}`;
  return JSON.stringify(v);
}

const BUILTINS: Record<string, (...a: V[]) => V | undefined> = {
  plus: (a, b) => (num(a) && num(b) ? a + b : undefined),
  minus: (a, b) => num(a) && num(b) ? a - b
    : a instanceof RSet && b instanceof RSet ? mkSet(sortedSet(a).filter((x) => !b.m.has(key(x)))) : undefined,
  mul: (a, b) => (num(a) && num(b) ? a * b : undefined),
  div: (a, b) => (num(a) && num(b) && b !== 0 ? a / b : undefined),
  rem: (a, b) => (num(a) && num(b) && b !== 0 && Number.isInteger(a) && Number.isInteger(b) ? a % b : undefined),
  and: (a, b) => (a instanceof RSet && b instanceof RSet ? mkSet(sortedSet(a).filter((x) => b.m.has(key(x)))) : undefined),
  or: (a, b) => (a instanceof RSet && b instanceof RSet ? mkSet([...sortedSet(a), ...sortedSet(b)]) : undefined),
  equal: (a, b) => eq(a, b), neq: (a, b) => !eq(a, b),
  lt: (a, b) => cmp(a, b) < 0, lte: (a, b) => cmp(a, b) <= 0, gt: (a, b) => cmp(a, b) > 0, gte: (a, b) => cmp(a, b) >= 0,
  "internal.member_2": (x, xs) => iter(xs).some(([, v]) => eq(v, x)),
  "internal.member_3": (k, x, xs) => iter(xs).some(([kk, v]) => eq(kk, k) && eq(v, x)),
  abs: (a) => (num(a) ? Math.abs(a) : undefined),
  count: (a) => (str(a) ? [...a].length : Array.isArray(a) ? a.length : a instanceof RObj || a instanceof RSet ? a.m.size : undefined),
  sum: (a) => { const c = coll(a); return c && c.every(num) ? (c as number[]).reduce((x, y) => x + y, 0) : undefined; },
  product: (a) => { const c = coll(a); return c && c.every(num) ? (c as number[]).reduce((x, y) => x * y, 1) : undefined; },
  max: (a) => { const c = coll(a); return c && c.length ? [...c].sort(cmp).at(-1) : undefined; },
  min: (a) => { const c = coll(a); return c && c.length ? [...c].sort(cmp)[0] : undefined; },
  sort: (a) => { const c = coll(a); return c ? [...c].sort(cmp) : undefined; },
  any: (a) => { const c = coll(a); return c ? c.some((x) => x === true) : undefined; },
  all: (a) => { const c = coll(a); return c ? c.every((x) => x === true) : undefined; },
  "array.concat": (a, b) => (Array.isArray(a) && Array.isArray(b) ? [...a, ...b] : undefined),
  "array.slice": (a, i, j) => (Array.isArray(a) && num(i) && num(j) ? a.slice(Math.max(0, i), Math.max(0, j)) : undefined),
  "array.reverse": (a) => (Array.isArray(a) ? [...a].reverse() : undefined),
  startswith: (a, b) => (str(a) && str(b) ? a.startsWith(b) : undefined),
  endswith: (a, b) => (str(a) && str(b) ? a.endsWith(b) : undefined),
  contains: (a, b) => (str(a) && str(b) ? a.includes(b) : undefined),
  lower: (a) => (str(a) ? a.toLowerCase() : undefined),
  upper: (a) => (str(a) ? a.toUpperCase() : undefined),
  trim_suffix: (a, b) => (str(a) && str(b) ? (a.endsWith(b) ? a.slice(0, a.length - b.length) : a) : undefined),
  trim_prefix: (a, b) => (str(a) && str(b) ? (a.startsWith(b) ? a.slice(b.length) : a) : undefined),
  split: (a, b) => (str(a) && str(b) ? a.split(b) : undefined),
  concat: (d, a) => { const c = coll(a); return str(d) && c && c.every(str) ? c.join(d) : undefined; },
  floor: (a) => (num(a) ? Math.floor(a) : undefined),
  format_int: (a, b) => (num(a) && (b === 2 || b === 8 || b === 10 || b === 16) ? BigInt(Math.floor(a)).toString(b) : undefined),
  to_number: (a) => (num(a) ? a : typeof a === "boolean" ? (a ? 1 : 0) : str(a) && a.trim() !== "" && !isNaN(Number(a)) ? Number(a) : undefined),
  sprintf: (f, args) => {
    if (!str(f) || !Array.isArray(args)) return undefined;
    let i = 0;
    return f.replace(/%[vsdq%]/g, (m) => {
      if (m === "%%") return "%";
      const a = args[i++];
      if (a === undefined) return "%!" + m[1] + "(MISSING)";
      if (m === "%q") return JSON.stringify(a);
      return typeof a === "string" ? a : fmtV(a);
    });
  },
  "object.get": (o, k, d) => {
    if (!(o instanceof RObj)) return undefined;
    if (Array.isArray(k)) { let cur: V | undefined = o; for (const s of k) { cur = dot(cur, s); if (cur === undefined) return d; } return cur; }
    return dot(o, k) ?? d;
  },
  "object.keys": (o) => (o instanceof RObj ? mkSet(sortedEntries(o).map(([k]) => k)) : undefined),
  "object.union": (a, b) => {
    if (!(a instanceof RObj) || !(b instanceof RObj)) return undefined;
    const o = new RObj(new Map(a.m));
    for (const [kk, [k, v]] of b.m) {
      const prev = o.m.get(kk);
      o.m.set(kk, [k, prev ? BUILTINS["object.union"]!(prev[1], v) ?? v : v]);
    }
    return o;
  },
  union: (s) => (s instanceof RSet ? mkSet(sortedSet(s).flatMap((x) => (x instanceof RSet ? sortedSet(x) : []))) : undefined),
  intersection: (s) => {
    if (!(s instanceof RSet)) return undefined;
    const xs = sortedSet(s).filter((x): x is RSet => x instanceof RSet);
    if (!xs.length) return mkSet([]);
    return mkSet(sortedSet(xs[0]!).filter((e) => xs.every((x) => x.m.has(key(e)))));
  },
  type_name: (a) => typeName(a), is_string: (a) => str(a), is_number: (a) => num(a), is_boolean: (a) => typeof a === "boolean",
  is_array: (a) => Array.isArray(a), is_object: (a) => a instanceof RObj, is_null: (a) => a === null, is_set: (a) => a instanceof RSet,
  "json.marshal": (a) => JSON.stringify(toJSON(a)),
};

export const INTERP_BUILTINS: ReadonlySet<string> = new Set(Object.keys(BUILTINS));

/** Run the plan named `entrypoint`. */
export function evaluate(policy: Policy, entrypoint: string, input: unknown, data: unknown): unknown {
  const consts = policy.constants.map(fromConst);
  const funcs = new Map(policy.funcs.map((f) => [f.name, f]));
  const memo = new Map<number, V>();
  let withDepth = 0;
  const plan = policy.plans.find((p) => p.name === entrypoint);
  if (!plan) throw new Error(`no plan ${entrypoint}`);

  const run = (f: Func, args: (V | undefined)[]): V | undefined => {
    const locals: (V | undefined)[] = new Array(f.locals).fill(undefined);
    args.forEach((a, i) => { locals[i] = a; });
    const val = (o: Operand): V | undefined => ("local" in o ? locals[o.local] : consts[o.const]);
    /** -1: ran to the end; n ≥ 0: exit n more enclosing blocks. */
    const exec = (stmts: readonly Stmt[]): number => {
      for (const s of stmts) {
        switch (s.op) {
          case "block": case "with": {
            if (s.op === "with") withDepth++;
            const r = exec(s.body);
            if (s.op === "with") withDepth--;
            if (r > 0) return r - 1;
            break;
          }
          case "not": {
            const r = exec(s.body);
            if (r === -1) return 0;
            if (r > 0) return r - 1;
            break;
          }
          case "break": return s.depth;
          case "scan": {
            for (const [k, v] of iter(locals[s.source])) {
              locals[s.key] = k; locals[s.value] = v;
              const r = exec(s.body);
              if (r > 0) return r - 1;
            }
            break;
          }
          case "call": {
            const args = s.args.map(val);
            let r: V | undefined;
            if (s.func.startsWith("bi_")) {
              const name = s.func.slice(3).replace(/\$/g, ".");
              const b = BUILTINS[name];
              if (!b) throw new MissingBuiltin(name);
              r = args.some((a) => a === undefined) ? undefined : b(...(args as V[]));
            } else if (s.func === "rt_upsert") {
              r = upsert(args[0], args[1] as V[], args[2]!);
            } else {
              const g = funcs.get(s.func);
              if (!g) throw new Error(`no func ${s.func}`);
              r = run(g, args);
            }
            locals[s.result] = r;
            if (r === undefined && !s.allowUndefined) return 0;
            break;
          }
          case "assign": locals[s.target] = val(s.source); break;
          case "assignOnce": {
            const v = val(s.source);
            const t = locals[s.target];
            if (t === undefined) locals[s.target] = v;
            else if (v === undefined || !eq(t, v)) throw new Abort(`${s.loc.file}:${s.loc.row}:${s.loc.col}: ${s.message}`);
            break;
          }
          case "reset": locals[s.target] = undefined; break;
          case "isDefined": if (locals[s.source] === undefined) return 0; break;
          case "isUndefined": if (val(s.source) !== undefined) return 0; break;
          case "equal": { const a = val(s.a), b = val(s.b); if (a === undefined || b === undefined || !eq(a, b)) return 0; break; }
          case "notEqual": { const a = val(s.a), b = val(s.b); if (a === undefined || b === undefined || eq(a, b)) return 0; break; }
          case "notFalse": { const a = val(s.source); if (a === undefined || a === false) return 0; break; }
          case "dot": { const r = dot(val(s.source), val(s.key)); locals[s.target] = r; if (r === undefined) return 0; break; }
          case "len": { const r = BUILTINS.count!(val(s.source) as V); if (r === undefined || val(s.source) === undefined) return 0; locals[s.target] = r; break; }
          case "make": locals[s.target] = s.type === "array" ? [] : s.type === "object" ? new RObj() : new RSet(); break;
          case "arrayAppend": { const v = val(s.value); if (v === undefined) return 0; (locals[s.array] as V[]).push(v); break; }
          case "objectInsert": {
            const k = val(s.key), v = val(s.value);
            if (k === undefined || v === undefined) return 0;
            (locals[s.object] as RObj).m.set(key(k), [k, v]);
            break;
          }
          case "objectInsertOnce": {
            const k = val(s.key), v = val(s.value);
            if (k === undefined || v === undefined) return 0;
            const o = locals[s.object] as RObj;
            const prev = o.m.get(key(k));
            if (prev && !eq(prev[1], v)) throw new Abort(`${s.loc.file}:${s.loc.row}:${s.loc.col}: object insert conflict`);
            o.m.set(key(k), [k, v]);
            break;
          }
          case "setAdd": { const v = val(s.value); if (v === undefined) return 0; (locals[s.set] as RSet).m.set(key(v), v); break; }
          case "memoGet": locals[s.target] = withDepth > 0 ? undefined : memo.get(s.slot); break;
          case "memoSet": if (withDepth === 0 && locals[s.source] !== undefined) memo.set(s.slot, locals[s.source]!); break;
          case "abort": throw new Abort(`${s.loc.file}:${s.loc.row}:${s.loc.col}: ${s.message}`);
        }
      }
      return -1;
    };
    exec(f.body);
    return locals[f.result];
  };
  const f = funcs.get(plan.func)!;
  const inputV = input === undefined || input === null ? undefined : fromJSON(input);
  const r = run(f, [inputV, fromJSON(data ?? {})]);
  return r === undefined ? [] : [{ result: toJSON(r) }];
}

function upsert(root: V | undefined, path: V[], value: V): V {
  if (path.length === 0) return value;
  const base = root instanceof RObj ? new RObj(new Map(root.m)) : new RObj();
  const [head, ...rest] = path;
  const prev = base.m.get(key(head!))?.[1];
  base.m.set(key(head!), [head!, upsert(prev, rest, value)]);
  return base;
}
