/**
 * Wasm binary encoding: LEB128/IEEE754, the module reader and writer, the append-only linker and
 * the prebuilt runtime image. Input: runtime bytes + generated additions. Output: module bytes.
 */
export * from "./leb128.js";
export { ByteReader, ByteWriter, WasmDecodeError } from "./bytes.js";
export {
  readModule, writeModule, encodeSection, encodeFuncType, SectionId, ValType,
  type WasmModule, type FuncType, type Section, type Range, type ExportEntry, type ImportEntry,
  type GlobalEntry, type CodeEntry, type DataEntry, type Limits, type ExternKind, type SectionPatch,
} from "./module.js";
export {
  link, encodeBody, isLinkTimeExport, nameSectionContent, LinkError,
  type LinkAddition, type LinkTarget, type AddedFunction, type FunctionBody, type DataSegment,
} from "./link.js";
export { loadRuntime, runtimeFromBytes, selfTestRuntime, RuntimeError, SDK_INITIAL_PAGES, type RuntimeImage } from "./runtime.js";
