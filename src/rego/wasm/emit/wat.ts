/**
 * Readable text for the code the emitter generates: a linked module's appended functions and
 * replaced stubs, printed in WAT-like folded-free form with indentation by block depth. Knows only
 * the instructions instr.ts emits (for golden files and debugging, not a general disassembler).
 */
import { ByteReader } from "../encode/bytes.js";
import { readModule, ValType } from "../encode/module.js";
import type { RuntimeImage } from "../encode/runtime.js";
import type { Policy } from "../ir/ir.js";
import { Op, OpFC } from "./instr.js";

const NAMES: Record<number, string> = Object.fromEntries(Object.entries(Op).map(([k, v]) => [v, k.replace(/^(local|global|i32)_/, "$1.")]));
const FC_NAMES: Record<number, string> = Object.fromEntries(Object.entries(OpFC).map(([k, v]) => [v, k.replace(/^(memory|data)_/, "$1.")]));

/** Print `__gpc_init`, `__gpc_eval` and every function appended for `policy`. */
export function printEmitted(bytes: Uint8Array, policy: Policy, runtime: RuntimeImage): string {
  const m = readModule(bytes);
  const names = new Map<number, string>();
  for (const [name, index] of runtime.exportedFunctions) names.set(index, name);
  policy.funcs.forEach((f, i) => names.set(runtime.nextFunctionIndex + i, f.name));
  const fname = (i: number): string => `$${names.get(i) ?? i}`;
  const valType = (t: number): string => Object.entries(ValType).find(([, v]) => v === t)?.[0] ?? `0x${t.toString(16)}`;
  const out: string[] = [];
  const indices = [runtime.initFunction, runtime.evalFunction, ...policy.funcs.map((_, i) => runtime.nextFunctionIndex + i)];
  for (const index of indices) {
    const def = index - m.importedFunctions;
    const type = m.types[m.functions[def]!]!;
    const body = m.code[def]!.body;
    const r = new ByteReader(bytes, body.start, body.end);
    const locals: string[] = [];
    for (let n = r.u32(); n > 0; n--) { const count = r.u32(); locals.push(`${valType(r.byte())}×${count}`); }
    const sig = [
      type.params.length ? `(param ${type.params.map(valType).join(" ")})` : "",
      type.results.length ? `(result ${type.results.map(valType).join(" ")})` : "",
      locals.length ? `(local ${locals.join(" ")})` : "",
    ].filter(Boolean).join(" ");
    out.push(`(func ${fname(index)}${sig ? " " + sig : ""}`);
    let depth = 1;
    while (!r.done) {
      const op = r.byte();
      if (op === Op.end) {
        depth--;
        if (depth === 0) break;
        out.push(`${"  ".repeat(depth)}end`);
        continue;
      }
      if (op === Op.else) { out.push(`${"  ".repeat(depth - 1)}else`); continue; }
      const name = NAMES[op] ?? `op_0x${op.toString(16)}`;
      let text = name;
      switch (op) {
        case Op.block: case Op.loop: case Op.if: r.byte(); break;
        case Op.br: case Op.br_if: case Op.local_get: case Op.local_set: case Op.local_tee: case Op.global_get: case Op.global_set:
          text += ` ${r.u32()}`; break;
        case Op.prefix_fc: {
          const sub = r.u32();
          text = FC_NAMES[sub] ?? `op_0xfc_${sub}`;
          if (sub === OpFC.memory_init) { text += ` ${r.u32()}`; r.byte(); }
          else if (sub === OpFC.data_drop) text += ` ${r.u32()}`;
          else throw new Error(`printEmitted: unexpected opcode 0xfc ${sub}`);
          break;
        }
        case Op.call: text += ` ${fname(r.u32())}`; break;
        case Op.br_table: {
          const n = r.u32();
          const ds: number[] = [];
          for (let i = 0; i <= n; i++) ds.push(r.u32());
          text += ` ${ds.join(" ")}`;
          break;
        }
        case Op.i32_const: text += ` ${r.s32()}`; break;
        case Op.i32_load: case Op.i32_store: r.u32(); text += ` offset=${r.u32()}`; break;
        default:
          if (NAMES[op] === undefined) throw new Error(`printEmitted: unexpected opcode 0x${op.toString(16)}`);
      }
      out.push(`${"  ".repeat(depth)}${text}`);
      if (op === Op.block || op === Op.loop || op === Op.if) depth++;
    }
    out.push(")");
  }
  return out.join("\n") + "\n";
}
