/**
 * IR function → Wasm function body. One wasm function per `Func`: i32 parameters, i32 locals
 * (the IR's plus scratch locals for scans), one i32 result (the `result` local).
 *
 * Control flow: the body is an outer wasm block, so a statement that is undefined at top level
 * exits to the return. A stack of wasm control frames records which frames are IR blocks (block,
 * scan/not/with bodies); "undefined" branches to the innermost IR block and `break {depth: n}`
 * to the n-th IR block from the top. Leaving a `with` body any other way than through its end
 * calls `rt_with_exit` first, so the runtime's with-depth stays balanced.
 */
import type { Func, Loc, Operand, Stmt } from "../ir/ir.js";
import type { RuntimeFunction } from "../runtime-abi.js";
import { ValType } from "../encode/module.js";
import type { AddedFunction } from "../encode/link.js";
import { Code } from "./instr.js";

/** What a function body needs from the module being emitted. */
export interface FuncContext {
  /** Function index of a runtime function the body calls. */
  rt(name: RuntimeFunction): number;
  /**
   * Index and parameter count of a call target (planned function or runtime export). A host
   * builtin (runtime/builtins/host.ts) is a call of `rt_host<N>` (`index`) with its id first and,
   * for builtins reading OPA's wall clock, the evaluation's `time.now_ns()` last (`now`: the id
   * and function index of that call).
   */
  callee(name: string): { index: number; params: number; host?: { id: number; now?: { id: number; index: number } } };
  /** Address of constant `i`'s slot in the constant table. */
  constSlot(i: number): number;
  /** Address of a NUL-terminated abort message. */
  message(loc: Loc, message: string): number;
  /** Number of memo slots. */
  readonly memoSlots: number;
  /**
   * The budget instrumentation (runtime-abi.ts): globals, the call-depth limit and the address of
   * a NUL-terminated copy of a function's name. Absent: no instrumentation.
   */
  readonly budget?: {
    readonly fuelGlobal: number;
    readonly depthGlobal: number;
    readonly maxDepth: number;
    name(func: string): number;
  };
}

export class EmitError extends Error {
  constructor(message: string) {
    super(`emit: ${message}`);
    this.name = "EmitError";
  }
}

/** Operators and other constant-time builtins: no string charge at their call sites. */
const UNCHARGED_BUILTINS = new Set([
  "plus", "minus", "mul", "div", "rem", "and", "or", "equal", "neq", "lt", "lte", "gt", "gte",
  "internal.member_2", "internal.member_3", "count", "is_string", "is_number", "is_boolean", "is_array",
  "is_object", "is_set", "is_null", "type_name", "object.get",
].map((b) => "bi_" + b.replace(/\./g, "$")));

type Frame = { readonly ir: boolean; readonly with?: boolean };
const IR_FRAME: Frame = { ir: true };
const WASM_FRAME: Frame = { ir: false };
const WITH_FRAME: Frame = { ir: true, with: true };

export function emitFunc(f: Func, ctx: FuncContext): AddedFunction {
  return new FuncEmitter(f, ctx).emit();
}

class FuncEmitter {
  private readonly code = new Code();
  private readonly frames: Frame[] = [];
  private scratch = 0;
  /** Statement path for error messages: [index, statement] pairs from the function body down. */
  private readonly path: (readonly [number, Stmt])[] = [];

  constructor(private readonly f: Func, private readonly ctx: FuncContext) {}

  private fail(msg: string): never {
    const at = this.path.map(([i, s]) => `${i}:${s.op}`).join(".");
    throw new EmitError(`function ${this.f.name}${at ? ` at ${at}` : ""}: ${msg}`);
  }

  emit(): AddedFunction {
    const f = this.f;
    if (!Number.isInteger(f.params) || f.params < 0) this.fail(`bad parameter count ${f.params}`);
    if (!Number.isInteger(f.locals) || f.locals < f.params) this.fail(`locals (${f.locals}) must include the ${f.params} parameters`);
    this.checkLocal(f.result);
    const b = this.ctx.budget;
    if (b) {
      // entry: one step, one level deeper (the body exits only through its end: no `return`)
      this.step();
      this.code.globalGet(b.depthGlobal).i32Const(1).i32Add().globalSet(b.depthGlobal)
        .globalGet(b.depthGlobal).i32Const(b.maxDepth).i32GtS();
      this.open(WASM_FRAME, "if");
      this.code.i32Const(b.name(f.name));
      this.rt("rt_call_too_deep");
      this.code.drop();
      this.close();
    }
    this.irBlock(f.body);
    if (b) this.code.globalGet(b.depthGlobal).i32Const(1).i32Sub().globalSet(b.depthGlobal);
    this.code.localGet(f.result).end();
    const extra = f.locals - f.params + this.scratch;
    return {
      type: { params: Array(f.params).fill(ValType.i32), results: [ValType.i32] },
      locals: extra > 0 ? [[extra, ValType.i32]] : [],
      code: this.code.bytes(),
    };
  }

  private newScratch(): number { return this.f.locals + this.scratch++; }

  private tempLocal = -1;
  /** One shared scratch local for values consumed right away. */
  private temp(): number {
    if (this.tempLocal < 0) this.tempLocal = this.newScratch();
    return this.tempLocal;
  }

  private checkLocal(l: number): number {
    if (!Number.isInteger(l) || l < 0 || l >= this.f.locals) this.fail(`local ${l} out of range (function has ${this.f.locals})`);
    return l;
  }

  private checkSlot(slot: number): number {
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.ctx.memoSlots) this.fail(`memo slot ${slot} out of range (policy has ${this.ctx.memoSlots})`);
    return slot;
  }

  private open(frame: Frame, kind: "block" | "loop" | "if" = "block"): void {
    if (kind === "block") this.code.block(); else if (kind === "loop") this.code.loop(); else this.code.if();
    this.frames.push(frame);
  }

  private close(): void {
    this.frames.pop();
    this.code.end();
  }

  private stmts(body: readonly Stmt[]): void {
    for (let i = 0; i < body.length; i++) {
      const s = body[i]!;
      this.path.push([i, s]);
      this.stmt(s);
      this.path.pop();
    }
  }

  /** Run statements inside a new IR block (a break target). */
  private irBlock(body: readonly Stmt[], frame: Frame = IR_FRAME): void {
    this.open(frame);
    this.stmts(body);
    this.close();
  }

  /** Frame position (from the bottom) of the n-th enclosing IR block (0 = innermost). */
  private irFrame(n: number): number {
    let seen = -1;
    for (let p = this.frames.length - 1; p >= 0; p--) {
      if (this.frames[p]!.ir && ++seen === n) return p;
    }
    return this.fail(`break depth ${n} exceeds the ${seen + 1} enclosing blocks`);
  }

  /** Branch out of `n + 1` IR blocks; when `conditional`, only if the i32 on the stack is non-zero. */
  private exit(n: number, conditional: boolean): void {
    const target = this.irFrame(n);
    let withs = 0;
    for (let p = target + 1; p < this.frames.length; p++) if (this.frames[p]!.with) withs++;
    if (withs === 0) {
      const depth = this.frames.length - 1 - target;
      if (conditional) this.code.brIf(depth); else this.code.br(depth);
      return;
    }
    if (conditional) this.open(WASM_FRAME, "if");
    for (let i = 0; i < withs; i++) this.code.call(this.ctx.rt("rt_with_exit")).drop();
    this.code.br(this.frames.length - 1 - target);
    if (conditional) this.close();
  }

  /** Exit the innermost IR block if the i32 on the stack is non-zero. */
  private undefinedIf(): void { this.exit(0, true); }
  /** Exit the innermost IR block if the value on the stack is 0 (undefined / false). */
  private undefinedIfZero(): void { this.code.i32Eqz(); this.undefinedIf(); }

  private operand(o: Operand): void {
    if ("local" in o) this.code.localGet(this.checkLocal(o.local));
    else if ("const" in o && Number.isInteger(o.const) && o.const >= 0) this.code.i32Const(0).i32Load(this.ctx.constSlot(o.const));
    else this.fail(`bad operand ${JSON.stringify(o)}`);
  }

  private rt(name: RuntimeFunction): void { this.code.call(this.ctx.rt(name)); }

  /** Charge one step of the budget: `if (--fuel < 0) rt_out_of_fuel()`. */
  private step(): void {
    const b = this.ctx.budget;
    if (!b) return;
    this.code.globalGet(b.fuelGlobal).i32Const(1).i32Sub().globalSet(b.fuelGlobal)
      .globalGet(b.fuelGlobal).i32Const(0).i32LtS();
    this.open(WASM_FRAME, "if");
    this.rt("rt_out_of_fuel");
    this.code.drop();
    this.close();
  }

  private abort(loc: Loc, message: string): void {
    this.code.i32Const(this.ctx.message(loc, message));
    this.rt("rt_abort");
    this.code.drop().unreachable();
  }

  private stmt(s: Stmt): void {
    const c = this.code;
    switch (s.op) {
      case "block":
        this.irBlock(s.body);
        return;
      case "break":
        if (!Number.isInteger(s.depth) || s.depth < 0) this.fail(`bad break depth ${s.depth}`);
        this.exit(s.depth, false);
        return;
      case "scan": {
        const src = this.newScratch(), n = this.newScratch(), i = this.newScratch();
        c.localGet(this.checkLocal(s.source)).localTee(src);
        this.rt("rt_iter_count");
        c.localSet(n).i32Const(0).localSet(i);
        this.checkLocal(s.key);
        this.checkLocal(s.value);
        this.open(WASM_FRAME);
        this.open(WASM_FRAME, "loop");
        c.localGet(i).localGet(n).i32GeU().brIf(1);
        this.step();
        c.localGet(src).localGet(i);
        this.rt("rt_iter_key");
        c.localSet(s.key).localGet(src).localGet(i);
        this.rt("rt_iter_value");
        c.localSet(s.value);
        this.irBlock(s.body);
        c.localGet(i).i32Const(1).i32Add().localSet(i).br(0);
        this.close();
        this.close();
        return;
      }
      case "not":
        this.open(IR_FRAME);
        this.stmts(s.body);
        // The body completed: `not` is undefined, i.e. exit the block enclosing the `not`.
        this.exit(1, false);
        this.close();
        return;
      case "with":
        this.rt("rt_with_enter");
        c.drop();
        this.irBlock(s.body, WITH_FRAME);
        this.rt("rt_with_exit");
        c.drop();
        return;
      case "call": {
        const callee = this.ctx.callee(s.func);
        if (s.args.length !== callee.params) this.fail(`call ${s.func} with ${s.args.length} arguments; it takes ${callee.params}`);
        if (this.ctx.budget && s.func.startsWith("bi_") && !UNCHARGED_BUILTINS.has(s.func)) {
          // builtins that scan strings pay for their length (operators: the runtime charges them)
          for (const a of s.args) { this.operand(a); this.rt("rt_charge_string"); c.drop(); }
        }
        if (callee.host) c.i32Const(callee.host.id);
        for (const a of s.args) this.operand(a);
        if (callee.host?.now) c.i32Const(callee.host.now.id).call(callee.host.now.index);
        c.call(callee.index);
        if (s.allowUndefined) c.localSet(this.checkLocal(s.result));
        else { c.localTee(this.checkLocal(s.result)); this.undefinedIfZero(); }
        return;
      }
      case "assign":
        this.operand(s.source);
        c.localSet(this.checkLocal(s.target));
        return;
      case "assignOnce": {
        // if target is undefined: target := source; else if source != target (also when source
        // is undefined): abort.
        const t = this.checkLocal(s.target);
        c.localGet(t).i32Eqz();
        this.open(WASM_FRAME, "if");
        this.operand(s.source);
        c.localSet(t).else().localGet(t);
        this.operand(s.source);
        this.rt("rt_equal");
        c.i32Eqz();
        this.open(WASM_FRAME, "if");
        this.abort(s.loc, s.message);
        this.close();
        this.close();
        return;
      }
      case "reset":
        c.i32Const(0).localSet(this.checkLocal(s.target));
        return;
      case "isDefined":
        c.localGet(this.checkLocal(s.source));
        this.undefinedIfZero();
        return;
      case "isUndefined":
        this.operand(s.source);
        this.undefinedIf();
        return;
      case "equal":
        this.operand(s.a);
        this.operand(s.b);
        this.rt("rt_equal");
        this.undefinedIfZero();
        return;
      case "notEqual":
        this.operand(s.a);
        this.undefinedIfZero();
        this.operand(s.b);
        this.undefinedIfZero();
        this.operand(s.a);
        this.operand(s.b);
        this.rt("rt_equal");
        this.undefinedIf();
        return;
      case "notFalse":
        this.operand(s.source);
        this.undefinedIfZero();
        this.operand(s.source);
        this.rt("rt_is_false");
        this.undefinedIf();
        return;
      case "dot":
        this.operand(s.source);
        this.operand(s.key);
        this.rt("rt_dot");
        c.localTee(this.checkLocal(s.target));
        this.undefinedIfZero();
        return;
      case "len": {
        // Unlike `dot`, an undefined `len` leaves `target` unchanged (as the reference interpreter).
        const tmp = this.temp();
        this.operand(s.source);
        this.rt("rt_len");
        c.localTee(tmp);
        this.undefinedIfZero();
        c.localGet(tmp).localSet(this.checkLocal(s.target));
        return;
      }
      case "make":
        this.rt(s.type === "array" ? "rt_make_array" : s.type === "object" ? "rt_make_object" : "rt_make_set");
        c.localSet(this.checkLocal(s.target));
        return;
      case "arrayAppend":
        c.localGet(this.checkLocal(s.array));
        this.operand(s.value);
        this.rt("rt_array_append");
        this.undefinedIfZero();
        return;
      case "objectInsert":
        c.localGet(this.checkLocal(s.object));
        this.operand(s.key);
        this.operand(s.value);
        this.rt("rt_object_insert");
        this.undefinedIfZero();
        return;
      case "objectInsertOnce":
        this.operand(s.key);
        this.undefinedIfZero();
        this.operand(s.value);
        this.undefinedIfZero();
        c.localGet(this.checkLocal(s.object));
        this.operand(s.key);
        this.operand(s.value);
        this.rt("rt_object_insert_once");
        c.i32Eqz();
        this.open(WASM_FRAME, "if");
        this.abort(s.loc, "object insert conflict");
        this.close();
        return;
      case "setAdd":
        c.localGet(this.checkLocal(s.set));
        this.operand(s.value);
        this.rt("rt_set_add");
        this.undefinedIfZero();
        return;
      case "memoGet":
        c.i32Const(this.checkSlot(s.slot));
        this.rt("rt_memo_get");
        c.localSet(this.checkLocal(s.target));
        return;
      case "memoSet":
        c.i32Const(this.checkSlot(s.slot)).localGet(this.checkLocal(s.source));
        this.rt("rt_memo_set");
        c.drop();
        return;
      case "abort":
        this.abort(s.loc, s.message);
        return;
      default: {
        const never: never = s;
        this.fail(`unknown statement ${JSON.stringify(never)}`);
      }
    }
  }
}
