#!/usr/bin/env node
// Builds gpc's AssemblyScript runtime (runtime/*.ts) to runtime/build/runtime.wasm.
//
// Reproducible: the same sources and compiler version give the same bytes. The exported mutable
// global __gpc_heap_base needs a constant initialiser (the linker rewrites it) equal to the end of
// static data, which asc only knows after compiling: compile with a placeholder, read the real
// value (export __gpc_data_end), patch the initialiser in place.
// The custom allocator runtime/rt/bump.ts is installed as the "stub" runtime variant through
// asc's library map, so asc treats it as a stub runtime (no shadow stack, no GC instrumentation).
import asc, { libraryFiles } from "assemblyscript/asc";
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const outDir = join(root, "runtime/build");
const outFile = join(outDir, "runtime.wasm");
const t0 = performance.now();

libraryFiles["rt/index-stub"] = readFileSync(join(root, "runtime/rt/bump.ts"), "utf8");

// runtime/lib/ (the string/regex/sprintf family, another owner) joins as a second entry file: its
// exports are module exports. GPC_RUNTIME_NO_LIB=1 builds the core alone.
const entries = ["runtime/index.ts"];
const libEntry = ["runtime/lib/index.ts", "runtime/lib/builtins.ts"].find((f) => existsSync(join(root, f)));
if (libEntry && !process.env.GPC_RUNTIME_NO_LIB) entries.push(libEntry);

async function compile(heapBase, extra = []) {
  const outputs = {};
  let stderr = "";
  const { error } = await asc.main(
    [
      ...entries,
      "--baseDir", root,
      "--runtime", "stub",
      "--importMemory",
      "--use", "abort=runtime/env/gpcAbort",
      "--use", `GPC_HEAP_BASE=${heapBase}`,
      "-O3", "--noAssert",
      "--outFile", "runtime.wasm",
      ...extra,
    ],
    {
      writeFile(name, contents) { outputs[name] = contents; },
      stderr: { write(s) { stderr += s; } },
      stdout: { write() {} },
    },
  );
  if (error) {
    process.stderr.write(stderr);
    throw error;
  }
  if (stderr.trim()) process.stderr.write(stderr);
  return outputs;
}

function probe(wasm) {
  const memory = new WebAssembly.Memory({ initial: 5 });
  const env = {
    memory,
    opa_abort() { throw new Error("opa_abort during build probe"); },
    opa_println() {},
    opa_builtin1() { throw new Error("opa_builtin1 during build probe"); },
  };
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(wasm), { env });
  return { dataEnd: exports.__gpc_data_end(), heapBase: exports.__gpc_heap_base.value };
}

function readU32(b, pos) {
  let result = 0, shift = 0, byte;
  do { byte = b[pos++]; result |= (byte & 0x7f) << shift; shift += 7; } while (byte & 0x80);
  return [result >>> 0, pos];
}

/** Rewrite the placeholder initialiser `i32.const PLACEHOLDER` (5-byte LEB) of one global in place. */
function patchHeapBase(wasm, value) {
  const b = Uint8Array.from(wasm);
  let pos = 8;
  while (pos < b.length) {
    const id = b[pos];
    let size;
    [size, pos] = readU32(b, pos + 1);
    if (id === 6) {
      const pattern = [0x41, 0xff, 0xff, 0xff, 0xff, 0x07, 0x0b];
      const hits = [];
      for (let i = pos; i + pattern.length <= pos + size; i++) {
        if (pattern.every((x, k) => b[i + k] === x)) hits.push(i);
      }
      if (hits.length !== 1) throw new Error(`expected one placeholder global, found ${hits.length}`);
      for (let k = 0, v = value; k < 5; k++, v >>>= 7) b[hits[0] + 1 + k] = (v & 0x7f) | (k < 4 ? 0x80 : 0);
      return b;
    }
    pos += size;
  }
  throw new Error("no global section");
}

// One optimised compile with a placeholder heap base (0x7fffffff, a 5-byte LEB128), then the
// placeholder is overwritten in place with the real end of static data (padded LEB128, same size).
const PLACEHOLDER = 0x7fffffff;
const out = await compile(PLACEHOLDER, ["--textFile", "runtime.wat"]);
const { dataEnd } = probe(out["runtime.wasm"]);
const wasm = patchHeapBase(out["runtime.wasm"], dataEnd);
const check = probe(wasm);
if (check.heapBase !== dataEnd || check.dataEnd !== dataEnd) throw new Error(`heap base patch failed: ${JSON.stringify(check)}`);
const base = dataEnd;
mkdirSync(outDir, { recursive: true });
writeFileSync(outFile, wasm);
// The link stubs must stay real calls (the linker replaces their bodies): never inlined or folded.
const wat = out["runtime.wat"];
const calls = (name) => wat.split(`call $runtime/index/${name}\n`).length - 1;
const dropped = /call \$runtime\/index\/__gpc_eval\n\s*drop/.test(wat);
if (calls("__gpc_init") < 1 || calls("__gpc_eval") < 2 || dropped) {
  throw new Error(`link stubs were inlined: __gpc_init called ${calls("__gpc_init")}x, __gpc_eval ${calls("__gpc_eval")}x${dropped ? ", result of __gpc_eval dropped (folded)" : ""}`);
}
if (process.env.GPC_RUNTIME_WAT) writeFileSync(join(outDir, "runtime.wat"), wat);
console.log(`runtime: ${outFile} (${wasm.length} bytes, heap base ${base}) in ${Math.round(performance.now() - t0)} ms`);
