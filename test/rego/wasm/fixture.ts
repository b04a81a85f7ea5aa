/**
 * A tiny host-backed runtime following the link conventions of src/rego/wasm/runtime-abi.ts, for
 * testing the emitter and linker independently of the real runtime. Every `rt_*`/`bi_*` export is
 * a re-exported import from module `host`, implemented in JavaScript over a handle table; the
 * module defines the two stubs, the `__gpc_heap_base` global, a start function calling
 * `__gpc_init`, a data segment, a data-count section and a custom section.
 */
import { ByteWriter } from "../../../src/rego/wasm/encode/bytes.js";
import { encodeFuncType, encodeSection, SectionId, WASM_HEADER, type FuncType } from "../../../src/rego/wasm/encode/module.js";
import { RUNTIME_FUNCTIONS } from "../../../src/rego/wasm/runtime-abi.js";

const I32 = 0x7f;
export const FIXTURE_HEAP_BASE = 1028; // deliberately not a multiple of 8
export const FIXTURE_DATA = new TextEncoder().encode("fixture-data");
export const FIXTURE_BUILTINS = { bi_plus: 2, bi_count: 1, "bi_strings$upper": 1 } as const;

const vec = (w: ByteWriter, items: readonly ((w: ByteWriter) => void)[]): Uint8Array => {
  w.u32(items.length);
  for (const it of items) it(w);
  return w.bytes();
};

/** Build the fixture runtime's bytes. */
export function buildFixtureRuntime(opts: {
  dataCount?: boolean;
  customSection?: boolean;
  /** Override parameter counts of host functions (to build malformed runtimes). */
  arity?: Readonly<Record<string, number>>;
  /** Memory import limits (default min 2, no max). */
  memory?: { min: number; max?: number };
} = {}): Uint8Array {
  const hostFns = [...Object.entries(RUNTIME_FUNCTIONS), ...Object.entries(FIXTURE_BUILTINS)]
    .map(([name, n]) => [name, opts.arity?.[name] ?? n]) as [string, number][];
  const types: FuncType[] = [];
  const typeOf = (t: FuncType): number => {
    const k = types.findIndex((x) => x.params.join() === t.params.join() && x.results.join() === t.results.join());
    if (k >= 0) return k;
    types.push(t);
    return types.length - 1;
  };
  const i32s = (n: number): number[] => Array(n).fill(I32);
  const imports = hostFns.map(([name, n]) => ({ name, type: typeOf({ params: i32s(n), results: [I32] }) }));
  const tVoid = typeOf({ params: [], results: [] });
  const tEval = typeOf({ params: i32s(3), results: [I32] });
  const nImp = imports.length;
  // Defined functions: __gpc_init, __gpc_eval, fx_start, fx_eval.
  const INIT = nImp, EVAL = nImp + 1, START = nImp + 2, FXEVAL = nImp + 3;
  const bodies: Uint8Array[] = [
    new Uint8Array([0x00, 0x0b]), // __gpc_init: no locals, end
    new Uint8Array([0x00, 0x41, 0x00, 0x0b]), // __gpc_eval: i32.const 0
    new ByteWriter().byte(0).byte(0x10).u32(INIT).byte(0x0b).bytes(), // fx_start: call __gpc_init
    new ByteWriter().byte(0).byte(0x20).u32(0).byte(0x20).u32(1).byte(0x20).u32(2).byte(0x10).u32(EVAL).byte(0x0b).bytes(),
  ];
  const out = new ByteWriter().raw(WASM_HEADER);
  const section = (id: number, content: Uint8Array): void => { out.raw(encodeSection(id, content)); };
  if (opts.customSection) section(SectionId.custom, new ByteWriter().name("producers").raw([1, 2, 3]).bytes());
  section(SectionId.type, vec(new ByteWriter(), types.map((t) => (w) => w.raw(encodeFuncType(t)))));
  section(SectionId.import, vec(new ByteWriter(), [
    (w) => {
      const mem = opts.memory ?? { min: 2 };
      w.name("env").name("memory").byte(2).byte(mem.max === undefined ? 0 : 1).u32(mem.min);
      if (mem.max !== undefined) w.u32(mem.max);
    },
    ...imports.map((im) => (w: ByteWriter) => w.name("host").name(im.name).byte(0).u32(im.type)),
  ]));
  section(SectionId.function, vec(new ByteWriter(), [tVoid, tEval, tVoid, tEval].map((t) => (w) => w.u32(t))));
  section(SectionId.global, vec(new ByteWriter(), [(w) => w.byte(I32).byte(1).byte(0x41).s32(FIXTURE_HEAP_BASE).byte(0x0b)]));
  section(SectionId.export, vec(new ByteWriter(), [
    ...imports.map((im, i) => (w: ByteWriter) => w.name(im.name).byte(0).u32(i)),
    (w) => w.name("__gpc_init").byte(0).u32(INIT),
    (w) => w.name("__gpc_eval").byte(0).u32(EVAL),
    (w) => w.name("fx_eval").byte(0).u32(FXEVAL),
    (w) => w.name("__gpc_heap_base").byte(3).u32(0),
    (w) => w.name("fx_heap_base").byte(3).u32(0),
  ]));
  section(SectionId.start, new ByteWriter().u32(START).bytes());
  if (opts.dataCount) section(SectionId.dataCount, new ByteWriter().u32(1).bytes());
  section(SectionId.code, vec(new ByteWriter(), bodies.map((b) => (w) => w.vecBytes(b))));
  section(SectionId.data, vec(new ByteWriter(), [(w) => w.byte(0).byte(0x41).s32(16).byte(0x0b).vecBytes(FIXTURE_DATA)]));
  if (opts.customSection) section(SectionId.custom, new ByteWriter().name("name").raw([0]).bytes());
  return out.bytes();
}

// ---- host values ----------------------------------------------------------------------------

export type V =
  | null | boolean | number | string | V[]
  | { readonly set: Map<string, V> }
  | { readonly obj: Map<string, [V, V]> };

const isSet = (v: V): v is { set: Map<string, V> } => typeof v === "object" && v !== null && "set" in v;
const isObj = (v: V): v is { obj: Map<string, [V, V]> } => typeof v === "object" && v !== null && "obj" in v;

/** Canonical text (equal values ↔ equal texts; 1 and 1.0 both "1"). */
export function canon(v: V): string {
  if (Array.isArray(v)) return `[${v.map(canon).join(",")}]`;
  if (isSet(v)) return `set(${[...v.set.keys()].sort().join(",")})`;
  if (isObj(v)) return `{${[...v.obj.keys()].sort().map((k) => `${k}:${canon(v.obj.get(k)![1])}`).join(",")}}`;
  return JSON.stringify(v);
}

const rank = (v: V): number =>
  v === null ? 0 : typeof v === "boolean" ? 1 : typeof v === "number" ? 2 : typeof v === "string" ? 3 : Array.isArray(v) ? 4 : isObj(v) ? 5 : 6;

/** Rego's order, roughly: by type, numbers numerically, strings by code unit, arrays element-wise. */
export function cmp(a: V, b: V): number {
  const ra = rank(a), rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === "number" || typeof a === "string" || typeof a === "boolean") return a < (b as typeof a) ? -1 : a > (b as typeof a) ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) { const c = cmp(a[i]!, b[i]!); if (c) return c; }
    return a.length - b.length;
  }
  const ca = canon(a), cb = canon(b);
  return ca < cb ? -1 : ca > cb ? 1 : 0;
}

const sortedSet = (m: Map<string, V>): V[] => [...m.values()].sort(cmp);
const sortedObj = (m: Map<string, [V, V]>): [V, V][] => [...m.values()].sort((x, y) => cmp(x[0], y[0]));

/** Plain JSON view: sets become sorted arrays, objects need string keys. */
export function toJS(v: V): unknown {
  if (Array.isArray(v)) return v.map(toJS);
  if (isSet(v)) return sortedSet(v.set).map(toJS);
  if (isObj(v)) return Object.fromEntries(sortedObj(v.obj).map(([kk, vv]) => [String(toJS(kk)), toJS(vv)]));
  return v;
}

function fromJS(x: unknown): V {
  if (Array.isArray(x)) return x.map(fromJS);
  if (x !== null && typeof x === "object") {
    const obj = new Map<string, [V, V]>();
    for (const [k, v] of Object.entries(x)) obj.set(canon(k), [k, fromJS(v)]);
    return { obj };
  }
  return x as V;
}

export interface FixtureInstance {
  /** Run `__gpc_eval(ep, input, data)` with JS values; returns the JS view of the result (undefined for 0). */
  eval(ep: number, input?: unknown, data?: unknown): unknown;
  readonly entrypoints: unknown;
  readonly heapBase: number;
  readonly memory: WebAssembly.Memory;
  readonly log: string[];
  readonly exports: WebAssembly.Exports;
}

/** Instantiate a linked fixture module with a JavaScript implementation of the runtime functions. */
export function instantiateFixture(bytes: Uint8Array): FixtureInstance {
  const memory = new WebAssembly.Memory({ initial: 5 });
  const vals: V[] = [null]; // handle 0 = undefined
  const put = (v: V): number => { vals.push(v); return vals.length - 1; };
  const get = (h: number): V => { if (h <= 0 || h >= vals.length) throw new Error(`bad handle ${h}`); return vals[h]!; };
  const log: string[] = [];
  let memo: number[] = [];
  let withDepth = 0;
  let entrypoints: unknown;
  const entries = (v: V): [V, V][] => {
    if (Array.isArray(v)) return v.map((x, i) => [i, x]);
    if (isSet(v)) return sortedSet(v.set).map((x) => [x, x]);
    if (isObj(v)) return sortedObj(v.obj);
    return [];
  };
  const cstr = (addr: number): string => {
    const b = new Uint8Array(memory.buffer);
    let s = "";
    while (b[addr]) s += String.fromCharCode(b[addr++]!);
    return s;
  };
  const host: Record<string, (...a: number[]) => number> = {
    rt_json_parse: (p, n) => { try { return put(fromJS(JSON.parse(new TextDecoder().decode(new Uint8Array(memory.buffer, p, n))))); } catch { return 0; } },
    rt_dot: (c, k) => {
      if (!c || !k) return 0;
      const cv = get(c), kv = get(k);
      if (Array.isArray(cv)) return typeof kv === "number" && Number.isInteger(kv) && kv >= 0 && kv < cv.length ? put(cv[kv]!) : 0;
      if (isObj(cv)) { const e = cv.obj.get(canon(kv)); return e ? put(e[1]) : 0; }
      if (isSet(cv)) { const e = cv.set.get(canon(kv)); return e !== undefined ? put(e) : 0; }
      return 0;
    },
    rt_len: (x) => { if (!x) return 0; const v = get(x); return typeof v === "string" ? put([...v].length) : Array.isArray(v) || isSet(v) || isObj(v) ? put(entries(v).length) : 0; },
    rt_make_array: () => put([]),
    rt_make_object: () => put({ obj: new Map() }),
    rt_make_set: () => put({ set: new Map() }),
    rt_array_append: (a, v) => { if (!v) return 0; (get(a) as V[]).push(get(v)); return 1; },
    rt_object_insert: (o, k, v) => { if (!k || !v) return 0; (get(o) as { obj: Map<string, [V, V]> }).obj.set(canon(get(k)), [get(k), get(v)]); return 1; },
    rt_object_insert_once: (o, k, v) => {
      if (!k || !v) return 0;
      const m = (get(o) as { obj: Map<string, [V, V]> }).obj, key = canon(get(k)), cur = m.get(key);
      if (cur) return canon(cur[1]) === canon(get(v)) ? 1 : 0;
      m.set(key, [get(k), get(v)]);
      return 1;
    },
    rt_set_add: (s, v) => { if (!v) return 0; (get(s) as { set: Map<string, V> }).set.set(canon(get(v)), get(v)); return 1; },
    rt_equal: (a, b) => (a && b && canon(get(a)) === canon(get(b)) ? 1 : 0),
    rt_is_false: (a) => (a && get(a) === false ? 1 : 0),
    rt_iter_count: (c) => (c ? entries(get(c)).length : 0),
    rt_iter_key: (c, i) => put(entries(get(c))[i]![0]),
    rt_iter_value: (c, i) => put(entries(get(c))[i]![1]),
    rt_upsert: (root, path, value) => {
      const keys = get(path) as V[];
      if (keys.length === 0) return value;
      const copy = (v: V | undefined): { obj: Map<string, [V, V]> } => ({ obj: new Map(v && isObj(v) ? v.obj : []) });
      const top = copy(root ? get(root) : undefined);
      let cur = top;
      keys.forEach((k, i) => {
        if (i === keys.length - 1) cur.obj.set(canon(k), [k, get(value)]);
        else { const next = copy(cur.obj.get(canon(k))?.[1]); cur.obj.set(canon(k), [k, next]); cur = next; }
      });
      return put(top);
    },
    rt_memo_reset: (n) => { memo = Array(n).fill(0); withDepth = 0; log.push(`memo_reset ${n}`); return 1; },
    rt_memo_get: (s) => (withDepth > 0 ? 0 : memo[s]!),
    rt_memo_set: (s, v) => { if (withDepth === 0) memo[s] = v; return 1; },
    rt_with_enter: () => { withDepth++; log.push(`with_enter ${withDepth}`); return 1; },
    rt_with_exit: () => { log.push(`with_exit ${withDepth}`); withDepth--; return 1; },
    rt_set_entrypoints: (o) => { entrypoints = toJS(get(o)); return 1; },
    rt_abort: (m) => { throw cstr(m); },
    rt_out_of_fuel: () => { throw "out of fuel"; },
    rt_call_too_deep: (m) => { throw `too deep in ${cstr(m)}`; },
    rt_charge_string: () => 1,
    rt_reserve: (end) => { const have = memory.buffer.byteLength; if (end > have) memory.grow(Math.ceil((end - have) / 65536)); return 1; },
    bi_plus: (a, b) => { const x = get(a), y = get(b); return typeof x === "number" && typeof y === "number" ? put(x + y) : 0; },
    bi_count: (a) => host.rt_len!(a),
    "bi_strings$upper": (a) => { const x = get(a); return typeof x === "string" ? put(x.toUpperCase()) : 0; },
  };
  const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes as BufferSource), { env: { memory }, host });
  const ex = inst.exports;
  return {
    eval(ep, input, data) {
      const r = (ex.fx_eval as (e: number, i: number, d: number) => number)(
        ep, input === undefined ? 0 : put(fromJS(input)), put(fromJS(data ?? {})));
      return r === 0 ? undefined : toJS(get(r));
    },
    get entrypoints() { return entrypoints; },
    heapBase: (ex.fx_heap_base as WebAssembly.Global).value as number,
    memory,
    log,
    exports: ex,
  };
}
