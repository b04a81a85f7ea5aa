/**
 * WebAssembly module reader: bytes → `WasmModule`, a section map with the parts that linking
 * needs decoded (types, imports, function type indices, memories, globals with their init
 * expressions, exports, start, code bodies and data segments as byte ranges). Everything else
 * (tables, elements, custom sections) is kept as raw section ranges, so writing the sections back
 * unchanged reproduces the input byte for byte (see `writeModule`).
 */
import { ByteReader, ByteWriter, WasmDecodeError } from "./bytes.js";

export const SectionId = {
  custom: 0, type: 1, import: 2, function: 3, table: 4, memory: 5, global: 6, export: 7,
  start: 8, element: 9, code: 10, data: 11, dataCount: 12, tag: 13,
} as const;

/** Position of each known section id in the mandatory section order. */
const SECTION_RANK: Readonly<Record<number, number>> = {
  1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 13: 6, 6: 7, 7: 8, 8: 9, 9: 10, 12: 11, 10: 12, 11: 13,
};

export function sectionRank(id: number): number {
  const r = SECTION_RANK[id];
  if (r === undefined) throw new Error(`unknown section id ${id}`);
  return r;
}

export const ValType = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b, funcref: 0x70, externref: 0x6f } as const;

export type ExternKind = "func" | "table" | "memory" | "global" | "tag";
const EXTERN_KINDS: readonly ExternKind[] = ["func", "table", "memory", "global", "tag"];
export function externKindByte(k: ExternKind): number { return EXTERN_KINDS.indexOf(k); }

/** A byte range [start, end) of the module. */
export interface Range { readonly start: number; readonly end: number }

export interface FuncType { readonly params: readonly number[]; readonly results: readonly number[] }

export interface Limits { readonly min: number; readonly max?: number; readonly shared?: boolean }

export interface Section {
  readonly id: number;
  /** The whole section: id byte, size, content. */
  readonly range: Range;
  readonly content: Range;
  /** Custom sections only. */
  readonly name?: string;
}

export interface ImportEntry {
  readonly module: string;
  readonly name: string;
  readonly kind: ExternKind;
  /** func imports: the type index. */
  readonly typeIndex?: number;
  readonly memory?: Limits;
  readonly global?: { readonly type: number; readonly mutable: boolean };
  readonly range: Range;
}

export interface GlobalEntry {
  readonly type: number;
  readonly mutable: boolean;
  /** The init expression including its final `end`. */
  readonly init: Range;
  /** The value when the init expression is a single `i32.const`. */
  readonly constI32?: number;
  readonly range: Range;
}

export interface ExportEntry { readonly name: string; readonly kind: ExternKind; readonly index: number; readonly range: Range }

export interface CodeEntry {
  /** Size prefix and body. */
  readonly range: Range;
  /** Local declarations and expression. */
  readonly body: Range;
}

export interface DataEntry {
  readonly range: Range;
  readonly mode: "active" | "passive";
  readonly memory: number;
  /** Active segments whose offset is a single `i32.const`. */
  readonly offset?: number;
  readonly size: number;
}

export interface WasmModule {
  readonly bytes: Uint8Array;
  readonly sections: readonly Section[];
  readonly types: readonly FuncType[];
  readonly imports: readonly ImportEntry[];
  /** Type index of each *defined* function (the function section). */
  readonly functions: readonly number[];
  /** Defined memories (imported ones are in `imports`). */
  readonly memories: readonly Limits[];
  /** Defined globals (imported ones are in `imports`). */
  readonly globals: readonly GlobalEntry[];
  readonly exports: readonly ExportEntry[];
  readonly start?: number;
  readonly code: readonly CodeEntry[];
  readonly data: readonly DataEntry[];
  readonly dataCount?: number;
  readonly importedFunctions: number;
  readonly importedGlobals: number;
  /** Offset of the first entry (after the count) of each decoded vector section, by section id. */
  readonly entriesStart: ReadonlyMap<number, number>;
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d];
const VERSION = [0x01, 0x00, 0x00, 0x00];
export const WASM_HEADER: readonly number[] = [...MAGIC, ...VERSION];

function readLimits(r: ByteReader): Limits {
  const at = r.pos;
  const flags = r.byte();
  if (flags > 3) r.fail(`unsupported limits flags 0x${flags.toString(16)} (64-bit memories are not supported)`, at);
  const min = r.u32();
  const max = flags & 1 ? r.u32() : undefined;
  return max === undefined ? { min, shared: (flags & 2) !== 0 } : { min, max, shared: (flags & 2) !== 0 };
}

function readValType(r: ByteReader): number {
  const at = r.pos;
  const t = r.byte();
  if (![0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f].includes(t)) r.fail(`unknown value type 0x${t.toString(16)}`, at);
  return t;
}

/** Skips a constant expression up to and including its `end`; returns the i32 value if it is one `i32.const`. */
function skipConstExpr(r: ByteReader): number | undefined {
  const start = r.pos;
  let count = 0;
  let i32: number | undefined;
  for (;;) {
    const at = r.pos;
    const op = r.byte();
    if (op === 0x0b) break;
    count++;
    switch (op) {
      case 0x41: i32 = r.s32(); break; // i32.const
      case 0x42: r.s64(); break; // i64.const
      case 0x43: r.take(4); break; // f32.const
      case 0x44: r.take(8); break; // f64.const
      case 0x23: r.u32(); break; // global.get
      case 0xd0: r.byte(); break; // ref.null t
      case 0xd2: r.u32(); break; // ref.func
      case 0x6a: case 0x6b: case 0x6c: case 0x7c: case 0x7d: case 0x7e: break; // extended-const add/sub/mul
      default: r.fail(`unsupported opcode 0x${op.toString(16)} in constant expression`, at);
    }
  }
  return count === 1 && r.bytes[start] === 0x41 ? i32 : undefined;
}

/**
 * Read a module. Throws `WasmDecodeError` (with the byte offset) on anything malformed: bad
 * header, section order, sizes that do not match their content, inconsistent counts, indices out
 * of range. It does not validate function bodies; use `WebAssembly.validate` for that.
 */
export function readModule(bytes: Uint8Array): WasmModule {
  const r = new ByteReader(bytes);
  for (let i = 0; i < 8; i++) {
    const b = r.byte();
    if (b !== WASM_HEADER[i]) r.fail(i < 4 ? "not a WebAssembly module (bad magic)" : "unsupported WebAssembly version", i);
  }
  const sections: Section[] = [];
  const types: FuncType[] = [];
  const imports: ImportEntry[] = [];
  const functions: number[] = [];
  const memories: Limits[] = [];
  const globals: GlobalEntry[] = [];
  const exports: ExportEntry[] = [];
  const code: CodeEntry[] = [];
  const data: DataEntry[] = [];
  const entriesStart = new Map<number, number>();
  let start: number | undefined;
  let dataCount: number | undefined;
  let lastRank = 0;
  let sawCode = false;

  while (!r.done) {
    const sectionStart = r.pos;
    const id = r.byte();
    const size = r.u32();
    const contentStart = r.pos;
    if (contentStart + size > bytes.length) r.fail(`section ${id} size ${size} runs past the end of the module`, sectionStart);
    const s = new ByteReader(bytes, contentStart, contentStart + size);
    let name: string | undefined;
    if (id === SectionId.custom) {
      name = s.name();
    } else {
      const rank = SECTION_RANK[id];
      if (rank === undefined) r.fail(`unknown section id ${id}`, sectionStart);
      if (rank <= lastRank) r.fail(`section ${id} out of order or duplicated`, sectionStart);
      lastRank = rank;
      readSection(id, s);
      if (!s.done) s.fail(`section ${id} has ${s.end - s.pos} trailing bytes`);
    }
    const range = { start: sectionStart, end: contentStart + size };
    sections.push(name === undefined ? { id, range, content: { start: contentStart, end: contentStart + size } }
      : { id, range, content: { start: contentStart, end: contentStart + size }, name });
    r.pos = contentStart + size;
  }

  function readSection(id: number, s: ByteReader): void {
    const vec = (each: (i: number) => void): void => {
      const n = s.u32();
      entriesStart.set(id, s.pos);
      for (let i = 0; i < n; i++) each(i);
    };
    switch (id) {
      case SectionId.type:
        vec(() => {
          const at = s.pos;
          if (s.byte() !== 0x60) s.fail("only function types are supported in the type section", at);
          const params: number[] = [], results: number[] = [];
          for (let n = s.u32(); n > 0; n--) params.push(readValType(s));
          for (let n = s.u32(); n > 0; n--) results.push(readValType(s));
          types.push({ params, results });
        });
        break;
      case SectionId.import:
        vec(() => {
          const at = s.pos;
          const module = s.name(), name = s.name();
          const kindAt = s.pos;
          const kind = EXTERN_KINDS[s.byte()];
          if (kind === undefined) s.fail("unknown import kind", kindAt);
          const base = { module, name, kind };
          if (kind === "func") {
            const typeIndex = s.u32();
            if (typeIndex >= types.length) s.fail(`import ${module}.${name}: type index ${typeIndex} out of range`, at);
            imports.push({ ...base, typeIndex, range: { start: at, end: s.pos } });
          } else if (kind === "memory") {
            const memory = readLimits(s);
            imports.push({ ...base, memory, range: { start: at, end: s.pos } });
          } else if (kind === "global") {
            const type = readValType(s);
            const mutable = s.byte() === 1;
            imports.push({ ...base, global: { type, mutable }, range: { start: at, end: s.pos } });
          } else if (kind === "table") {
            readValType(s);
            readLimits(s);
            imports.push({ ...base, range: { start: at, end: s.pos } });
          } else {
            s.byte();
            s.u32();
            imports.push({ ...base, range: { start: at, end: s.pos } });
          }
        });
        break;
      case SectionId.function:
        vec(() => {
          const at = s.pos;
          const t = s.u32();
          if (t >= types.length) s.fail(`function type index ${t} out of range`, at);
          functions.push(t);
        });
        break;
      case SectionId.memory:
        vec(() => memories.push(readLimits(s)));
        break;
      case SectionId.global:
        vec(() => {
          const at = s.pos;
          const type = readValType(s);
          const mutAt = s.pos;
          const mut = s.byte();
          if (mut > 1) s.fail("bad global mutability flag", mutAt);
          const initStart = s.pos;
          const constI32 = skipConstExpr(s);
          const g = { type, mutable: mut === 1, init: { start: initStart, end: s.pos }, range: { start: at, end: s.pos } };
          globals.push(constI32 === undefined || type !== ValType.i32 ? g : { ...g, constI32 });
        });
        break;
      case SectionId.export: {
        const seen = new Set<string>();
        vec(() => {
          const at = s.pos;
          const name = s.name();
          const kind = EXTERN_KINDS[s.byte()];
          if (kind === undefined) s.fail(`export ${name}: unknown kind`, at);
          const index = s.u32();
          if (seen.has(name)) s.fail(`duplicate export ${name}`, at);
          seen.add(name);
          exports.push({ name, kind, index, range: { start: at, end: s.pos } });
        });
        break;
      }
      case SectionId.start:
        start = s.u32();
        break;
      case SectionId.dataCount:
        dataCount = s.u32();
        break;
      case SectionId.code:
        sawCode = true;
        vec(() => {
          const at = s.pos;
          const size = s.u32();
          const bodyStart = s.pos;
          s.take(size);
          code.push({ range: { start: at, end: s.pos }, body: { start: bodyStart, end: s.pos } });
        });
        break;
      case SectionId.data:
        vec(() => {
          const at = s.pos;
          const flags = s.u32();
          let memory = 0, offset: number | undefined, mode: "active" | "passive" = "active";
          if (flags === 1) mode = "passive";
          else if (flags === 0 || flags === 2) {
            if (flags === 2) memory = s.u32();
            offset = skipConstExpr(s);
          } else s.fail(`unknown data segment flags ${flags}`, at);
          const size = s.u32();
          s.take(size);
          const base = { range: { start: at, end: s.pos }, mode, memory, size };
          data.push(offset === undefined ? base : { ...base, offset });
        });
        break;
      default:
        // table, element, tag: kept raw.
        s.pos = s.end;
    }
  }

  if (functions.length !== code.length && (functions.length > 0 || sawCode)) {
    throw new WasmDecodeError(`function section declares ${functions.length} functions but the code section has ${code.length} bodies`, bytes.length);
  }
  if (dataCount !== undefined && dataCount !== data.length) {
    throw new WasmDecodeError(`data count section says ${dataCount} but the data section has ${data.length} segments`, bytes.length);
  }
  const importedFunctions = imports.filter((i) => i.kind === "func").length;
  const importedGlobals = imports.filter((i) => i.kind === "global").length;
  for (const e of exports) {
    const limit = e.kind === "func" ? importedFunctions + functions.length
      : e.kind === "global" ? importedGlobals + globals.length : Infinity;
    if (e.index >= limit) throw new WasmDecodeError(`export ${e.name}: ${e.kind} index ${e.index} out of range`, e.range.start);
  }
  if (start !== undefined && start >= importedFunctions + functions.length) {
    throw new WasmDecodeError(`start function index ${start} out of range`, bytes.length);
  }
  const m: WasmModule = {
    bytes, sections, types, imports, functions, memories, globals, exports, code, data,
    importedFunctions, importedGlobals, entriesStart,
  };
  return { ...m, ...(start !== undefined ? { start } : {}), ...(dataCount !== undefined ? { dataCount } : {}) };
}

/** Encode one section: id, size, content. */
export function encodeSection(id: number, content: Uint8Array): Uint8Array {
  return new ByteWriter(content.length + 6).byte(id).u32(content.length).raw(content).bytes();
}

/** Encode a function type entry (0x60 params results). */
export function encodeFuncType(t: FuncType): Uint8Array {
  const w = new ByteWriter().byte(0x60).u32(t.params.length);
  for (const p of t.params) w.byte(p);
  w.u32(t.results.length);
  for (const p of t.results) w.byte(p);
  return w.bytes();
}

/** New content for a section (written with its id and size), or null to drop the section. */
export type SectionPatch = { readonly id: number; readonly content: Uint8Array } | null;

/**
 * Write a module back from its sections. `replace` maps a section index (into `m.sections`) to new
 * content (or null to drop it); `insert` adds sections before the section at the given index
 * (`m.sections.length` = at the end). With no changes the output equals the input.
 */
export function writeModule(
  m: WasmModule,
  replace: ReadonlyMap<number, SectionPatch> = new Map(),
  insert: ReadonlyMap<number, readonly NonNullable<SectionPatch>[]> = new Map(),
): Uint8Array {
  let size = m.bytes.length + 64;
  for (const p of replace.values()) size += p ? p.content.length : 0;
  for (const list of insert.values()) for (const p of list) size += p.content.length + 6;
  const w = new ByteWriter(size).raw(m.bytes.subarray(0, 8));
  const put = (p: NonNullable<SectionPatch>): void => { w.byte(p.id).u32(p.content.length).raw(p.content); };
  for (let i = 0; i <= m.sections.length; i++) {
    for (const p of insert.get(i) ?? []) put(p);
    if (i === m.sections.length) break;
    const s = m.sections[i]!;
    const rep = replace.get(i);
    if (rep === null) continue;
    if (rep) put(rep);
    else w.raw(m.bytes.subarray(s.range.start, s.range.end));
  }
  return w.bytes();
}
