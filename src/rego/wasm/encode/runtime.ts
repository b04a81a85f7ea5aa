/**
 * The prebuilt runtime as the emitter and linker see it: `runtime/build/runtime.wasm` read once,
 * checked against the contract in ../runtime-abi.ts, with its link-time symbols indexed by name.
 */
import { packagePath } from "../../../paths.js";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { builtinNameFromExport, HOST_CALL_FUNCTIONS, RUNTIME_FUNCTIONS, type RuntimeFunction } from "../runtime-abi.js";
import { WasmDecodeError } from "./bytes.js";
import { HOST_BUILTINS } from "../../host/names.js";
import { encodeU32 } from "./leb128.js";
import { link, type LinkTarget } from "./link.js";
import { readModule, ValType, type FuncType, type WasmModule } from "./module.js";

/** Memory the SDK gives a module at instantiation: `new WebAssembly.Memory({initial: 5})`. */
export const SDK_INITIAL_PAGES = 5;

export interface RuntimeImage extends LinkTarget {
  /** Where it was read from (for messages). */
  readonly source: string;
  readonly bytes: Uint8Array;
  readonly module: WasmModule;
  /** Function index of every exported function, by export name (`rt_*`, `bi_*`, `__gpc_*`, ABI exports). */
  readonly exportedFunctions: ReadonlyMap<string, number>;
  /**
   * Builtins a module may call: Rego name (`strings.replace_n`) → arity — those the runtime
   * implements, and the host builtins (src/rego/host/names.ts) when the runtime can call the host.
   */
  readonly builtins: ReadonlyMap<string, number>;
  /** The builtins of `builtins` that are called on the host (not implemented by the runtime). */
  readonly hostBuiltins: ReadonlySet<string>;
  /** `__gpc_init` and `__gpc_eval`, the stubs whose bodies the linker replaces. */
  readonly initFunction: number;
  readonly evalFunction: number;
  /** Global index of `__gpc_heap_base` and its original value (where appended data may start). */
  readonly heapBaseGlobal: number;
  readonly heapBase: number;
  /** End of the runtime's own active data segments (≤ heapBase). */
  readonly dataEnd: number;
  /** Index the first appended function will get. */
  readonly nextFunctionIndex: number;
  /**
   * The evaluation budget's globals (`__gpc_fuel`, `__gpc_depth`) and the call-depth limit
   * (`__gpc_max_depth`); absent when the runtime has none (then code is not instrumented).
   */
  readonly budget?: { readonly fuelGlobal: number; readonly depthGlobal: number; readonly maxDepth: number };
  readonly staticMemoryLimit: number;
  /** Index of an exported function; throws a clear error when the runtime does not export it. */
  functionIndex(exportName: string): number;
  /** Type of a function (imported or defined) by index. */
  funcType(index: number): FuncType;
}

export class RuntimeError extends Error {
  constructor(source: string, message: string) {
    super(`runtime ${source}: ${message}`);
    this.name = "RuntimeError";
  }
}

function sig(t: FuncType): string {
  const name = (v: number): string => Object.entries(ValType).find(([, b]) => b === v)?.[0] ?? `0x${v.toString(16)}`;
  return `(${t.params.map(name).join(", ")}) -> (${t.results.map(name).join(", ")})`;
}

function allI32(t: FuncType, params: number): boolean {
  return t.params.length === params && t.params.every((p) => p === ValType.i32)
    && t.results.length === 1 && t.results[0] === ValType.i32;
}

/** Check and index a runtime module. Throws `RuntimeError` naming `source` on any contract violation. */
export function runtimeFromBytes(bytes: Uint8Array, source = "<bytes>"): RuntimeImage {
  const fail = (msg: string): never => { throw new RuntimeError(source, msg); };
  if (!WebAssembly.validate(bytes as BufferSource)) {
    let why = "not a valid WebAssembly module";
    try { new WebAssembly.Module(bytes as BufferSource); } catch (e) { why += `: ${e instanceof Error ? e.message : String(e)}`; }
    fail(why);
  }
  let module: WasmModule;
  try {
    module = readModule(bytes);
  } catch (e) {
    if (e instanceof WasmDecodeError) fail(e.message);
    throw e;
  }
  const m = module!;
  const importedFuncTypes = m.imports.filter((i) => i.kind === "func").map((i) => i.typeIndex!);
  const funcType = (index: number): FuncType => {
    const t = index < m.importedFunctions ? importedFuncTypes[index] : m.functions[index - m.importedFunctions];
    if (t === undefined) throw new RuntimeError(source, `no function ${index}`);
    return m.types[t]!;
  };

  const memImport = m.imports.find((i) => i.kind === "memory");
  if (m.memories.length > 0) fail("defines its own memory; it must import env.memory (the SDK provides it)");
  if (!memImport || memImport.module !== "env" || memImport.name !== "memory") fail("must import its memory as env.memory");
  if (memImport!.memory!.min > SDK_INITIAL_PAGES) fail(`imports memory with a minimum of ${memImport!.memory!.min} pages; the SDK provides ${SDK_INITIAL_PAGES}`);
  if (memImport!.memory!.max !== undefined) fail("imports memory with a maximum; the SDK's memory has none");

  const exportedFunctions = new Map<string, number>();
  const exportedGlobals = new Map<string, number>();
  for (const e of m.exports) {
    if (e.kind === "func") exportedFunctions.set(e.name, e.index);
    if (e.kind === "global") exportedGlobals.set(e.name, e.index);
  }
  const heapBaseGlobal = exportedGlobals.get("__gpc_heap_base");
  const definedGlobal = (name: string, mutable: boolean): { index: number; constI32?: number } | undefined => {
    const index = exportedGlobals.get(name);
    if (index === undefined) return undefined;
    const g = m.globals[index - m.importedGlobals];
    if (!g || g.type !== ValType.i32 || g.mutable !== mutable) fail(`${name} must be a defined ${mutable ? "mutable" : "constant"} i32 global`);
    return { index, ...(g!.constI32 !== undefined ? { constI32: g!.constI32 } : {}) };
  };
  const fuel = definedGlobal("__gpc_fuel", true), depth = definedGlobal("__gpc_depth", true), maxDepth = definedGlobal("__gpc_max_depth", false);
  if ((fuel || depth || maxDepth) && !(fuel && depth && maxDepth?.constI32 !== undefined)) fail("must export all of __gpc_fuel, __gpc_depth and __gpc_max_depth (an i32.const), or none");
  for (const f of ["rt_out_of_fuel", "rt_call_too_deep"]) if (fuel && !exportedFunctions.has(f)) fail(`exports __gpc_fuel but not ${f}`);
  const stub = (name: string, params: number, results: number): number => {
    const idx = exportedFunctions.get(name);
    if (idx === undefined) return fail(`missing the link stub export ${name}`);
    if (idx < m.importedFunctions) fail(`${name} must be a defined function, not an import`);
    const t = funcType(idx);
    if (t.params.length !== params || t.results.length !== results || ![...t.params, ...t.results].every((v) => v === ValType.i32)) {
      fail(`${name} has type ${sig(t)}; expected ${params} i32 parameter(s) and ${results} i32 result(s)`);
    }
    return idx;
  };
  const initFunction = stub("__gpc_init", 0, 0);
  const evalFunction = stub("__gpc_eval", 3, 1);

  if (heapBaseGlobal === undefined) fail("missing the global export __gpc_heap_base");
  const hb = m.globals[heapBaseGlobal! - m.importedGlobals];
  if (!hb) fail("__gpc_heap_base must be a defined global, not an import");
  if (hb!.type !== ValType.i32 || hb!.constI32 === undefined) fail("__gpc_heap_base must be an i32 global initialised with i32.const");
  const heapBase = hb!.constI32!;

  let dataEnd = 0;
  for (const d of m.data) {
    if (d.mode !== "active") continue;
    if (d.memory !== 0) fail("has a data segment for a memory other than 0");
    if (d.offset === undefined) fail("has an active data segment whose offset is not an i32.const");
    dataEnd = Math.max(dataEnd, d.offset! + d.size);
  }
  if (dataEnd > heapBase) fail(`its data ends at ${dataEnd}, above __gpc_heap_base (${heapBase})`);

  const builtins = new Map<string, number>();
  for (const [name, idx] of exportedFunctions) {
    const t = funcType(idx);
    if (name.startsWith("rt_")) {
      const want = (RUNTIME_FUNCTIONS as Record<string, number>)[name] ?? (HOST_CALL_FUNCTIONS as Record<string, number>)[name];
      if (want !== undefined && !allI32(t, want)) fail(`${name} has type ${sig(t)}; expected ${want} i32 parameter(s) -> i32`);
    }
    const builtin = builtinNameFromExport(name);
    if (builtin !== undefined) {
      if (!allI32(t, t.params.length)) fail(`builtin export ${name} has type ${sig(t)}; builtins take and return i32`);
      builtins.set(builtin, t.params.length);
    }
  }

  const hostBuiltins = new Set<string>();
  if (Object.keys(HOST_CALL_FUNCTIONS).every((n) => exportedFunctions.has(n))) {
    for (const [name, spec] of HOST_BUILTINS) {
      if (builtins.has(name)) continue; // native wins
      builtins.set(name, spec.arity);
      hostBuiltins.add(name);
    }
  }

  const nextFunctionIndex = m.importedFunctions + m.functions.length;
  return {
    source, bytes, module: m, exportedFunctions, builtins, hostBuiltins, initFunction, evalFunction,
    heapBaseGlobal: heapBaseGlobal!, heapBase, dataEnd, nextFunctionIndex,
    ...(fuel && depth && maxDepth ? { budget: { fuelGlobal: fuel.index, depthGlobal: depth.index, maxDepth: maxDepth.constI32! } } : {}),
    staticMemoryLimit: SDK_INITIAL_PAGES * 65536,
    functionIndex(name: string): number {
      const idx = exportedFunctions.get(name);
      if (idx === undefined) throw new RuntimeError(source, `does not export the function ${name}`);
      return idx;
    },
    funcType,
  };
}

function defaultRuntimePath(): string {
  return packagePath("runtime", "build", "runtime.wasm");
}

/**
 * Behavioural check of the link contract: link a trivial policy whose `__gpc_eval` returns an empty
 * array, instantiate it as the SDK would, and require `opa_eval` to report `[{"result":[]}]`.
 * This catches runtime builds whose optimiser folded a stub (e.g. the stub's constant `return 0`
 * propagated into `opa_eval`, which then reports every entrypoint as undefined). Runtimes without
 * `opa_eval` are not checked. Throws `RuntimeError`.
 */
export function selfTestRuntime(image: RuntimeImage): void {
  const makeArray = image.exportedFunctions.get("rt_make_array");
  const setEntrypoints = image.exportedFunctions.get("rt_set_entrypoints");
  const x = image.exportedFunctions;
  if (makeArray === undefined || setEntrypoints === undefined || !x.has("opa_eval") || !x.has("entrypoints") || !x.has("opa_json_dump")) return;
  // __gpc_init: rt_set_entrypoints(rt_make_array()) — so `entrypoints()` shows that init ran.
  const init = [0x10, ...encodeU32(makeArray), 0x10, ...encodeU32(setEntrypoints), 0x1a, 0x0b];
  // __gpc_eval: return rt_make_array()
  const evalBody = [0x10, ...encodeU32(makeArray), 0x0b];
  const bytes = link(image, {
    functions: [],
    replacedBodies: new Map([
      [image.initFunction, { locals: [], code: new Uint8Array(init) }],
      [image.evalFunction, { locals: [], code: new Uint8Array(evalBody) }],
    ]),
    data: [],
    heapBase: (image.heapBase + 7) & ~7,
    dropExports: () => false,
  });
  const memory = new WebAssembly.Memory({ initial: SDK_INITIAL_PAGES });
  const cstr = (a: number): string => {
    const b = new Uint8Array(memory.buffer);
    let end = a;
    while (end < b.length && b[end]) end++;
    return new TextDecoder().decode(b.subarray(a, end));
  };
  const env: Record<string, WebAssembly.ImportValue> = { memory };
  for (const i of image.module.imports) {
    if (i.kind === "func") env[i.name] = (a: number) => { throw new RuntimeError(image.source, `self-test: ${i.name} called${i.name === "opa_abort" ? `: ${cstr(a)}` : ""}`); };
  }
  let got: string, entrypoints: string;
  try {
    const ex = new WebAssembly.Instance(new WebAssembly.Module(bytes as BufferSource), { env }).exports as Record<string, (...a: number[]) => number>;
    entrypoints = cstr(ex.opa_json_dump!(ex.entrypoints!()));
    const heap = ex.opa_heap_ptr_get ? ex.opa_heap_ptr_get() : image.heapBase;
    got = cstr(ex.opa_eval!(0, 0, 0, 0, 0, heap, 0));
  } catch (e) {
    if (e instanceof RuntimeError) throw e;
    throw new RuntimeError(image.source, `self-test: linking a trivial policy failed at instantiation or evaluation: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (entrypoints !== "[]") {
    throw new RuntimeError(image.source, `self-test: entrypoints() returned ${JSON.stringify(entrypoints)} after a linked __gpc_init registered []; `
      + "the start function must call __gpc_init, and entrypoints() return what rt_set_entrypoints registered");
  }
  if (got !== '[{"result":[]}]') {
    throw new RuntimeError(image.source, `self-test: opa_eval returned ${JSON.stringify(got)} for a linked __gpc_eval returning []; `
      + "opa_eval must return the value of __gpc_eval (did the optimiser fold the stub's constant result?)");
  }
}

const cache = new Map<string, RuntimeImage>();

/**
 * Read, check and index the runtime (default `runtime/build/runtime.wasm`), once per path, and run
 * `selfTestRuntime` on it.
 */
export function loadRuntime(path?: string): RuntimeImage {
  const p = resolve(path ?? defaultRuntimePath());
  let image = cache.get(p);
  if (!image) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(p));
    } catch (e) {
      throw new RuntimeError(p, `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}); build it with \`npm run build:runtime\``);
    }
    image = runtimeFromBytes(bytes, p);
    selfTestRuntime(image);
    cache.set(p, image);
  }
  return image;
}
