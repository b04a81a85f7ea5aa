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
import { packagePath } from "../paths.js";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPolicy, type LoadedPolicy } from "@open-policy-agent/opa-wasm";
import type { CompileRegoOptions } from "../rego/wasm/compile.js";
import type { TemplateRego } from "./template.js";

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

/** One template, compiled and loaded. */
export interface CompiledTemplate {
  readonly template: TemplateRego;
  /** Evaluates `violation` on a UTF-8 JSON input (an exactly-sized buffer); returns the set's elements. Throws on runtime errors. */
  evaluate(input: ArrayBuffer): unknown[];
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
  const walk = (dir: string) => {
    let names: string[];
    try { names = readdirSync(dir).sort(); } catch { return; }
    for (const n of names) {
      const p = join(dir, n);
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

  /** The content hash a template's module is cached under. */
  key(t: TemplateRego): string {
    const id = this.compilerId ?? compilerFingerprint();
    const modules = Object.keys(t.modules).sort().map((k) => [k, t.modules[k]]);
    return createHash("sha256").update(JSON.stringify({ id, modules, entrypoint: t.entrypoint, regoVersion: t.regoVersion })).digest("hex");
  }

  /**
   * The compiled WebAssembly module of a template. Throws DiagnosticError for bad Rego.
   * gpc's compiler is imported only when something must be compiled (workers never need it).
   */
  async module(t: TemplateRego): Promise<WebAssembly.Module> {
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

  private async compileModule(t: TemplateRego, key: string, compiler: () => Promise<Compiler>): Promise<WebAssembly.Module> {
    let bytes: Uint8Array | undefined;
    const file = this.dir ? join(this.dir, `${key}.wasm`) : undefined;
    if (file) {
      try { bytes = readFileSync(file); this.stats.diskHits++; } catch { bytes = undefined; }
    }
    if (!bytes) {
      const t0 = performance.now();
      bytes = (await compiler())({ modules: t.modules, entrypoints: [t.entrypoint], regoVersion: t.regoVersion });
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
      bytes = (await compiler())({ modules: t.modules, entrypoints: [t.entrypoint], regoVersion: t.regoVersion });
      this.stats.compiles++;
      mod = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
      try { writeFileSync(file, bytes); } catch { /* ignore */ }
    }
    this.modules.set(key, mod);
    return mod;
  }

  /** Compiles (or fetches) and instantiates a template. */
  async load(t: TemplateRego): Promise<CompiledTemplate> {
    const mod = await this.module(t);
    const t0 = performance.now();
    const ct = await instantiate(t, mod);
    this.stats.loadMs += performance.now() - t0;
    return ct;
  }
}

/** Instantiates a compiled template with opa-wasm (also used by audit workers on posted modules). */
export async function instantiate(t: TemplateRego, mod: WebAssembly.Module): Promise<CompiledTemplate> {
  const policy: LoadedPolicy = await loadPolicy(mod);
  return {
    template: t,
    evaluate(input: ArrayBuffer): unknown[] {
      const rs = policy.evaluate(input) as { result?: unknown }[] | undefined;
      if (!Array.isArray(rs) || rs.length === 0) return [];
      const r = rs[0]!.result;
      return Array.isArray(r) ? r : [];
    },
    setData(data: object) { policy.setData(data); },
  };
}
