// LEB128/IEEE754 units, the module reader (round trip, malformed input) and the linker's mechanics.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readFileSync } from "node:fs";
import {
  decodeF32, decodeF64, decodeS32, decodeS64, decodeU32, decodeU64, encodeF32, encodeF64, encodeS32, encodeS64,
  encodeU32, encodeU64,
} from "../../../src/rego/wasm/encode/leb128.js";
import { ByteWriter, WasmDecodeError } from "../../../src/rego/wasm/encode/bytes.js";
import { readModule, SectionId, ValType, writeModule } from "../../../src/rego/wasm/encode/module.js";
import { link, LinkError } from "../../../src/rego/wasm/encode/link.js";
import { runtimeFromBytes, RuntimeError } from "../../../src/rego/wasm/encode/runtime.js";
import { buildFixtureRuntime, FIXTURE_HEAP_BASE } from "./fixture.js";

const u8 = (a: number[]): Uint8Array => new Uint8Array(a);

test("LEB128 unsigned 32", () => {
  assert.equal(encodeU32(0), [0]);
  assert.equal(encodeU32(127), [0x7f]);
  assert.equal(encodeU32(128), [0x80, 0x01]);
  assert.equal(encodeU32(624485), [0xe5, 0x8e, 0x26]);
  assert.equal(encodeU32(0xffffffff), [0xff, 0xff, 0xff, 0xff, 0x0f]);
  assert.throws(() => encodeU32(-1));
  assert.throws(() => encodeU32(2 ** 32));
  for (const v of [0, 1, 127, 128, 16383, 16384, 624485, 2 ** 31, 0xffffffff]) {
    const b = encodeU32(v);
    assert.equal(decodeU32(u8(b), 0), { value: v, length: b.length });
  }
  assert.equal(decodeU32(u8([0x80, 0x80, 0x00]), 0), { value: 0, length: 3 }, "padded encodings are accepted");
  assert.throws(() => decodeU32(u8([0xff, 0xff, 0xff, 0xff, 0x1f]), 0), /out of range/);
  assert.throws(() => decodeU32(u8([0x80, 0x80]), 0), /truncated/);
});

test("LEB128 signed 32", () => {
  assert.equal(encodeS32(0), [0]);
  assert.equal(encodeS32(63), [0x3f]);
  assert.equal(encodeS32(64), [0xc0, 0x00]);
  assert.equal(encodeS32(-1), [0x7f]);
  assert.equal(encodeS32(-64), [0x40]);
  assert.equal(encodeS32(-65), [0xbf, 0x7f]);
  assert.equal(encodeS32(-123456), [0xc0, 0xbb, 0x78]);
  assert.equal(encodeS32(-2147483648), [0x80, 0x80, 0x80, 0x80, 0x78]);
  assert.equal(encodeS32(2147483647), [0xff, 0xff, 0xff, 0xff, 0x07]);
  for (const v of [0, 1, -1, 63, 64, -64, -65, 1028, -123456, 2147483647, -2147483648]) {
    const b = encodeS32(v);
    assert.equal(decodeS32(u8(b), 0), { value: v, length: b.length });
  }
});

test("LEB128 64-bit", () => {
  assert.equal(encodeU64(0xffffffffffffffffn), [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  assert.equal(encodeS64(-1n), [0x7f]);
  assert.equal(encodeS64(-9223372036854775808n), [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f]);
  for (const v of [0n, 1n, 127n, 128n, 2n ** 40n, 2n ** 64n - 1n]) {
    const b = encodeU64(v);
    assert.equal(decodeU64(u8(b), 0), { value: v, length: b.length });
  }
  for (const v of [0n, -1n, 64n, -65n, 2n ** 40n, -(2n ** 40n), 2n ** 63n - 1n, -(2n ** 63n)]) {
    const b = encodeS64(v);
    assert.equal(decodeS64(u8(b), 0), { value: v, length: b.length });
  }
});

test("IEEE754", () => {
  assert.equal(encodeF64(1), [0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
  assert.equal(encodeF32(1), [0, 0, 0x80, 0x3f]);
  assert.equal(encodeF64(-2.5), [0, 0, 0, 0, 0, 0, 0x04, 0xc0]);
  for (const v of [0, -0, 1.5, -1e300, Math.PI, Infinity]) assert.is(decodeF64(u8(encodeF64(v)), 0), v);
  assert.ok(Number.isNaN(decodeF64(u8(encodeF64(NaN)), 0)));
  assert.is(decodeF32(u8(encodeF32(0.5)), 0), 0.5);
  assert.is(decodeF32(u8([0, 0, 0, 0, ...encodeF32(-3)]), 4), -3);
});

test("ByteWriter grows and encodes names", () => {
  const w = new ByteWriter();
  for (let i = 0; i < 1000; i++) w.byte(i);
  w.name("é").u32(300).s32(-1);
  const b = w.bytes();
  assert.is(b.length, 1000 + 3 + 2 + 1);
  assert.equal([...b.subarray(1000)], [2, 0xc3, 0xa9, 0xac, 0x02, 0x7f]);
});

test("reader decodes the fixture runtime and writes it back byte for byte", () => {
  const bytes = buildFixtureRuntime({ dataCount: true, customSection: true });
  const m = readModule(bytes);
  assert.equal(m.sections.map((s) => s.id), [0, 1, 2, 3, 6, 7, 8, 12, 10, 11, 0]);
  assert.equal(m.sections.filter((s) => s.id === 0).map((s) => s.name), ["producers", "name"]);
  assert.is(m.importedFunctions, 30);
  assert.is(m.functions.length, 4);
  assert.is(m.code.length, 4);
  assert.is(m.globals[0]!.constI32, FIXTURE_HEAP_BASE);
  assert.equal(m.data.map((d) => [d.offset, d.size]), [[16, 12]]);
  assert.is(m.dataCount, 1);
  assert.is(m.imports[0]!.module + "." + m.imports[0]!.name, "env.memory");
  assert.equal(m.imports[0]!.memory, { min: 2, shared: false });
  assert.equal(writeModule(m), bytes);
});

const realRuntime = new URL("../../../runtime/build/runtime.wasm", import.meta.url);
test("reader round-trips the real runtime (when built)", () => {
  if (!existsSync(realRuntime)) { console.log("  (runtime/build/runtime.wasm not built; skipped)"); return; }
  const bytes = new Uint8Array(readFileSync(realRuntime));
  const m = readModule(bytes);
  assert.ok(m.sections.length > 5);
  assert.equal(writeModule(m), bytes);
});

test("reader rejects malformed modules with offsets", () => {
  const bytes = buildFixtureRuntime();
  const err = (b: Uint8Array): string => {
    try { readModule(b); } catch (e) { assert.instance(e, WasmDecodeError); return (e as Error).message; }
    return "no error";
  };
  assert.is(err(u8([0, 0x61, 0x73, 0x6e, 1, 0, 0, 0])), "not a WebAssembly module (bad magic) (at byte offset 0x3)");
  assert.is(err(u8([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0])), "unsupported WebAssembly version (at byte offset 0x4)");
  assert.match(err(bytes.subarray(0, bytes.length - 3)), /runs past the end of the module/);
  // Two type sections.
  const typeSec = readModule(bytes).sections.find((s) => s.id === SectionId.type)!;
  const dup = new Uint8Array([...bytes.subarray(0, typeSec.range.end), ...bytes.subarray(typeSec.range.start, typeSec.range.end), ...bytes.subarray(typeSec.range.end)]);
  assert.match(err(dup), /section 1 out of order or duplicated/);
  assert.match(err(u8([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 2, 1, 0x5f])), /only function types/);
  assert.match(err(u8([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 3, 2, 1, 0])), /function type index 0 out of range/);
});

test("runtimeFromBytes checks the runtime contract", () => {
  const rt = runtimeFromBytes(buildFixtureRuntime(), "fx.wasm");
  assert.is(rt.heapBase, FIXTURE_HEAP_BASE);
  assert.is(rt.dataEnd, 28);
  assert.equal([...rt.builtins], [["plus", 2], ["count", 1], ["strings.upper", 1]]);
  assert.is(rt.nextFunctionIndex, 34);
  assert.is(rt.functionIndex("rt_json_parse"), 0);
  assert.throws(() => rt.functionIndex("rt_nope"), /runtime fx\.wasm: does not export the function rt_nope/);
  const err = (b: Uint8Array): string => {
    try { runtimeFromBytes(b, "fx.wasm"); } catch (e) { assert.instance(e, RuntimeError); return (e as Error).message; }
    return "no error";
  };
  assert.match(err(u8([1, 2, 3])), /^runtime fx\.wasm: not a valid WebAssembly module: /);
  // Rename an export: "__gpc_eval" → "__gpc_evaX".
  const b = buildFixtureRuntime();
  const renamed = b.slice();
  const at = Buffer.from(renamed).indexOf("__gpc_eval");
  renamed[at + 9] = "X".charCodeAt(0);
  assert.is(err(renamed), "runtime fx.wasm: missing the link stub export __gpc_eval");
  const noHeap = b.slice();
  noHeap[Buffer.from(noHeap).indexOf("__gpc_heap_base") + 2] = "X".charCodeAt(0);
  assert.is(err(noHeap), "runtime fx.wasm: missing the global export __gpc_heap_base");
  assert.is(err(buildFixtureRuntime({ arity: { rt_dot: 1 } })), "runtime fx.wasm: rt_dot has type (i32) -> (i32); expected 2 i32 parameter(s) -> i32");
  assert.is(err(buildFixtureRuntime({ memory: { min: 6 } })), "runtime fx.wasm: imports memory with a minimum of 6 pages; the SDK provides 5");
  assert.is(err(buildFixtureRuntime({ memory: { min: 2, max: 100 } })), "runtime fx.wasm: imports memory with a maximum; the SDK's memory has none");
});

test("link: appends after existing indices, replaces stubs, rewrites heap base, drops link-time exports and custom sections", () => {
  const rt = runtimeFromBytes(buildFixtureRuntime({ dataCount: true, customSection: true }), "fx");
  const out = link(rt, {
    functions: [
      { type: { params: [ValType.i32, ValType.i32], results: [ValType.i32] }, locals: [], code: u8([0x20, 0, 0x0b]) },
      { type: { params: [ValType.f64], results: [] }, locals: [[2, ValType.i32]], code: u8([0x0b]) },
    ],
    replacedBodies: new Map([[rt.evalFunction, { locals: [], code: u8([0x41, 7, 0x0b]) }]]),
    data: [{ offset: 1032, bytes: u8([1, 2, 3]) }],
    heapBase: 1040,
  });
  assert.ok(WebAssembly.validate(out as BufferSource));
  const m = readModule(out);
  assert.equal(m.sections.map((s) => s.id), [1, 2, 3, 6, 7, 8, 12, 10, 11], "custom sections dropped");
  const before = readModule(rt.bytes);
  assert.is(m.types.length, before.types.length + 1, "(i32,i32)->i32 reused, (f64)->() appended");
  assert.equal(m.functions.slice(0, 4), before.functions);
  assert.is(m.functions.length, 6);
  assert.equal(m.exports.map((e) => e.name), ["fx_eval", "fx_heap_base"]);
  assert.is(m.globals[0]!.constI32, 1040);
  assert.equal(m.data.map((d) => [d.offset, d.size]), [[16, 12], [1032, 3]]);
  assert.is(m.dataCount, 2);
  const evalBody = m.code[rt.evalFunction - m.importedFunctions]!;
  assert.equal([...out.subarray(evalBody.body.start, evalBody.body.end)], [0, 0x41, 7, 0x0b]);
  // Untouched bodies are byte-identical.
  const initBody = (mm: typeof m, b: Uint8Array): number[] => { const c = mm.code[rt.initFunction - mm.importedFunctions]!; return [...b.subarray(c.body.start, c.body.end)]; };
  assert.equal(initBody(m, out), initBody(before, rt.bytes));
});

test("link: rejects data below the runtime's heap base, active data beyond the SDK's memory", () => {
  const rt = runtimeFromBytes(buildFixtureRuntime(), "fx");
  const base = { functions: [], replacedBodies: new Map() };
  assert.throws(() => link(rt, { ...base, data: [{ offset: 1000, bytes: u8([1]) }], heapBase: 1040 }), (e: unknown) => e instanceof LinkError && /overlaps the runtime's static data/.test((e as Error).message));
  assert.throws(() => link(rt, { ...base, data: [{ offset: 1032, bytes: u8([1, 2]) }], heapBase: 1033 }), /heap base 1033 is below the end of the appended data \(1034\)/);
  assert.throws(() => link(rt, { ...base, data: [{ offset: 1032, bytes: new Uint8Array(6 * 65536) }], heapBase: 1032 + 6 * 65536 }), /active data ends at 394248, beyond the 327680 bytes of memory/);
  // passive data (copied by the generated __gpc_init) may be of any size
  const big = link(rt, { ...base, data: [{ offset: 1032, bytes: new Uint8Array(6 * 65536), passive: true }], heapBase: 1032 + 6 * 65536 });
  assert.ok(WebAssembly.validate(big as BufferSource));
  const bm = readModule(big);
  assert.equal(bm.data.map((d) => d.mode), ["active", "passive"]);
  assert.is(bm.dataCount, 2);
  assert.throws(() => link(rt, { ...base, replacedBodies: new Map([[0, { locals: [], code: u8([0x0b]) }]]), data: [], heapBase: 1032 }), /function 0: not a defined function/);
});

test("link: inserts a data section when the runtime has none", () => {
  const b = buildFixtureRuntime();
  const m = readModule(b);
  const di = m.sections.findIndex((s) => s.id === SectionId.data);
  const noData = writeModule(m, new Map([[di, null]]));
  const rt = runtimeFromBytes(noData, "nodata");
  assert.is(rt.dataEnd, 0);
  const out = link(rt, { functions: [], replacedBodies: new Map(), data: [{ offset: 1032, bytes: u8([9]) }], heapBase: 1040 });
  assert.ok(WebAssembly.validate(out as BufferSource));
  assert.equal(readModule(out).data.map((d) => [d.offset, d.size]), [[1032, 1]]);
});

test.run();
