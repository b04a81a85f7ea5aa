/**
 * Go's `regexp` (RE2 syntax and leftmost-first matching) for host builtins: the runtime's own
 * engine (runtime/lib/regex.ts, what `regex.match` runs), called on a private bare instance of
 * runtime.wasm — one regex implementation for Rego and the host, never JavaScript's RegExp, whose
 * syntax and classes differ from Go's.
 */
import { loadRuntime } from "../wasm/encode/runtime.js";

interface Instance {
  readonly exports: Record<string, (...a: number[]) => number>;
  readonly memory: WebAssembly.Memory;
}

/** Heap the instance may fill before it is replaced by a fresh one (its memory is never freed). */
const HEAP_LIMIT = 16 * 1024 * 1024;

let wasmModule: WebAssembly.Module | undefined;
let current: Instance | undefined;

function instance(): Instance {
  if (current && current.exports.opa_heap_ptr_get!() < HEAP_LIMIT) return current;
  const image = loadRuntime();
  wasmModule ??= new WebAssembly.Module(new Uint8Array(image.bytes));
  const memory = new WebAssembly.Memory({ initial: 5 });
  const env: Record<string, WebAssembly.ImportValue> = { memory };
  for (const i of image.module.imports) {
    if (i.kind === "func") env[i.name] = () => { throw new Error(`regex engine: runtime called ${i.name}`); };
  }
  const exports = new WebAssembly.Instance(wasmModule, { env }).exports as Instance["exports"];
  current = { exports, memory };
  return current;
}

function call(name: string, ...strings: string[]): boolean {
  const { exports, memory } = instance();
  const args = strings.map((s) => {
    const bytes = new TextEncoder().encode(JSON.stringify(s));
    const p = exports.opa_malloc!(bytes.length);
    new Uint8Array(memory.buffer).set(bytes, p);
    return exports.opa_json_parse!(p, bytes.length);
  });
  const r = exports[name]!(...args);
  if (r === 0) return false;
  const out = exports.opa_json_dump!(r);
  const b = new Uint8Array(memory.buffer);
  return b[out] === 0x74; // "true"
}

/**
 * Answers by their arguments: a call into the instance costs some 30–100 µs (the pattern is
 * compiled each time), and policies match the same patterns against the same strings over and
 * over. Cleared when full, so memory stays bounded.
 */
const MEMO_SIZE = 8192;
const memo = new Map<string, boolean>();

function memoised(key: string, compute: () => boolean): boolean {
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const v = compute();
  if (memo.size >= MEMO_SIZE) memo.clear();
  memo.set(key, v);
  return v;
}

/** Whether Go's `regexp.Compile` accepts the pattern. */
export function goRegexValid(pattern: string): boolean {
  return memoised(`v${pattern}`, () => call("bi_regex$is_valid", pattern));
}

/** Go's `regexp.MatchString(pattern, s)` (unanchored); false when the pattern is invalid. */
export function goRegexMatch(pattern: string, s: string): boolean {
  return memoised(`m${pattern.length}:${pattern}${s}`, () => call("bi_regex$match", pattern, s));
}
