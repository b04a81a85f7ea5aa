// Loads gpc's runtime (runtime/build/runtime.wasm, rebuilt when a source is newer) without the
// linker: a bare WebAssembly instance with env.memory/opa_abort/opa_println, plus helpers to move
// JSON in and out and to call rt_* / bi_* exports on JSON values.
import { readFileSync, statSync, readdirSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";

export const root = new URL("../..", import.meta.url).pathname;
export const wasmPath = join(root, "runtime/build/runtime.wasm");

function newestSource(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) { if (name !== "build") t = Math.max(t, newestSource(p)); }
    else if (name.endsWith(".ts")) t = Math.max(t, st.mtimeMs);
  }
  return t;
}

/** Build the runtime when missing or stale; returns the module bytes. */
export function runtimeBytes(): Uint8Array {
  const stale = !existsSync(wasmPath) || statSync(wasmPath).mtimeMs < Math.max(
    newestSource(join(root, "runtime")), statSync(join(root, "scripts/build-runtime.mjs")).mtimeMs);
  if (stale) execFileSync(process.execPath, [join(root, "scripts/build-runtime.mjs")], { stdio: "inherit" });
  return readFileSync(wasmPath);
}

export type Exports = Record<string, any>;

export interface Runtime {
  x: Exports;
  memory: WebAssembly.Memory;
  printed: string[];
  /** Read a NUL-terminated UTF-8 string. */
  cstr(addr: number): string;
  /** Copy bytes into the heap (opa_malloc) and return the address. */
  write(bytes: Uint8Array): number;
  /** Parse JSON text into a value address (0 when invalid). */
  parse(json: string): number;
  /** JSON text of a value address. */
  dump(v: number): string;
  /** A set value of the given JSON elements. */
  set(...items: string[]): number;
  /** Call an export on JSON (or "set:[...]") arguments; returns the JSON of the result, or undefined for 0. */
  call(name: string, ...args: (string | number)[]): string | undefined;
}

let module: WebAssembly.Module | undefined;

/** A fresh runtime instance (start function already run). */
export function instantiate(): Runtime {
  module ??= new WebAssembly.Module(runtimeBytes());
  const memory = new WebAssembly.Memory({ initial: 5 });
  const printed: string[] = [];
  const cstr = (addr: number): string => {
    const b = new Uint8Array(memory.buffer);
    let e = addr;
    while (b[e] !== 0) e++;
    return new TextDecoder().decode(b.subarray(addr, e));
  };
  const env = {
    memory,
    opa_abort(addr: number) { throw new Error(cstr(addr)); },
    opa_println(addr: number) { printed.push(cstr(addr)); },
    opa_builtin1() { return 0; }, // host builtins (runtime/builtins/host.ts): none here
  };
  const x = new WebAssembly.Instance(module, { env }).exports as Exports;
  const write = (bytes: Uint8Array): number => {
    const p = x.opa_malloc(bytes.length);
    new Uint8Array(memory.buffer).set(bytes, p);
    return p;
  };
  const parse = (json: string): number => {
    const b = new TextEncoder().encode(json);
    return x.opa_json_parse(write(b), b.length);
  };
  const dump = (v: number): string => cstr(x.opa_json_dump(v));
  const set = (...items: string[]): number => {
    const s = x.rt_make_set();
    for (const i of items) x.rt_set_add(s, parse(i));
    return s;
  };
  const arg = (a: string | number): number => {
    if (typeof a === "number") return a;
    if (a.startsWith("set:")) {
      const items = JSON.parse(a.slice(4)) as unknown[];
      return set(...items.map((i) => JSON.stringify(i)));
    }
    const v = parse(a);
    if (v === 0) throw new Error(`invalid JSON argument ${a}`);
    return v;
  };
  const call = (name: string, ...args: (string | number)[]): string | undefined => {
    const f = x[name];
    if (typeof f !== "function") throw new Error(`no export ${name}`);
    const r = f(...args.map(arg));
    return r === 0 ? undefined : dump(r);
  };
  return { x, memory, printed, cstr, write, parse, dump, set, call };
}
