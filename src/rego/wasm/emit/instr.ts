/**
 * A small WebAssembly instruction builder: typed helpers that append opcodes and immediates to a
 * byte buffer. Only the instructions the emitter uses (all i32; MVP encoding). Structured control
 * instructions take no label names; the caller tracks depths (see func.ts).
 */
import { ByteWriter } from "../encode/bytes.js";

export const Op = {
  unreachable: 0x00, block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b,
  br: 0x0c, br_if: 0x0d, br_table: 0x0e, return: 0x0f, call: 0x10, drop: 0x1a,
  local_get: 0x20, local_set: 0x21, local_tee: 0x22, global_get: 0x23, global_set: 0x24,
  i32_load: 0x28, i32_store: 0x36, i32_const: 0x41,
  i32_eqz: 0x45, i32_eq: 0x46, i32_ne: 0x47, i32_lt_s: 0x48, i32_lt_u: 0x49, i32_gt_s: 0x4a, i32_ge_u: 0x4f,
  i32_add: 0x6a, i32_sub: 0x6b,
  /** Prefix of the bulk-memory instructions (`memory.init`, `data.drop`). */
  prefix_fc: 0xfc,
} as const;

/** Sub-opcodes after `prefix_fc`. */
export const OpFC = { memory_init: 8, data_drop: 9 } as const;

/** Block type "no params, no results". */
const EMPTY = 0x40;

export class Code {
  private readonly w = new ByteWriter();

  get length(): number { return this.w.length; }

  block(): this { this.w.byte(Op.block).byte(EMPTY); return this; }
  loop(): this { this.w.byte(Op.loop).byte(EMPTY); return this; }
  if(): this { this.w.byte(Op.if).byte(EMPTY); return this; }
  else(): this { this.w.byte(Op.else); return this; }
  end(): this { this.w.byte(Op.end); return this; }
  br(depth: number): this { this.w.byte(Op.br).u32(depth); return this; }
  brIf(depth: number): this { this.w.byte(Op.br_if).u32(depth); return this; }
  brTable(depths: readonly number[], defaultDepth: number): this {
    this.w.byte(Op.br_table).u32(depths.length);
    for (const d of depths) this.w.u32(d);
    this.w.u32(defaultDepth);
    return this;
  }
  return(): this { this.w.byte(Op.return); return this; }
  unreachable(): this { this.w.byte(Op.unreachable); return this; }
  call(func: number): this { this.w.byte(Op.call).u32(func); return this; }
  drop(): this { this.w.byte(Op.drop); return this; }

  localGet(i: number): this { this.w.byte(Op.local_get).u32(i); return this; }
  localSet(i: number): this { this.w.byte(Op.local_set).u32(i); return this; }
  localTee(i: number): this { this.w.byte(Op.local_tee).u32(i); return this; }
  globalGet(i: number): this { this.w.byte(Op.global_get).u32(i); return this; }
  globalSet(i: number): this { this.w.byte(Op.global_set).u32(i); return this; }
  /** `memory.init segment` (memory 0): copies (dest, offset, length) from a passive segment. */
  memoryInit(segment: number): this { this.w.byte(Op.prefix_fc).u32(OpFC.memory_init).u32(segment).byte(0); return this; }
  /** `data.drop segment`. */
  dataDrop(segment: number): this { this.w.byte(Op.prefix_fc).u32(OpFC.data_drop).u32(segment); return this; }

  i32Const(v: number): this { this.w.byte(Op.i32_const).s32(v | 0); return this; }
  /** `i32.load` with a static offset (align 2^2). */
  i32Load(offset: number): this { this.w.byte(Op.i32_load).u32(2).u32(offset); return this; }
  /** `i32.store` with a static offset (align 2^2). */
  i32Store(offset: number): this { this.w.byte(Op.i32_store).u32(2).u32(offset); return this; }
  i32Eqz(): this { this.w.byte(Op.i32_eqz); return this; }
  i32Eq(): this { this.w.byte(Op.i32_eq); return this; }
  i32Ne(): this { this.w.byte(Op.i32_ne); return this; }
  i32LtU(): this { this.w.byte(Op.i32_lt_u); return this; }
  i32GeU(): this { this.w.byte(Op.i32_ge_u); return this; }
  i32Add(): this { this.w.byte(Op.i32_add); return this; }
  i32Sub(): this { this.w.byte(Op.i32_sub); return this; }
  i32LtS(): this { this.w.byte(Op.i32_lt_s); return this; }
  i32GtS(): this { this.w.byte(Op.i32_gt_s); return this; }

  bytes(): Uint8Array { return this.w.bytes(); }
}
