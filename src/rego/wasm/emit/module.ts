/**
 * IR policy → linked Wasm module: `emitModule(policy, runtime)`.
 *
 * Lays out static data after the runtime's (constant table, constant JSON texts, abort
 * messages), emits one wasm function per IR `Func` (func.ts), generates the bodies of the two
 * runtime stubs — `__gpc_init` (build constants, register entrypoints and the host builtins
 * called, `{"gpc.<name>": id}`) and `__gpc_eval` (reset
 * memo, dispatch on the entrypoint id) — and hands everything to the append-only linker.
 * The output is a deterministic function of the policy and the runtime bytes.
 */
import type { ConstValue, Policy } from "../ir/ir.js";
import { builtinNameFromExport, HOST_CACHED, type RuntimeFunction } from "../runtime-abi.js";
import { hostBuiltin, HOST_INTERNAL, HOST_INTERNAL_USERS, HOST_PREFIX } from "../../host/names.js";
import { link, nameSectionContent, type AddedFunction, type FunctionBody } from "../encode/link.js";
import { ValType } from "../encode/module.js";
import type { RuntimeImage } from "../encode/runtime.js";
import { StaticData } from "./data.js";
import { EmitError, emitFunc, type FuncContext } from "./func.js";
import { Code } from "./instr.js";

const JSON_NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/** JSON text of a constant when it has no sets and only string object keys; undefined otherwise. */
export function constJson(v: ConstValue): string | undefined {
  switch (v.t) {
    case "null": return "null";
    case "bool": return v.v ? "true" : "false";
    case "number":
      if (!JSON_NUMBER.test(v.text)) throw new EmitError(`constant number ${JSON.stringify(v.text)} is not a JSON number`);
      return v.text;
    case "string": return JSON.stringify(v.v);
    case "set": return undefined;
    case "array": {
      const items = v.items.map(constJson);
      return items.every((i) => i !== undefined) ? `[${items.join(",")}]` : undefined;
    }
    case "object": {
      const parts: string[] = [];
      for (const [k, val] of v.entries) {
        if (k.t !== "string") return undefined;
        const j = constJson(val);
        if (j === undefined) return undefined;
        parts.push(`${JSON.stringify(k.v)}:${j}`);
      }
      return `{${parts.join(",")}}`;
    }
  }
}

function constDepth(v: ConstValue): number {
  if (constJson(v) !== undefined) return 0;
  const kids: ConstValue[] = v.t === "object" ? v.entries.flat() : v.t === "array" || v.t === "set" ? [...v.items] : [];
  return 1 + Math.max(0, ...kids.map(constDepth));
}

/** Options for debugging and tests. */
export interface EmitOptions {
  /** Exports to remove (default: the link-time symbols `rt_*`, `bi_*`, `__gpc_*`). */
  readonly dropExports?: (name: string) => boolean;
  /**
   * Append a `name` section naming the generated functions (`t.g`, `__gpc_init`, …), so that
   * traps and profiles show them. @default false
   */
  readonly names?: boolean;
}

/** Compile a planned policy and link it onto the runtime. Throws `EmitError` on malformed IR. */
export function emitModule(policy: Policy, runtime: RuntimeImage, options: EmitOptions = {}): Uint8Array {
  const data = new StaticData(runtime.heapBase, policy.constants.length);
  const funcIndex = new Map<string, { index: number; params: number }>();
  policy.funcs.forEach((f, i) => {
    if (funcIndex.has(f.name)) throw new EmitError(`duplicate function name ${f.name}`);
    funcIndex.set(f.name, { index: runtime.nextFunctionIndex + i, params: f.params });
  });
  const rt = (name: RuntimeFunction): number => {
    const idx = runtime.exportedFunctions.get(name);
    if (idx === undefined) throw new EmitError(`the runtime (${runtime.source}) does not export ${name}`);
    return idx;
  };
  // host builtins the policy calls, numbered in order of first call: `builtins()` lists them
  const hostIds = new Map<string, number>();
  let nextHostId = 0;
  const hostId = (builtin: string): number => {
    let id = hostIds.get(builtin);
    if (id === undefined) hostIds.set(builtin, (id = nextHostId++));
    return id | (hostBuiltin(builtin)?.cached ? HOST_CACHED : 0);
  };
  const hostFn = (n: number): number => rt(`rt_host${n}` as RuntimeFunction);
  const ctx: FuncContext = {
    rt,
    callee(name) {
      const own = funcIndex.get(name);
      if (own) return own;
      if (name.startsWith("__gpc_")) throw new EmitError(`cannot call the link stub ${name}`);
      const idx = runtime.exportedFunctions.get(name);
      const builtin = builtinNameFromExport(name);
      const spec = idx === undefined && builtin !== undefined && runtime.hostBuiltins.has(builtin) ? hostBuiltin(builtin) : undefined;
      if (spec && builtin) {
        const now = spec.now ? { id: hostId("time.now_ns"), index: hostFn(0) } : undefined;
        const n = spec.arity + (now ? 1 : 0);
        if (n > 4) throw new EmitError(`host builtin ${builtin} takes ${n} arguments; at most 4 are supported`);
        return { index: hostFn(n), params: spec.arity, host: { id: hostId(builtin), ...(now ? { now } : {}) } };
      }
      // the runtime's zoned time builtins ask the host for zones other than UTC
      if (idx !== undefined && builtin !== undefined && HOST_INTERNAL_USERS.get(builtin) && runtime.hostBuiltins.size > 0) {
        const internal = HOST_INTERNAL_USERS.get(builtin)!;
        hostIds.set(internal, HOST_INTERNAL.get(internal)!.id);
      }
      if (idx === undefined) {
        throw new EmitError(name.startsWith("bi_") || name.startsWith("rt_")
          ? `the runtime does not export ${name}` : `call of unknown function ${name}`);
      }
      return { index: idx, params: runtime.funcType(idx).params.length };
    },
    constSlot(i) {
      if (i >= policy.constants.length) throw new EmitError(`constant ${i} out of range (policy has ${policy.constants.length})`);
      return data.slot(i);
    },
    message: (loc, message) => data.message(loc, message),
    memoSlots: policy.memoSlots,
    // the rule's path names the function in call-depth errors (without the planner's `#with1` suffixes)
    ...(runtime.budget ? { budget: { ...runtime.budget, name: (f: string) => data.cstr(f.replace(/#.*$/u, "")) } } : {}),
  };

  const functions: AddedFunction[] = policy.funcs.map((f) => emitFunc(f, ctx));
  const init = initBody(policy, data, rt, hostIds); // adds messages: before data.segment()
  const seg = data.segment();
  // The policy's data is one passive segment that __gpc_init copies into place, after growing
  // memory to hold it: the SDK's memory starts at 5 pages, the data may be any size.
  const segIndex = runtime.module.data.length;
  const copy = new Code();
  if (seg.bytes.length > 0) {
    copy.i32Const(data.end()).call(rt("rt_reserve")).drop()
      .i32Const(seg.offset).i32Const(0).i32Const(seg.bytes.length).memoryInit(segIndex).dataDrop(segIndex);
  }
  const copyBytes = copy.bytes();
  const initCode = new Uint8Array(copyBytes.length + init.code.length);
  initCode.set(copyBytes, 0);
  initCode.set(init.code, copyBytes.length);
  const replacedBodies = new Map<number, FunctionBody>([
    [runtime.initFunction, { locals: init.locals, code: initCode }],
    [runtime.evalFunction, evalBody(policy, funcIndex, rt)],
  ]);
  return link(runtime, {
    functions,
    replacedBodies,
    data: seg.bytes.length > 0 ? [{ ...seg, passive: true }] : [],
    heapBase: data.end(),
    ...(options.dropExports ? { dropExports: options.dropExports } : {}),
    ...(options.names ? { customSections: [{ name: "name", content: nameSectionContent(functionNames(policy, runtime)) }] } : {}),
  });
}

function functionNames(policy: Policy, runtime: RuntimeImage): Map<number, string> {
  const names = new Map<number, string>([[runtime.initFunction, "__gpc_init"], [runtime.evalFunction, "__gpc_eval"]]);
  policy.funcs.forEach((f, i) => names.set(runtime.nextFunctionIndex + i, f.name));
  for (const [name, index] of runtime.exportedFunctions) if (!names.has(index)) names.set(index, name);
  return names;
}

/** `__gpc_init()`: build each constant into its table slot, then `rt_set_entrypoints({name: id})`. */
function initBody(policy: Policy, data: StaticData, rt: (n: RuntimeFunction) => number, hostIds: ReadonlyMap<string, number>): FunctionBody {
  const c = new Code();
  const depth = Math.max(0, ...policy.constants.map(constDepth));
  const tmp = depth; // locals 0..depth-1 hold containers under construction; `tmp` checks parses
  const parseFailed = data.message({ file: "gpc", row: 0, col: 0 }, "invalid constant JSON");

  const parse = (json: string): void => {
    const { addr, len } = data.text(json);
    c.i32Const(addr).i32Const(len).call(rt("rt_json_parse")).localTee(tmp).i32Eqz().if()
      .i32Const(parseFailed).call(rt("rt_abort")).drop().unreachable().end().localGet(tmp);
  };
  const build = (v: ConstValue, d: number): void => {
    const json = constJson(v);
    if (json !== undefined) return parse(json);
    if (v.t === "set" || v.t === "array") {
      c.call(rt(v.t === "set" ? "rt_make_set" : "rt_make_array")).localSet(d);
      for (const item of v.items) {
        c.localGet(d);
        build(item, d + 1);
        c.call(rt(v.t === "set" ? "rt_set_add" : "rt_array_append")).drop();
      }
    } else if (v.t === "object") {
      c.call(rt("rt_make_object")).localSet(d);
      for (const [k, val] of v.entries) {
        c.localGet(d);
        build(k, d + 1);
        build(val, d + 1);
        c.call(rt("rt_object_insert")).drop();
      }
    }
    c.localGet(d);
  };
  policy.constants.forEach((v, i) => {
    c.i32Const(0);
    build(v, 0);
    c.i32Store(data.slot(i));
  });

  const seen = new Set<string>();
  for (const p of policy.plans) {
    if (seen.has(p.name)) throw new EmitError(`duplicate entrypoint ${p.name}`);
    seen.add(p.name);
  }
  parse(`{${policy.plans.map((p, i) => `${JSON.stringify(p.name)}:${i}`).join(",")}}`);
  c.call(rt("rt_set_entrypoints")).drop();
  if (hostIds.size > 0) {
    parse(`{${[...hostIds].map(([name, id]) => `${JSON.stringify(HOST_PREFIX + name)}:${id}`).join(",")}}`);
    c.call(rt("rt_set_builtins")).drop();
  }
  c.end();
  return { locals: [[depth + 1, ValType.i32]], code: c.bytes() };
}

/** `__gpc_eval(ep, input, data)`: reset memo, then `br_table` to plan `ep`'s function (0 if unknown). */
function evalBody(
  policy: Policy,
  funcs: ReadonlyMap<string, { index: number; params: number }>,
  rt: (n: RuntimeFunction) => number,
): FunctionBody {
  const c = new Code();
  c.i32Const(policy.memoSlots).call(rt("rt_memo_reset")).drop();
  const n = policy.plans.length;
  if (n > 0) {
    c.block(); // default: unknown entrypoint
    for (let i = 0; i < n; i++) c.block();
    c.localGet(0).brTable([...Array(n).keys()], n);
    policy.plans.forEach((p) => {
      const f = funcs.get(p.func);
      if (!f) throw new EmitError(`entrypoint ${p.name}: unknown function ${p.func}`);
      if (f.params !== 2) throw new EmitError(`entrypoint ${p.name}: function ${p.func} must take (input, data), not ${f.params} parameters`);
      c.end().localGet(1).localGet(2).call(f.index).return();
    });
    c.end();
  }
  c.i32Const(0).end();
  return { locals: [], code: c.bytes() };
}

