/**
 * Compiled templates: Rego → Wasm once per template, cached by content hash in memory and on
 * disk, loaded once with `@open-policy-agent/opa-wasm`.
 *
 * Input: a `TemplateRego`. Output: a `CompiledTemplate` whose `evaluate(input JSON)` returns the
 * raw violation set, or throws the runtime error text (the engine turns that into Gatekeeper's
 * fail-closed violation).
 *
 * The disk cache lives in `<cwd>/.gpc-cache/wasm/` (or `$GPC_CACHE_DIR`); deleting it is always
 * safe. Keys hash the modules, entrypoint, syntax version and a fingerprint of the compiler
 * sources, so a changed compiler never serves stale modules.
 */
import { noteColdStart } from "../host.js";
import { packagePath } from "../paths.js";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPolicy, type LoadedPolicy } from "@open-policy-agent/opa-wasm";
import type { CompileRegoOptions } from "../rego/wasm/compile.js";
import type { MergedTemplates } from "./merge.js";
import type { TemplateRego } from "./template.js";
import { gatekeeperJSON } from "./input-json.js";

/** A Rego → Wasm compiler with `compileRego`'s signature. */
export type Compiler = (opts: CompileRegoOptions) => Uint8Array;

/** Options of the compiled-template cache. */
export interface WasmCacheOptions {
  /** Cache folder; `false` disables the disk cache. @default $GPC_CACHE_DIR or `<cwd>/.gpc-cache` */
  readonly cacheDir?: string | false;
  /** @default gpc's own `compileRego` */
  readonly compiler?: Compiler;
  /** Mixed into cache keys; set it when `compiler` is not gpc's own. @default fingerprint of src/rego */
  readonly compilerId?: string;
}

/**
 * What one evaluation may use (runtime/budget.ts): `steps` counts rule and function calls, loop
 * iterations and the runtime's charges for work proportional to a builtin's input; `memoryMiB` is
 * how far the heap may grow. Over budget, evaluate throws
 * `evaluation exceeded its budget of N steps` / `… of N MiB of memory`.
 */
export interface EvalBudget {
  /** @default $GPC_EVAL_BUDGET, else 100000000 */
  readonly steps?: number;
  /** @default $GPC_EVAL_MEMORY, else 256 */
  readonly memoryMiB?: number;
}

/** The runtime's defaults (runtime/budget.ts). */
export const DEFAULT_BUDGET = Object.freeze({ steps: 100_000_000, memoryMiB: 256 });

/**
 * The budget in force: explicit values, else the environment (`GPC_EVAL_BUDGET` steps,
 * `GPC_EVAL_MEMORY` MiB), else the defaults. Throws on a value that is not a positive integer
 * (steps ≤ 2147483647, memory ≤ 4095 MiB).
 */
export function resolveBudget(b: EvalBudget = {}, env: NodeJS.ProcessEnv = process.env): Required<EvalBudget> {
  const pick = (v: number | undefined, name: string, max: number, fallback: number): number => {
    const raw = v ?? (env[name] !== undefined && env[name] !== "" ? Number(env[name]) : fallback);
    if (!Number.isInteger(raw) || raw < 1 || raw > max) throw new Error(`${v !== undefined ? "evaluation budget" : name}: ${String(v ?? env[name])} is not an integer from 1 to ${max}`);
    return raw;
  };
  return {
    steps: pick(b.steps, "GPC_EVAL_BUDGET", 0x7fffffff, DEFAULT_BUDGET.steps),
    memoryMiB: pick(b.memoryMiB, "GPC_EVAL_MEMORY", 4095, DEFAULT_BUDGET.memoryMiB),
  };
}

type Exports = Record<string, (...a: number[]) => number>;

function exportsOf(policy: LoadedPolicy): Exports {
  return (("exports" in policy.wasmInstance) ? policy.wasmInstance : (policy.wasmInstance as unknown as { instance: WebAssembly.Instance }).instance).exports as Exports;
}

/** Applies the budget to a loaded module (modules not built by gpc have no budget export). */
function applyBudget(policy: LoadedPolicy, budget: EvalBudget | undefined): void {
  const b = resolveBudget(budget);
  exportsOf(policy).gpc_set_budget?.(b.steps, b.memoryMiB);
}

/**
 * Runs one evaluation: a JavaScript RangeError from the module or the SDK (a stack overflow the
 * runtime's call-depth limit did not prevent, a memory that cannot grow) becomes an ordinary
 * error naming the template.
 */
function guarded<T>(template: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof RangeError) {
      throw new Error(/call stack/i.test(e.message)
        ? `template ${template}: evaluation exceeded the JavaScript call stack (${e.message})`
        : `template ${template}: ${e.message}`);
    }
    throw e;
  }
}

/** JSON bytes of `data` with Gatekeeper's number representation, for the SDK's setData. */
function dataBytes(data: object): ArrayBuffer {
  const u = UTF8.encode(gatekeeperJSON(data));
  return u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
}

/** One evaluation's input, `{"review": review, "parameters": params}`, in UTF-8 JSON parts. */
export interface EvalInput {
  readonly review: Uint8Array;
  /** Equal ids mean equal review bytes (lets batched modules parse a review once). */
  readonly reviewId: number;
  readonly params: Uint8Array;
}

const UTF8 = new TextEncoder();
const REVIEW_HEAD = UTF8.encode(`{"review":`);
const PARAMS_HEAD = UTF8.encode(`,"parameters":`);

/** The whole input as one exactly-sized buffer. */
export function inputBytes(i: EvalInput): ArrayBuffer {
  const buf = new ArrayBuffer(REVIEW_HEAD.length + i.review.length + PARAMS_HEAD.length + i.params.length + 1);
  const u = new Uint8Array(buf);
  let o = 0;
  for (const part of [REVIEW_HEAD, i.review, PARAMS_HEAD, i.params]) { u.set(part, o); o += part.length; }
  u[o] = 0x7d; // }
  return buf;
}

/** One template, compiled and loaded. */
export interface CompiledTemplate {
  readonly template: TemplateRego;
  /** Evaluates `violation`; returns the set's elements. Throws the runtime error on failure. */
  evaluate(input: EvalInput): unknown[];
  /** Replaces the policy's `data` document (`{inventory: …}` for referential templates). */
  setData(data: object): void;
}

/** Timings and counters, for `gpc test --stats` and the bench. */
export interface WasmStats {
  compiles: number;
  diskHits: number;
  memoryHits: number;
  compileMs: number;
  loadMs: number;
}

let fingerprintMemo: string | undefined;

/** Hash of names, sizes and modification times of the compiler's sources and runtime. */
export function compilerFingerprint(): string {
  if (fingerprintMemo) return fingerprintMemo;
  const h = createHash("sha256");
  // Paths by concatenation (what `join` gives for these normalised folders, at a fraction of its cost).
  const walk = (dir: string) => {
    let names: string[];
    try { names = readdirSync(dir).sort(); } catch { return; }
    const base = dir.endsWith(sep) ? dir : dir + sep;
    for (const n of names) {
      const p = base + n;
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else h.update(`${p}\0${st.size}\0${st.mtimeMs}\n`);
    }
  };
  walk(fileURLToPath(new URL("../rego/", import.meta.url)));
  walk(packagePath("runtime", "build"));
  fingerprintMemo = h.digest("hex").slice(0, 16);
  return fingerprintMemo;
}

/** Compiles and loads templates, each at most once per process. */
export class WasmCache {
  readonly stats: WasmStats = { compiles: 0, diskHits: 0, memoryHits: 0, compileMs: 0, loadMs: 0 };
  private readonly modules = new Map<string, WebAssembly.Module>();
  private readonly failures = new Map<string, Error>();
  private readonly dir: string | undefined;
  private compiler: Compiler | undefined;
  private readonly compilerId: string | undefined;

  constructor(opts: WasmCacheOptions = {}) {
    this.dir = opts.cacheDir === false ? undefined : join(opts.cacheDir ?? process.env.GPC_CACHE_DIR ?? join(process.cwd(), ".gpc-cache"), "wasm");
    this.compiler = opts.compiler;
    this.compilerId = opts.compilerId;
  }

  /**
   * `mergeTemplates(ts)`, kept on disk by content hash (it re-lexes every template: a sizeable
   * part of start-up). An unreadable or malformed entry is merged again.
   */
  async merged(ts: readonly TemplateRego[]): Promise<MergedTemplates | undefined> {
    const key = createHash("sha256").update(JSON.stringify({ id: this.compilerId ?? compilerFingerprint(), merge: ts.map((t) => [t.name, t.regoVersion, Object.keys(t.modules).sort().map((k) => [k, t.modules[k]])]) })).digest("hex");
    const file = this.dir ? join(this.dir, `merge-${key}.json`) : undefined;
    if (file) {
      try {
        const m = JSON.parse(readFileSync(file, "utf8")) as { modules: Record<string, string>; regoVersion: "v0" | "v1"; entrypoints: [string, string][] };
        if (m && typeof m.modules === "object" && (m.regoVersion === "v0" || m.regoVersion === "v1") && Array.isArray(m.entrypoints) && ts.every((t) => m.entrypoints.some(([n]) => n === t.name))) {
          return { modules: m.modules, regoVersion: m.regoVersion, entrypoints: new Map(m.entrypoints) };
        }
      } catch { /* not cached yet, or unreadable */ }
    }
    const merged = (await import("./merge.js")).mergeTemplates(ts);
    if (merged && file) {
      try {
        mkdirSync(this.dir!, { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify({ modules: merged.modules, regoVersion: merged.regoVersion, entrypoints: [...merged.entrypoints] }));
        renameSync(tmp, file);
      } catch { /* an unwritable cache only costs time */ }
    }
    return merged;
  }

  /** The content hash a template's module is cached under. */
  key(t: CompileUnit): string {
    const id = this.compilerId ?? compilerFingerprint();
    const modules = Object.keys(t.modules).sort().map((k) => [k, t.modules[k]]);
    const entrypoint = "entrypoints" in t ? t.entrypoints : t.entrypoint;
    const metadataPackages = "metadataPackages" in t ? t.metadataPackages : undefined;
    return createHash("sha256").update(JSON.stringify({ id, modules, entrypoint, regoVersion: t.regoVersion, ...(metadataPackages ? { metadataPackages } : {}) })).digest("hex");
  }

  /**
   * The compiled WebAssembly module of a template. Throws DiagnosticError for bad Rego.
   * gpc's compiler is imported only when something must be compiled (workers never need it).
   */
  async module(t: CompileUnit): Promise<WebAssembly.Module> {
    const key = this.key(t);
    const mem = this.modules.get(key);
    if (mem) { this.stats.memoryHits++; return mem; }
    const failed = this.failures.get(key);
    if (failed) throw failed;
    try {
      return this.compileModule(t, key, async () => (this.compiler ??= (await import("../rego/wasm/compile.js")).compileRego));
    } catch (e) {
      this.failures.set(key, e as Error);
      throw e;
    }
  }

  private async compileModule(t: CompileUnit, key: string, compiler: () => Promise<Compiler>): Promise<WebAssembly.Module> {
    const entrypoints = "entrypoints" in t ? t.entrypoints : [t.entrypoint];
    const compile = async () => (await compiler())({ modules: t.modules, entrypoints, regoVersion: t.regoVersion, ...metadataOf(t) });
    let bytes: Uint8Array | undefined;
    const file = this.dir ? join(this.dir, `${key}.wasm`) : undefined;
    if (file) {
      try { bytes = readFileSync(file); this.stats.diskHits++; } catch { bytes = undefined; }
    }
    if (!bytes) {
      const t0 = performance.now();
      noteColdStart();
      bytes = await compile();
      this.stats.compileMs += performance.now() - t0;
      this.stats.compiles++;
      if (file) {
        try {
          mkdirSync(this.dir!, { recursive: true });
          const tmp = `${file}.${process.pid}.tmp`;
          writeFileSync(tmp, bytes);
          renameSync(tmp, file);
        } catch { /* an unwritable cache only costs time */ }
      }
    }
    let mod: WebAssembly.Module;
    try {
      mod = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
    } catch (e) {
      if (!file) throw e;
      // A corrupt cache entry: recompile once.
      bytes = await compile();
      this.stats.compiles++;
      mod = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
      try { writeFileSync(file, bytes); } catch { /* ignore */ }
    }
    this.modules.set(key, mod);
    return mod;
  }

  /** Compiles (or fetches) and instantiates a template. */
  async load(t: TemplateRego, budget?: EvalBudget): Promise<CompiledTemplate> {
    const mod = await this.module(t);
    const t0 = performance.now();
    const ct = await instantiate(t, mod, budget);
    this.stats.loadMs += performance.now() - t0;
    return ct;
  }
}

/**
 * `loadPolicy`, without loading Node's fetch implementation: the SDK first tests
 * `wasm instanceof Response`, and the first read of the global `Response` loads undici (a tenth of
 * gpc's start-up). A module is never a Response, so a stand-in answers that synchronous test and
 * the real global is back before anything else runs.
 *
 * gpc's host builtins (src/rego/host) are given to the SDK as an object it reads only when the
 * module calls one; they are put in it, before `loadModule` resolves, when the module lists any in
 * `builtins()` — most list none, and then the host code (a sizeable part of start-up) is never
 * loaded.
 */
async function loadModule(mod: WebAssembly.Module): Promise<LoadedPolicy> {
  const hosted: Record<string, unknown> = {};
  const real = Object.getOwnPropertyDescriptor(globalThis, "Response");
  let loading: Promise<LoadedPolicy>;
  if (!real?.get || !real.configurable) {
    loading = loadPolicy(mod, undefined, hosted as never);
  } else {
    Object.defineProperty(globalThis, "Response", { value: class Response {}, configurable: true, writable: true });
    try {
      loading = loadPolicy(mod, undefined, hosted as never);
    } finally {
      Object.defineProperty(globalThis, "Response", real);
    }
  }
  const policy = await loading;
  if (listsBuiltins(policy)) Object.assign(hosted, (await import("../rego/host/index.js")).hostBuiltins);
  return policy;
}

/** Whether the module's `builtins()` (the builtins it calls through the host) is not empty. */
function listsBuiltins(policy: LoadedPolicy): boolean {
  const ex = exportsOf(policy);
  if (!ex.builtins || !ex.opa_json_dump || !ex.opa_heap_ptr_get || !ex.opa_heap_ptr_set) return true;
  const heap = ex.opa_heap_ptr_get();
  try {
    const s = ex.opa_json_dump(ex.builtins());
    const mem = new Uint8Array(policy.mem.buffer);
    return new TextDecoder().decode(mem.subarray(s, mem.indexOf(0, s))) !== "{}";
  } catch {
    return true; // when in doubt, the builtins are there
  } finally {
    ex.opa_heap_ptr_set(heap);
  }
}

/** The `metadataPackages` compile option of a unit that has them (see TemplateRego). */
function metadataOf(t: CompileUnit): { metadataPackages?: Readonly<Record<string, readonly string[]>> } {
  return "metadataPackages" in t && t.metadataPackages ? { metadataPackages: t.metadataPackages } : {};
}

/** What one Wasm module is compiled from: one template, or several merged ones. */
export type CompileUnit = TemplateRego | { readonly modules: Readonly<Record<string, string>>; readonly entrypoints: readonly string[]; readonly regoVersion: "v0" | "v1" };

/**
 * Several templates in one module (see ./merge.ts), instantiated once. Each template's
 * `evaluate` parses the review only when it changed since the previous call on this module, then
 * adds the constraint's parameters and evaluates that template's entrypoint through the OPA ABI.
 * Throws when the templates cannot be merged or the merged module does not compile.
 */
export async function loadBatch(cache: WasmCache, ts: readonly TemplateRego[], budget?: EvalBudget): Promise<Map<string, CompiledTemplate>> {
  const merged = await cache.merged(ts);
  if (!merged) throw new Error("templates cannot be merged");
  const eps = ts.map((t) => merged.entrypoints.get(t.name)!);
  const mod = await cache.module({ modules: merged.modules, entrypoints: eps, regoVersion: merged.regoVersion });
  const t0 = performance.now();
  const policy: LoadedPolicy = await loadModule(mod);
  applyBudget(policy, budget);
  cache.stats.loadMs += performance.now() - t0;
  const ex = exportsOf(policy);
  const ids = policy.entrypoints as Record<string, number>;
  const dec = new TextDecoder();
  const path = UTF8.encode(`["review"]`);
  const state = { reviewId: -1, review: 0, heap: 0 };
  const parse = (parts: Uint8Array[]): number => {
    const len = parts.reduce((n, p) => n + p.length, 0);
    const addr = ex.opa_malloc!(len);
    const u = new Uint8Array(policy.mem.buffer, addr, len);
    let o = 0;
    for (const p of parts) { u.set(p, o); o += p.length; }
    const v = ex.opa_json_parse!(addr, len);
    if (!v) throw new Error("internal error: the input is not valid JSON");
    return v;
  };
  const open = UTF8.encode(`{"parameters":`), close = UTF8.encode("}");
  const out = new Map<string, CompiledTemplate>();
  ts.forEach((t, i) => {
    const ep = ids[eps[i]!];
    if (ep === undefined) throw new Error(`merged module lacks entrypoint ${eps[i]}`);
    out.set(t.name, {
      template: t,
      evaluate(input: EvalInput): unknown[] {
        if (input.reviewId !== state.reviewId) {
          state.reviewId = -1;
          ex.opa_heap_ptr_set!(policy.dataHeapPtr as number);
          state.review = parse([input.review]);
          state.heap = ex.opa_heap_ptr_get!();
          state.reviewId = input.reviewId;
        } else {
          ex.opa_heap_ptr_set!(state.heap);
        }
        const value = parse([open, input.params, close]);
        if (ex.opa_value_add_path!(value, parse([path]), state.review) !== 0) throw new Error("internal error: cannot build the input");
        const ctx = ex.opa_eval_ctx_new!();
        ex.opa_eval_ctx_set_input!(ctx, value);
        ex.opa_eval_ctx_set_data!(ctx, policy.dataAddr);
        ex.opa_eval_ctx_set_entrypoint!(ctx, ep);
        try {
          guarded(t.name, () => ex.eval!(ctx));
        } catch (e) {
          state.reviewId = -1;
          throw e;
        }
        const s = ex.opa_json_dump!(ex.opa_eval_ctx_get_result!(ctx));
        const mem = new Uint8Array(policy.mem.buffer);
        const rs = JSON.parse(dec.decode(mem.subarray(s, mem.indexOf(0, s)))) as { result?: unknown }[];
        if (!Array.isArray(rs) || rs.length === 0) return [];
        const r = rs[0]!.result;
        return Array.isArray(r) ? r : [];
      },
      setData(data: object) { state.reviewId = -1; policy.setData(dataBytes(data)); },
    });
  });
  return out;
}

/** Instantiates a compiled template with opa-wasm (also used by audit workers on posted modules). */
export async function instantiate(t: TemplateRego, mod: WebAssembly.Module, budget?: EvalBudget): Promise<CompiledTemplate> {
  const policy: LoadedPolicy = await loadModule(mod);
  applyBudget(policy, budget);
  return {
    template: t,
    evaluate(input: EvalInput): unknown[] {
      const rs = guarded(t.name, () => policy.evaluate(inputBytes(input))) as { result?: unknown }[] | undefined;
      if (!Array.isArray(rs) || rs.length === 0) return [];
      const r = rs[0]!.result;
      return Array.isArray(r) ? r : [];
    },
    setData(data: object) { policy.setData(dataBytes(data)); },
  };
}
