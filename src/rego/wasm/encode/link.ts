/**
 * The append-only linker: runtime module + generated additions → final module bytes.
 *
 * Nothing that exists in the runtime is renumbered: new types, functions and data segments are
 * appended after the runtime's own, so runtime function indices (found by export name) and the
 * indices of appended functions (`runtime.nextFunctionIndex + i`) are known before linking.
 * The linker also replaces stub bodies (`__gpc_init`, `__gpc_eval`), rewrites the initialiser of
 * the `__gpc_heap_base` global, keeps the data-count section consistent, removes link-time exports
 * and drops custom sections (debug names and producers of the runtime build would otherwise be
 * copied into every policy).
 */
import { ByteWriter } from "./bytes.js";
import {
  encodeFuncType, sectionRank, SectionId, writeModule, type FuncType, type SectionPatch, type WasmModule,
} from "./module.js";

/** A function body: run-length local declarations and the expression bytes (ending with `end`, 0x0b). */
export interface FunctionBody {
  readonly locals: readonly (readonly [count: number, type: number])[];
  readonly code: Uint8Array;
}

/** A function to append; its index will be `nextFunctionIndex` + its position. */
export interface AddedFunction extends FunctionBody {
  readonly type: FuncType;
}

/**
 * A data segment for memory 0 meant for address `offset`: active (copied at instantiation, so it
 * must fit in the memory the host provides) or passive (the generated code copies it with
 * `memory.init`, so it may be of any size).
 */
export interface DataSegment { readonly offset: number; readonly bytes: Uint8Array; readonly passive?: boolean }

export interface LinkAddition {
  readonly functions: readonly AddedFunction[];
  /** New bodies for existing (defined, not imported) functions, by function index. */
  readonly replacedBodies: ReadonlyMap<number, FunctionBody>;
  readonly data: readonly DataSegment[];
  /** New initial value of the heap-base global (must be ≥ the end of every appended segment). */
  readonly heapBase: number;
  /** Exports to remove from the final module. Default: names starting with `rt_`, `bi_` or `__gpc_`. */
  readonly dropExports?: (name: string) => boolean;
  /** Custom sections to keep (by name). Default: none. */
  readonly keepCustomSection?: (name: string) => boolean;
  /** Custom sections to append at the end of the module (e.g. a `name` section). */
  readonly customSections?: readonly { readonly name: string; readonly content: Uint8Array }[];
}

/** What the linker needs to know about the runtime (a `RuntimeImage` satisfies it). */
export interface LinkTarget {
  readonly module: WasmModule;
  /** Global index of `__gpc_heap_base`. */
  readonly heapBaseGlobal: number;
  /** The heap-base global's original value: appended data must start at or after it. */
  readonly heapBase: number;
  /** Bytes of linear memory available at instantiation (appended data must end below it). */
  readonly staticMemoryLimit: number;
}

export const isLinkTimeExport = (name: string): boolean =>
  name.startsWith("rt_") || name.startsWith("bi_") || name.startsWith("__gpc_");

export class LinkError extends Error {
  constructor(message: string) {
    super(`link: ${message}`);
    this.name = "LinkError";
  }
}

function typeKey(t: FuncType): string { return t.params.join(",") + ">" + t.results.join(","); }

const typeIndexCache = new WeakMap<WasmModule, ReadonlyMap<string, number>>();
function runtimeTypeIndex(m: WasmModule): ReadonlyMap<string, number> {
  let idx = typeIndexCache.get(m);
  if (!idx) {
    const map = new Map<string, number>();
    m.types.forEach((t, i) => { if (!map.has(typeKey(t))) map.set(typeKey(t), i); });
    typeIndexCache.set(m, map);
    idx = map;
  }
  return idx;
}

function localsBytes(b: FunctionBody): Uint8Array {
  const w = new ByteWriter(16).u32(b.locals.length);
  for (const [count, type] of b.locals) w.u32(count).byte(type);
  return w.bytes();
}

function encodeBodyInto(w: ByteWriter, b: FunctionBody): void {
  const locals = localsBytes(b);
  w.u32(locals.length + b.code.length).raw(locals).raw(b.code);
}

/** A code-section entry: size, local declarations, expression. */
export function encodeBody(b: FunctionBody): Uint8Array {
  const w = new ByteWriter(b.code.length + 16);
  encodeBodyInto(w, b);
  return w.bytes();
}

/** Link `addition` onto the runtime. Deterministic: the same inputs give the same bytes. */
export function link(runtime: LinkTarget, addition: LinkAddition): Uint8Array {
  const m = runtime.module;
  const b = m.bytes;
  const drop = addition.dropExports ?? isLinkTimeExport;
  const keepCustom = addition.keepCustomSection ?? (() => false);
  const definedFunctions = m.functions.length;

  // Types: reuse identical runtime types, append the rest.
  const typeIndex = new Map(runtimeTypeIndex(m));
  const newTypes: FuncType[] = [];
  const funcTypeIndices = addition.functions.map((f) => {
    const k = typeKey(f.type);
    let i = typeIndex.get(k);
    if (i === undefined) {
      i = m.types.length + newTypes.length;
      typeIndex.set(k, i);
      newTypes.push(f.type);
    }
    return i;
  });

  for (const idx of addition.replacedBodies.keys()) {
    if (idx < m.importedFunctions || idx >= m.importedFunctions + definedFunctions) {
      throw new LinkError(`cannot replace the body of function ${idx}: not a defined function`);
    }
  }
  let dataEnd = runtime.heapBase, activeEnd = runtime.heapBase;
  for (const d of addition.data) {
    if (d.offset < runtime.heapBase) throw new LinkError(`data segment at ${d.offset} overlaps the runtime's static data (heap base ${runtime.heapBase})`);
    dataEnd = Math.max(dataEnd, d.offset + d.bytes.length);
    if (!d.passive) activeEnd = Math.max(activeEnd, d.offset + d.bytes.length);
  }
  if (addition.heapBase < dataEnd) throw new LinkError(`heap base ${addition.heapBase} is below the end of the appended data (${dataEnd})`);
  if (activeEnd > runtime.staticMemoryLimit) {
    throw new LinkError(`active data ends at ${activeEnd}, beyond the ${runtime.staticMemoryLimit} bytes of memory available at instantiation (make the segment passive)`);
  }
  if (addition.heapBase >= 2 ** 31) throw new LinkError(`static data ends at ${addition.heapBase}, beyond 2 GiB`);
  const hbDefined = runtime.heapBaseGlobal - m.importedGlobals;
  if (hbDefined < 0 || hbDefined >= m.globals.length) throw new LinkError(`heap-base global ${runtime.heapBaseGlobal} is not a defined global`);

  const rawEntries = (id: number, s: { content: { end: number } }): Uint8Array =>
    b.subarray(m.entriesStart.get(id) ?? s.content.end, s.content.end);

  const build = {
    [SectionId.type]: (s?: { content: { end: number } }): Uint8Array => {
      const w = new ByteWriter().u32(m.types.length + newTypes.length);
      if (s) w.raw(rawEntries(SectionId.type, s));
      for (const t of newTypes) w.raw(encodeFuncType(t));
      return w.view();
    },
    [SectionId.function]: (s?: { content: { end: number } }): Uint8Array => {
      const w = new ByteWriter().u32(definedFunctions + addition.functions.length);
      if (s) w.raw(rawEntries(SectionId.function, s));
      for (const t of funcTypeIndices) w.u32(t);
      return w.view();
    },
    [SectionId.global]: (): Uint8Array => {
      const w = new ByteWriter().u32(m.globals.length);
      m.globals.forEach((g, i) => {
        if (i === hbDefined) w.byte(g.type).byte(g.mutable ? 1 : 0).byte(0x41).s32(addition.heapBase).byte(0x0b);
        else w.raw(b.subarray(g.range.start, g.range.end));
      });
      return w.view();
    },
    [SectionId.export]: (): Uint8Array => {
      const kept = m.exports.filter((e) => !drop(e.name));
      const w = new ByteWriter().u32(kept.length);
      for (const e of kept) w.raw(b.subarray(e.range.start, e.range.end));
      return w.view();
    },
    [SectionId.dataCount]: (): Uint8Array => new ByteWriter(8).u32(m.data.length + addition.data.length).view(),
    [SectionId.code]: (): Uint8Array => {
      const w = new ByteWriter(b.length).u32(definedFunctions + addition.functions.length);
      // Unchanged bodies are contiguous runs of the original section: copy each run at once.
      let runStart = -1;
      m.code.forEach((c, i) => {
        const rep = addition.replacedBodies.get(m.importedFunctions + i);
        if (!rep) { if (runStart < 0) runStart = c.range.start; return; }
        if (runStart >= 0) { w.raw(b.subarray(runStart, c.range.start)); runStart = -1; }
        w.raw(encodeBody(rep));
      });
      if (runStart >= 0) w.raw(b.subarray(runStart, m.code[m.code.length - 1]!.range.end));
      for (const f of addition.functions) encodeBodyInto(w, f);
      return w.view();
    },
    [SectionId.data]: (s?: { content: { end: number } }): Uint8Array => {
      const w = new ByteWriter().u32(m.data.length + addition.data.length);
      if (s) w.raw(rawEntries(SectionId.data, s));
      for (const d of addition.data) {
        if (d.passive) w.byte(1).vecBytes(d.bytes);
        else w.byte(0).byte(0x41).s32(d.offset).byte(0x0b).vecBytes(d.bytes);
      }
      return w.view();
    },
  } as Record<number, (s?: { content: { end: number } }) => Uint8Array>;

  const replace = new Map<number, SectionPatch>();
  const present = new Set<number>();
  m.sections.forEach((s, i) => {
    if (s.id === SectionId.custom) {
      if (!keepCustom(s.name ?? "")) replace.set(i, null);
      return;
    }
    present.add(s.id);
    const f = build[s.id];
    if (f) replace.set(i, { id: s.id, content: f(s) });
  });

  // Sections the addition needs but the runtime lacks, inserted at their place in the order.
  const insert = new Map<number, NonNullable<SectionPatch>[]>();
  const needed: number[] = [];
  if (newTypes.length > 0) needed.push(SectionId.type);
  if (addition.functions.length > 0) needed.push(SectionId.function, SectionId.code);
  if (addition.data.length > 0) needed.push(SectionId.data);
  if (addition.data.some((d) => d.passive)) needed.push(SectionId.dataCount); // memory.init needs it
  for (const id of needed) {
    if (present.has(id)) continue;
    let at = m.sections.findIndex((s) => s.id !== SectionId.custom && sectionRank(s.id) > sectionRank(id));
    if (at < 0) at = m.sections.length;
    const list = insert.get(at) ?? [];
    list.push({ id, content: build[id]!() });
    insert.set(at, list);
  }
  if (addition.customSections?.length) {
    const atEnd = insert.get(m.sections.length) ?? [];
    for (const c of addition.customSections) {
      atEnd.push({ id: SectionId.custom, content: new ByteWriter(c.content.length + c.name.length + 8).name(c.name).raw(c.content).view() });
    }
    insert.set(m.sections.length, atEnd);
  }
  return writeModule(m, replace, insert);
}

/** Content of a `name` custom section holding only function names (subsection 1). */
export function nameSectionContent(functionNames: ReadonlyMap<number, string>): Uint8Array {
  const sorted = [...functionNames].sort((a, b) => a[0] - b[0]);
  const sub = new ByteWriter().u32(sorted.length);
  for (const [index, name] of sorted) sub.u32(index).name(name);
  const body = sub.bytes();
  return new ByteWriter(body.length + 6).byte(1).u32(body.length).raw(body).bytes();
}
