#!/usr/bin/env node
// Builds gpc's AssemblyScript runtime (runtime/*.ts) to runtime/build/runtime.wasm.
//
// Reproducible: the same sources and compiler version give the same bytes. Two passes:
//  1. compile with GPC_HEAP_BASE=0 and read the end of static data (export __gpc_data_end);
//  2. compile again with GPC_HEAP_BASE=<that value>, so the exported mutable global
//     __gpc_heap_base has a constant initialiser the linker can rewrite.
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

const entries = ["runtime/index.ts"];
if (existsSync(join(root, "runtime/lib/index.ts"))) entries.push("runtime/lib/index.ts");

async function compile(heapBase, extra = []) {
  const outputs = {};
  let stderr = "";
  const { error } = await asc.main(
    [
      ...entries,
      "--baseDir", root,
      "--runtime", "stub",
      "--importMemory",
      "--initialMemory", "1",
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

function dataEnd(wasm) {
  const memory = new WebAssembly.Memory({ initial: 5 });
  const env = {
    memory,
    opa_abort(addr) { throw new Error("opa_abort during build probe"); },
    opa_println() {},
  };
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(wasm), { env });
  return exports.__gpc_data_end();
}

const pass1 = await compile(0);
const base = dataEnd(pass1["runtime.wasm"]);
const pass2 = await compile(base, ["--textFile", "runtime.wat"]);
const wasm = pass2["runtime.wasm"];
const check = dataEnd(wasm);
if (check !== base) throw new Error(`static data moved between passes: ${base} → ${check}`);
mkdirSync(outDir, { recursive: true });
writeFileSync(outFile, wasm);
// The link stubs must stay real calls (the linker replaces their bodies): never inlined or folded.
const wat = pass2["runtime.wat"];
const calls = (name) => wat.split(`call $runtime/index/${name}\n`).length - 1;
if (calls("__gpc_init") < 1 || calls("__gpc_eval") < 2) {
  throw new Error(`link stubs were inlined: __gpc_init called ${calls("__gpc_init")}x, __gpc_eval ${calls("__gpc_eval")}x`);
}
if (process.env.GPC_RUNTIME_WAT) writeFileSync(join(outDir, "runtime.wat"), pass2["runtime.wat"]);
console.log(`runtime: ${outFile} (${wasm.length} bytes, heap base ${base}) in ${Math.round(performance.now() - t0)} ms`);
