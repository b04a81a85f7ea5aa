/**
 * Wasm emission: IR `Policy` → instructions → function bodies → linked module bytes.
 */
export { emitModule, constJson, type EmitOptions } from "./module.js";
export { emitFunc, EmitError, type FuncContext } from "./func.js";
export { Code, Op } from "./instr.js";
export { StaticData } from "./data.js";
export { printEmitted } from "./wat.js";
