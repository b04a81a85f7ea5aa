/**
 * The planner: checked, reordered modules (output of the compile passes) → IR `Policy`.
 *
 * One `Func` per rule path (params: input, data, then function arguments), one `Func` per
 * package node referenced as a whole (`data.lib`), one `Plan` per entrypoint. Bodies are planned
 * literal by literal in continuation style: planning a literal receives a continuation `k` that
 * plans the rest of the body *inside* whatever the literal opened (a `scan` for iteration, a
 * nested block for a comprehension), so a statement that is undefined exits to the next
 * iteration or fails the body. Variable bindings live only while their continuation is planned.
 */
import type { Diagnostic, SourceMap, Span } from "../../../diagnostics/diagnostic.js";
import { lineCol } from "../../../diagnostics/diagnostic.js";
import type { Body, Every, Expr, Literal, Module, Rule, Term, WithModifier } from "../../syntax/ast.js";
import { builtinExportName } from "../runtime-abi.js";
import { displayName, eachVar, exprTerms as exprTermsOf, groundRootPath, isRoot, mapTerm } from "../compile/ast-util.js";
import { error, indexRules, ruleId, treeNode, type RuleGroup, type RuleIndex, type TreeNode } from "../compile/program.js";
import { withFunctionTarget, withFunctionValue } from "../compile/check-with.js";
import { outOfScopeReason } from "../compile/opa-builtins.js";
import type { ConstValue, Func, Loc, Local, Operand, Plan, Policy, Stmt } from "../ir/ir.js";

type K = () => void;
type KV = (o: Operand) => void;

const INFIX_BUILTINS: Readonly<Record<string, string>> = {
  "+": "plus", "-": "minus", "*": "mul", "/": "div", "%": "rem", "&": "and", "|": "or",
  "==": "equal", "!=": "neq", "<": "lt", "<=": "lte", ">": "gt", ">=": "gte",
};

/** The data key under which function replacements computed at run time travel (see withLiteral). */
const MOCK_KEY = "$gpc_mock";

const MSG_COMPLETE = "complete rules must not produce multiple outputs";
const MSG_FUNCTION = "functions must not produce multiple outputs for same inputs";

/** Per-function planning state. */
class FuncCtx {
  locals: number;
  stmts: Stmt[] = [];
  /** The function's top-level statement list (`stmts` is the list being planned into). */
  readonly root = this.stmts;
  readonly vars = new Map<string, Local>();
  input: Local = 0;
  data: Local = 1;
  /** Leaf paths of the object a rule function builds (general ref heads; see insertPath). */
  leaves: Local | undefined;
  constructor(readonly params: number) {
    this.locals = params;
  }
  local(): Local {
    return this.locals++;
  }
}

export class Planner {
  readonly diagnostics: Diagnostic[] = [];
  /** The rule definition being planned (for the diagnostic when planning exhausts the stack). */
  planning: { readonly id: string; readonly span: Span } | undefined;
  private readonly index: RuleIndex;
  private readonly constants: ConstValue[] = [];
  private readonly constKeys = new Map<string, number>();
  private readonly funcs: Func[] = [];
  private readonly planned = new Set<string>();
  private readonly memo = new Map<string, number>();
  private ctx: FuncCtx = new FuncCtx(2);
  /** Rules some `with data.<rule path> as …` replaces: their functions first read `data`. */
  private readonly mocked: ReadonlySet<string>;
  /**
   * Function mocks in force (`with f as …`), by callee name. Functions planned while mocks are in
   * force are specialised copies named `<id><mockSuffix>`; they run only inside that `with`.
   */
  private mocks = new Map<string, { readonly value: ConstValue } | { readonly func: string } | { readonly slot: string }>();
  private mockSuffix = "";
  private mockCount = 0;

  constructor(
    modules: readonly Module[],
    private readonly builtins: ReadonlyMap<string, number>,
    private readonly sources?: SourceMap,
  ) {
    this.index = indexRules(modules);
    this.mocked = mockedRules(modules, this.index);
  }

  plan(entrypoints: readonly string[]): Policy {
    const plans: Plan[] = [];
    for (const ep of entrypoints) {
      const path = ep.split("/").filter((s) => s !== "");
      const g = this.index.groups.get(ruleId(path));
      const span = this.anySpan();
      if (g) {
        if (g.kind === "function") {
          this.diagnostics.push(error("rego-compile", `entrypoint ${ep} is a function; entrypoints must be rules or packages`, g.defs[0]!.rule.nameSpan));
          continue;
        }
        plans.push({ name: ep, func: this.groupFunc(g) });
        continue;
      }
      const node = path.length > 0 ? treeNode(this.index.tree, path) : undefined;
      if (node) {
        plans.push({ name: ep, func: this.nodeFunc(path, node) });
        continue;
      }
      // An entrypoint inside a rule's value (`ex/bar/x`: the element "x" of the set `bar`) is the
      // query `data.ex.bar.x`, as `opa build -e` plans it.
      const inRule = path.some((_, n) => { const h = this.index.groups.get(ruleId(path.slice(0, n + 1))); return h !== undefined && h.kind !== "function"; });
      if (inRule && span) {
        const name = `query:${ep}`;
        this.inFunc(name, 2, (result) => {
          const segs: Term[] = path.map((v) => ({ kind: "scalar", span, value: v }));
          this.dataRef(segs, span, (o) => this.emit({ op: "assign", source: o, target: result }));
        });
        plans.push({ name: ep, func: name });
        continue;
      }
      this.diagnostics.push(error("rego-compile", `unknown entrypoint ${ep}: no rule or package data.${path.join(".")}`, span));
    }
    return { constants: this.constants, funcs: this.funcs, plans, memoSlots: this.memo.size };
  }

  private anySpan(): Span | undefined {
    for (const g of this.index.groups.values()) return { ...g.defs[0]!.module.packageSpan };
    return undefined;
  }

  // ---------------------------------------------------------------- constants and locations

  private constOf(v: ConstValue): Operand {
    const key = JSON.stringify(v);
    let i = this.constKeys.get(key);
    if (i === undefined) {
      i = this.constants.length;
      this.constants.push(v);
      this.constKeys.set(key, i);
    }
    return { const: i };
  }

  private loc(span: Span): Loc {
    const text = this.sources?.[span.file];
    if (text === undefined) return { file: span.file, row: 0, col: 0 };
    const { line, col } = lineCol(text, span.start);
    return { file: span.file, row: line, col };
  }

  private fail(code: "rego-compile" | "rego-unsupported", msg: string, span: Span): void {
    this.diagnostics.push(error(code, msg, span));
  }

  // ---------------------------------------------------------------- emission helpers

  private emit(s: Stmt): void {
    this.ctx.stmts.push(s);
  }

  /** Plan `f` into a fresh statement list and return it. */
  private collect(f: K): Stmt[] {
    const prev = this.ctx.stmts;
    const out: Stmt[] = [];
    this.ctx.stmts = out;
    try { f(); } finally { this.ctx.stmts = prev; }
    return out;
  }

  private block(f: K): void {
    this.emit({ op: "block", body: this.collect(f) });
  }

  private toLocal(o: Operand): Local {
    if ("local" in o) return o.local;
    const l = this.ctx.local();
    this.emit({ op: "assign", source: o, target: l });
    return l;
  }

  private bind(name: string, o: Operand, k: K): void {
    const l = this.toLocal(o);
    const prev = this.ctx.vars.get(name);
    this.ctx.vars.set(name, l);
    try { k(); } finally {
      if (prev === undefined) this.ctx.vars.delete(name);
      else this.ctx.vars.set(name, prev);
    }
  }

  private builtin(name: string, span: Span): string | undefined {
    if (!this.builtins.has(name)) {
      const why = outOfScopeReason(name);
      this.fail("rego-unsupported", `builtin ${name} is not supported${why ? `: ${why}` : ""}`, span);
      return undefined;
    }
    return builtinExportName(name);
  }

  // ---------------------------------------------------------------- functions

  /** A new function context; restores the previous one after `f`. */
  private inFunc(name: string, params: number, f: (result: Local) => void): void {
    const prev = this.ctx;
    this.ctx = new FuncCtx(params);
    const result = this.ctx.local();
    try {
      f(result);
      this.funcs.push({ name, params, locals: this.ctx.locals, body: this.ctx.stmts, result });
    } finally {
      this.ctx = prev;
    }
  }

  /** The function of a rule path, planned on first use. */
  private groupFunc(g: RuleGroup): string {
    const name = g.id + this.mockSuffix;
    if (this.planned.has(name)) return name;
    this.planned.add(name);
    const memo = g.kind !== "function";
    const slot = memo ? this.memoSlot(g.id) : -1;
    this.inFunc(name, 2 + g.arity, (result) => {
      if (memo) this.emit({ op: "memoGet", slot, target: result });
      if (this.mocked.has(g.id)) {
        // `with data.<this rule> as v` put v into the data document: it replaces the rule.
        this.block(() => {
          this.emit({ op: "isUndefined", source: { local: result } });
          this.emit({ op: "assign", source: this.dotPath({ local: 1 }, g.path), target: result });
        });
      }
      // `with data.<package above this rule> as v` replaces the whole subtree: the rule's value
      // is then v's value at the rule's path, maybe undefined (the marker tells it is replaced).
      // (`with data as v` replaces the root: every rule then reads v.)
      const markers = g.kind === "function" ? [] : g.path.map((_, i) => nodeMarker(g.path.slice(0, i))).filter((m) => this.mocked.has(m));
      let replaced: Local | undefined;
      if (markers.length > 0) {
        const r = this.ctx.local();
        replaced = r;
        this.emit({ op: "reset", target: r });
        for (const m of markers) {
          this.block(() => {
            const all = this.ctx.local();
            const flag = this.ctx.local();
            this.emit({ op: "dot", source: { local: 1 }, key: this.constOf({ t: "string", v: MOCK_KEY }), target: all });
            this.emit({ op: "dot", source: { local: all }, key: this.constOf({ t: "string", v: m }), target: flag });
            this.emit({ op: "assign", source: { local: flag }, target: r });
          });
        }
        this.block(() => {
          this.emit({ op: "isDefined", source: r });
          this.emit({ op: "assign", source: this.dotPath({ local: 1 }, g.path), target: result });
        });
      }
      this.block(() => {
        if (replaced !== undefined) this.emit({ op: "isUndefined", source: { local: replaced } });
        if (memo) this.emit({ op: "isUndefined", source: { local: result } });
        if (g.kind === "partialSet") this.emit({ op: "make", type: "set", target: result });
        if (g.kind === "partialObject") this.emit({ op: "make", type: "object", target: result });
        const defaults: Rule[] = [];
        for (const { rule } of g.defs) {
          if (rule.isDefault) defaults.push(rule);
          else this.planDef(g, rule, result);
        }
        if (g.kind === "partialObject") this.extentEntries(g.path, result);
        for (const d of defaults) {
          this.block(() => {
            this.emit({ op: "isUndefined", source: { local: result } });
            this.ctx.vars.clear();
            this.unifyArgs(d, () => this.term(d.value, d.span, (v) => this.emit({ op: "assign", source: v, target: result })));
          });
        }
        if (memo) this.emit({ op: "memoSet", slot, source: result });
      });
    });
    return name;
  }

  /**
   * The rules in the extent of an object rule (`a[k] := v` beside `a.b := 2`, `a.c.d contains 3`):
   * each defined one puts its value at its path into the object, as general ref heads do.
   */
  private extentEntries(path: readonly string[], result: Local): void {
    const root = treeNode(this.index.tree, path);
    if (!root) return;
    const loc = this.loc(this.index.groups.get(ruleId(path))!.defs[0]!.rule.span);
    const visit = (node: TreeNode, rel: string[]): void => {
      for (const [key, child] of [...node.children].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        const g = child.group;
        if (!g) { visit(child, [...rel, key]); continue; }
        if (g.kind === "function") continue;
        const keys = [...rel, key].map((k) => this.constOf({ t: "string", v: k }));
        const v = this.ctx.local();
        this.block(() => {
          this.emit({ op: "call", func: this.groupFunc(g), args: [{ local: this.ctx.input }, { local: this.ctx.data }], result: v });
          if (g.kind === "complete") return this.insertPath(result, keys, { local: v }, false, loc);
          // A set's elements join the set at that path; an object's entries go one level down.
          this.scan({ local: v }, (k, x) => {
            if (g.kind === "partialSet") this.insertPath(result, keys, { local: x }, true, loc);
            else this.insertPath(result, [...keys, { local: k }], { local: x }, false, loc);
          });
        });
      }
    };
    visit(root, []);
  }

  /**
   * Put `leaf` at `keys` into the object `result` that this function builds: intermediate objects
   * are created (or copied, never mutated in place), a set leaf (`multi`) receives the element,
   * another leaf must be equal to one already there. As OPA's rule tree: descending into a
   * non-object, or into another rule's value (the `leaves` recorded per function), conflicts.
   */
  private insertPath(result: Local, keys: readonly Operand[], leaf: Operand, multi: boolean, loc: Loc): void {
    const leaves = this.leavesLocal();
    const conflict = (): void => { this.emit({ op: "abort", loc, message: "object insert conflict" }); };
    const prefix = (n: number): Operand => {
      const arr = this.ctx.local();
      this.emit({ op: "make", type: "array", target: arr });
      for (let i = 0; i < n; i++) this.emit({ op: "arrayAppend", array: arr, value: keys[i]! });
      return { local: arr };
    };
    let cur = result;
    const n = keys.length;
    for (let i = 0; i < n; i++) {
      const last = i === n - 1;
      if (last && !multi) {
        this.emit({ op: "objectInsertOnce", object: cur, key: keys[i]!, value: leaf, loc });
        this.emit({ op: "setAdd", set: leaves, value: prefix(n) });
        return;
      }
      if (!last || multi) {
        // A path through another rule's leaf value (`p[q].r := {…}` and `p.q.r.s := 1`) conflicts.
        this.block(() => {
          const hit = this.ctx.local();
          this.emit({ op: "dot", source: { local: leaves }, key: prefix(i + 1), target: hit });
          conflict();
        });
      }
      const existing = this.ctx.local();
      const child = this.ctx.local();
      this.emit({ op: "reset", target: existing });
      this.block(() => {
        const t = this.ctx.local();
        this.emit({ op: "dot", source: { local: cur }, key: keys[i]!, target: t });
        this.emit({ op: "assign", source: { local: t }, target: existing });
      });
      const type = last ? "set" : "object";
      this.emit({ op: "make", type, target: child });
      this.block(() => {
        this.emit({ op: "isDefined", source: existing });
        const ok = this.ctx.local();
        this.emit({ op: "call", func: builtinExportName(last ? "is_set" : "is_object"), args: [{ local: existing }], result: ok });
        this.block(() => { this.emit({ op: "equal", a: { local: ok }, b: this.constOf({ t: "bool", v: false }) }); conflict(); });
        this.scan({ local: existing }, (k, x) => {
          if (last) this.emit({ op: "setAdd", set: child, value: { local: x } });
          else this.emit({ op: "objectInsert", object: child, key: { local: k }, value: { local: x } });
        });
      });
      if (last) this.emit({ op: "setAdd", set: child, value: leaf });
      this.emit({ op: "objectInsert", object: cur, key: keys[i]!, value: { local: child } });
      cur = child;
    }
  }

  /** The set of leaf paths of the object the current function builds (see insertPath). */
  private leavesLocal(): Local {
    if (this.ctx.leaves === undefined) {
      const l = this.ctx.local();
      this.ctx.leaves = l;
      this.ctx.root.unshift({ op: "make", type: "set", target: l });
    }
    return this.ctx.leaves;
  }

  /** The value at `path` below `from` (one `dot` per segment; undefined when a segment is missing). */
  private dotPath(from: Operand, path: readonly string[]): Operand {
    let cur = from;
    for (const seg of path) {
      const t = this.ctx.local();
      this.emit({ op: "dot", source: cur, key: this.constOf({ t: "string", v: seg }), target: t });
      cur = { local: t };
    }
    return cur;
  }

  private memoSlot(id: string): number {
    let s = this.memo.get(id);
    if (s === undefined) { s = this.memo.size; this.memo.set(id, s); }
    return s;
  }

  /** Function arguments: unify each parameter pattern with its parameter local. */
  private unifyArgs(rule: Rule, k: K): void {
    const args = rule.args ?? [];
    const go = (i: number): void => {
      if (i === args.length) return k();
      this.unifyWith(args[i]!, { local: 2 + i }, () => go(i + 1));
    };
    go(0);
  }

  /** One definition (body, head, else chain) of a rule path. */
  private planDef(g: RuleGroup, rule: Rule, result: Local): void {
    this.planning = { id: g.id, span: rule.span };
    const loc = this.loc(rule.span);
    const message = g.kind === "function" ? MSG_FUNCTION : MSG_COMPLETE;
    const body = rule.bodies[0] ?? [];
    const run = (b: Body, k: K) => {
      this.ctx.vars.clear();
      this.block(() => this.unifyArgs(rule, () => this.body(b, 0, k)));
    };
    switch (g.kind) {
      case "partialSet":
        run(body, () => this.term(rule.key, rule.span, (v) => this.emit({ op: "setAdd", set: result, value: v })));
        return;
      case "partialObject":
        if (rule.general) {
          const { depth, multi } = rule.general;
          run(body, () => this.term(rule.key, rule.span, (path) => this.term(rule.value, rule.span, (value) => {
            const keys: Operand[] = [];
            for (let i = 0; i < depth; i++) {
              const t = this.ctx.local();
              this.emit({ op: "dot", source: path, key: this.constOf({ t: "number", text: String(i) }), target: t });
              keys.push({ local: t });
            }
            this.insertPath(result, keys, value, multi, loc);
          })));
          return;
        }
        run(body, () => this.term(rule.key, rule.span, (key) =>
          this.term(rule.value, rule.span, (value) => this.emit({ op: "objectInsertOnce", object: result, key, value, loc }))));
        return;
      default: {
        if (rule.else.length === 0) {
          run(body, () => this.term(rule.value, rule.span, (v) =>
            this.emit({ op: "assignOnce", source: v, target: result, loc, message })));
          return;
        }
        const v = this.ctx.local();
        this.emit({ op: "reset", target: v });
        run(body, () => this.term(rule.value, rule.span, (x) =>
          this.emit({ op: "assignOnce", source: x, target: v, loc, message })));
        for (const e of rule.else) {
          this.ctx.vars.clear();
          this.block(() => {
            this.emit({ op: "isUndefined", source: { local: v } });
            this.unifyArgs(rule, () => this.body(e.body, 0, () => this.term(e.value, e.span, (x) =>
              this.emit({ op: "assignOnce", source: x, target: v, loc: this.loc(e.span), message }))));
          });
        }
        this.block(() => {
          this.emit({ op: "isDefined", source: v });
          this.emit({ op: "assignOnce", source: { local: v }, target: result, loc, message });
        });
      }
    }
  }

  /**
   * The function building the object of a tree node (`data.lib` as a whole): each rule below it
   * that is defined, merged with the base document at that path (the base value wins an overlap
   * that is not two objects, as in OPA's evaluator).
   */
  private nodeFunc(path: readonly string[], node: TreeNode): string {
    const name = ruleId(path) + this.mockSuffix;
    if (this.planned.has(name)) return name;
    this.planned.add(name);
    const slot = this.memoSlot(ruleId(path));
    this.inFunc(name, 2, (result) => {
      this.emit({ op: "memoGet", slot, target: result });
      this.block(() => {
        this.emit({ op: "isUndefined", source: { local: result } });
        this.emit({ op: "make", type: "object", target: result });
        for (const [key, child] of [...node.children].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
          if (child.group?.kind === "function") continue;
          const f = child.group ? this.groupFunc(child.group) : this.nodeFunc([...path, key], child);
          const v = this.ctx.local();
          this.block(() => {
            this.emit({ op: "call", func: f, args: [{ local: 0 }, { local: 1 }], result: v });
            this.emit({ op: "objectInsert", object: result, key: this.constOf({ t: "string", v: key }), value: { local: v } });
          });
        }
        if (this.builtins.has("object.union")) {
          this.block(() => {
            let cur: Operand = { local: 1 };
            for (const seg of path) {
              const t = this.ctx.local();
              this.emit({ op: "dot", source: cur, key: this.constOf({ t: "string", v: seg }), target: t });
              cur = { local: t };
            }
            // OPA's evalTree.extent merges the rules' values into the base document: objects
            // deeply, any other overlap keeps the base value.
            const merged = this.ctx.local();
            this.emit({ op: "call", func: builtinExportName("object.union"), args: [{ local: result }, cur], result: merged });
            this.emit({ op: "assign", source: { local: merged }, target: result });

          });
        }
        this.emit({ op: "memoSet", slot, source: result });
      });
    });
    return name;
  }

  // ---------------------------------------------------------------- bodies and literals

  /**
   * Plan literals `i…` of a body, then `k`. Continuation style nests each literal's rest inside
   * it; a literal whose continuation runs at the end of the very statement list it started in
   * (no block or scan opened) has its rest planned here instead, in a loop, at the same place
   * (statements it emitted after calling the continuation move after the rest), so that long
   * bodies do not deepen the stack.
   */
  private body(b: Body, i: number, k: K): void {
    const entry = new Map(this.ctx.vars);
    const list = this.ctx.stmts;
    const tails: Stmt[][] = [];
    try {
      for (;;) {
        if (i === b.length) return k();
        let at: { idx: number; vars: Map<string, Local> } | undefined;
        let calls = 0;
        const next = i + 1;
        this.literal(b[i]!, () => {
          if (++calls === 1 && this.ctx.stmts === list) { at = { idx: list.length, vars: new Map(this.ctx.vars) }; return; }
          this.body(b, next, k);
        });
        const d = at as { idx: number; vars: Map<string, Local> } | undefined;
        if (!d) return;
        tails.push(list.splice(d.idx));
        this.ctx.vars.clear();
        d.vars.forEach((v, n) => this.ctx.vars.set(n, v));
        i = next;
      }
    } finally {
      for (let t = tails.length - 1; t >= 0; t--) list.push(...tails[t]!);
      this.ctx.vars.clear();
      entry.forEach((v, n) => this.ctx.vars.set(n, v));
    }
  }

  private literal(l: Literal, k: K): void {
    if (l.with.length > 0) return this.withLiteral(l, k);
    if (l.negated) return this.negate((k2) => this.expr(l.expr, k2), k);
    this.expr(l.expr, k);
  }

  /**
   * `not e`: `k` runs when `inner` has no solution. Without iteration inside, a `not` block;
   * with iteration, a flag set by any solution and tested after the block.
   */
  private negate(inner: (k: K) => void, k: K): void {
    const saved = new Map(this.ctx.vars);
    const restore = () => { this.ctx.vars.clear(); saved.forEach((v, n) => this.ctx.vars.set(n, v)); };
    const body = this.collect(() => inner(() => {}));
    restore();
    if (!containsScan(body)) {
      this.emit({ op: "not", body });
      return k();
    }
    const flag = this.ctx.local();
    this.emit({ op: "reset", target: flag });
    this.block(() => inner(() => this.emit({ op: "assign", source: this.constOf({ t: "bool", v: true }), target: flag })));
    restore();
    this.emit({ op: "isUndefined", source: { local: flag } });
    k();
  }

  private withLiteral(l: Literal, k: K): void {
    // Function mocks first: they need no statements, only specialised planning.
    const mocks = new Map(this.mocks);
    const docs: WithModifier[] = [];
    const fns = l.with.filter((w) => withFunctionTarget(w.target, this.index, this.builtins) !== undefined).length;
    const mockSuffix = fns > 0 ? `#with${++this.mockCount}` : this.mockSuffix;
    for (const w of l.with) {
      const fn = withFunctionTarget(w.target, this.index, this.builtins);
      if (fn === undefined) { docs.push(w); continue; }
      const v = withFunctionValue(w.value, this.index, this.builtins);
      if ("func" in v) mocks.set(fn, { func: v.func });
      else if ("const" in v) mocks.set(fn, { value: groundConst(v.const)! });
      else {
        // A value computed at run time travels to the (specialised) callees in the data
        // document, under a key no Rego reference can spell: data["$gpc_mock"]["<n>:<fn>"].
        const slot = `${mockSuffix}:${fn}`;
        mocks.set(fn, { slot });
        const span = w.target.span;
        const seg = (v: string): Term => ({ kind: "scalar", span, value: v });
        docs.push({ ...w, target: { kind: "ref", span, head: { kind: "var", span, name: "data" }, path: [seg(MOCK_KEY), seg(slot)] } });
      }
    }
    // The values of function mocks travel under data["$gpc_mock"]: upserted after the documents
    // the modifiers replace, so that `with data as v` does not drop them.
    const internal = (w: WithModifier) => w.target.path[0]?.kind === "scalar" && w.target.path[0].value === MOCK_KEY;
    docs.sort((a, b) => Number(internal(a)) - Number(internal(b)));
    const go = (i: number, input: Local, data: Local): void => {
      if (i === docs.length) {
        const saved = { input: this.ctx.input, data: this.ctx.data, mocks: this.mocks, mockSuffix: this.mockSuffix };
        const enter = () => {
          this.ctx.input = input;
          this.ctx.data = data;
          this.mocks = mocks;
          this.mockSuffix = mockSuffix;
        };
        const leave = () => {
          this.ctx.input = saved.input;
          this.ctx.data = saved.data;
          this.mocks = saved.mocks;
          this.mockSuffix = saved.mockSuffix;
        };
        const body = this.collect(() => {
          enter();
          try {
            const plain: Literal = { ...l, with: [] };
            this.literal(plain, () => {
              leave();
              k();
              enter();
            });
          } finally {
            leave();
          }
        });
        this.emit({ op: "with", body });
        return;
      }
      const w = docs[i]!;
      const head = w.target.head;
      const target = groundRootPath(w.target);
      if (head.kind === "var" && head.name === "data" && target && this.mocked.has(nodeMarker(target)) && !w.target.path.some((p) => p.kind === "scalar" && p.value === MOCK_KEY)) {
        // Replacing a package: also mark it replaced, so that its rules read the new value.
        const span = w.target.span;
        const seg = (v: string): Term => ({ kind: "scalar", span, value: v });
        docs.splice(i + 1, 0, { ...w, target: { ...w.target, path: [seg(MOCK_KEY), seg(nodeMarker(target))] }, value: { kind: "scalar", span, value: true } });
      }
      const isInput = head.kind === "var" && head.name === "input";
      const path = w.target.path.map((p) => (p.kind === "scalar" ? p.value : null));
      const pathConst = this.constOf({ t: "array", items: path.map((s) => ({ t: "string", v: String(s) })) });
      this.term(w.value, w.span, (v) => {
        const out = this.ctx.local();
        this.emit({ op: "call", func: "rt_upsert", args: [{ local: isInput ? input : data }, pathConst, v], result: out });
        if (isInput) go(i + 1, out, data);
        else go(i + 1, input, out);
      });
    };
    go(0, this.ctx.input, this.ctx.data);
  }

  private expr(e: Expr, k: K): void {
    switch (e.kind) {
      case "someDecl":
        return k();
      case "someIn":
        return this.term(e.collection, e.span, (coll) =>
          this.scan(coll, (key, value) => {
            const unifyValue = () => this.unifyWith(e.value, { local: value }, k);
            if (e.key) this.unifyWith(e.key, { local: key }, unifyValue);
            else unifyValue();
          }));
      case "every":
        return this.every(e, k);
      case "termExpr":
        return this.termExpr(e.term, k);
    }
  }

  /**
   * `a and b`, `a or b` (the parser's `internal.logical_and|or({true | a}, {true | b})`): each
   * operand body only tested for being defined, no binding kept, evaluated lazily as OPA does —
   * `and` skips the rhs when the lhs is undefined, `or` when it is defined.
   */
  private logical(t: Term & { kind: "call" }, k: K): void {
    const operand = (x: Term | undefined): Body => {
      if (x?.kind !== "setCompr") throw new Error(`${t.name}: operand is not a body`);
      return x.body;
    };
    const [a, b] = [operand(t.args[0]), operand(t.args[1])];
    const defined = (body: Body, k2: K) => this.negate((k3) => this.negate((k4) => this.body(body, 0, k4), k3), k2);
    if (t.name === "internal.logical_and") return defined(a, () => defined(b, k));
    const flag = this.ctx.local();
    this.emit({ op: "reset", target: flag });
    const yes = () => this.emit({ op: "assign", source: this.constOf({ t: "bool", v: true }), target: flag });
    this.block(() => defined(a, yes));
    this.block(() => { this.emit({ op: "isUndefined", source: { local: flag } }); defined(b, yes); });
    this.emit({ op: "isDefined", source: flag });
    k();
  }

  private every(e: Every, k: K): void {
    this.term(e.collection, e.span, (coll) => {
      // The domain must be a collection (OPA: a non-iterable domain fails the expression).
      const n = this.ctx.local();
      this.emit({ op: "len", source: coll, target: n });
      if (this.builtins.has("is_string")) {
        const isStr = this.ctx.local();
        this.emit({ op: "not", body: [
          { op: "call", func: builtinExportName("is_string"), args: [coll], result: isStr },
          { op: "notFalse", source: { local: isStr } },
        ] });
      }
      const fail = this.ctx.local();
      this.emit({ op: "reset", target: fail });
      this.scan(coll, (key, value) => {
        const inner = (k2: K) => {
          const withValue = () => this.bind(e.value.name, { local: value }, () => this.body(e.body, 0, k2));
          if (e.key) this.bind(e.key.name, { local: key }, withValue);
          else withValue();
        };
        this.negate(inner, () => this.emit({ op: "assign", source: this.constOf({ t: "bool", v: true }), target: fail }));
      });
      this.emit({ op: "isUndefined", source: { local: fail } });
      k();
    });
  }

  private termExpr(t: Term, k: K): void {
    if (t.kind === "infix") {
      switch (t.op) {
        case ":=":
        case "=":
          return this.unify(t.left, t.right, k);
        case "==":
        case "!=": {
          const op = t.op === "==" ? "equal" : "notEqual";
          // The side whose refs bind variables first (`foo == input.foos[foo]`).
          if (this.bindsInRef(t.left) || !this.bindsInRef(t.right)) {
            return this.term(t.left, t.span, (a) => this.term(t.right, t.span, (b) => { this.emit({ op, a, b }); k(); }));
          }
          return this.term(t.right, t.span, (b) => this.term(t.left, t.span, (a) => { this.emit({ op, a, b }); k(); }));
        }
        default:
          break;
      }
    }
    if (t.kind === "call") {
      if (t.name === "print") return k();
      if (t.name === "internal.logical_and" || t.name === "internal.logical_or") return this.logical(t, k);
      if (t.name === "trace") return this.term(t.args[0], t.span, () => k());
      const arity = t.name.startsWith("data.") ? this.index.groups.get(t.name)?.arity : this.builtins.get(t.name);
      if (arity !== undefined && t.args.length === arity + 1) {
        // Output form: `f(a, b, out)` unifies the result with the last argument.
        return this.call(t.name, t.args.slice(0, arity), t.span, (r) => this.unifyWith(t.args[arity]!, r, k));
      }
    }
    this.term(t, t.span, (v) => {
      this.emit({ op: "notFalse", source: v });
      k();
    });
  }

  // ---------------------------------------------------------------- unification

  /** Does `t` hold a ref whose path binds a variable not bound yet (`xs[i]`)? */
  private bindsInRef(t: Term): boolean {
    let any = false;
    eachVar(t, (v, inPath) => { if (inPath && !isRoot(v.name) && !this.ctx.vars.has(v.name)) any = true; });
    return any;
  }

  /** Is `t` a pattern with unbound vars (outside ref positions, which iterate)? */
  private hasUnbound(t: Term): boolean {
    let found = false;
    eachVar(t, (v, inPath) => {
      if (!inPath && !isRoot(v.name) && !this.ctx.vars.has(v.name)) found = true;
    });
    return found;
  }

  private unify(a: Term, b: Term, k: K): void {
    if (a.kind === "var" && !isRoot(a.name) && !this.ctx.vars.has(a.name)) {
      return this.term(b, b.span, (o) => this.bind(a.name, o, k));
    }
    if (b.kind === "var" && !isRoot(b.name) && !this.ctx.vars.has(b.name)) {
      return this.term(a, a.span, (o) => this.bind(b.name, o, k));
    }
    if (a.kind === "array" && b.kind === "array") {
      if (a.items.length !== b.items.length) return; // never unifies: the body has no solution here
      return this.unifyPairs(a.items.map((x, i) => [x, b.items[i]!]), k);
    }
    if (a.kind === "object" && b.kind === "object" && this.hasUnbound(a) && this.hasUnbound(b)) {
      if (a.entries.length !== b.entries.length) return;
      const pairs: [Term, Term][] = [];
      for (const [ka, va] of a.entries) {
        const m = b.entries.find(([kb]) => kb.kind === "scalar" && ka.kind === "scalar" && kb.value === ka.value);
        if (!m) {
          this.fail("rego-unsupported", "unification of two object patterns needs constant keys", a.span);
          return;
        }
        pairs.push([va, m[1]]);
      }
      return this.unifyPairs(pairs, k);
    }
    if (this.hasUnbound(a)) return this.term(b, b.span, (o) => this.unifyWith(a, o, k));
    if (this.hasUnbound(b)) return this.term(a, a.span, (o) => this.unifyWith(b, o, k));
    this.term(a, a.span, (x) => this.term(b, b.span, (y) => {
      this.emit({ op: "equal", a: x, b: y });
      k();
    }));
  }

  /**
   * Unify pairs element-wise, each time choosing the first pair with an evaluable side, so that
   * `[x, y] = [y, 1]` binds y before x (the order the safety check proved possible).
   */
  private unifyPairs(pairs: readonly (readonly [Term, Term])[], k: K): void {
    if (pairs.length === 0) return k();
    let i = pairs.findIndex(([x, y]) => !this.hasUnbound(x) || !this.hasUnbound(y));
    if (i < 0) i = 0;
    const [x, y] = pairs[i]!;
    this.unify(x, y, () => this.unifyPairs(pairs.filter((_, j) => j !== i), k));
  }

  /** Unify a pattern term with an evaluated value. */
  private unifyWith(p: Term, o: Operand, k: K): void {
    if (p.kind === "var" && !isRoot(p.name)) {
      const bound = this.ctx.vars.get(p.name);
      if (bound === undefined) return this.bind(p.name, o, k);
      this.emit({ op: "equal", a: { local: bound }, b: o });
      return k();
    }
    if ((p.kind === "array" || p.kind === "object") && this.hasUnbound(p)) {
      const src = this.toLocal(o);
      const check = p.kind === "array" ? "is_array" : "is_object";
      if (this.builtins.has(check)) {
        const t = this.ctx.local();
        this.emit({ op: "call", func: builtinExportName(check), args: [{ local: src }], result: t });
        this.emit({ op: "notFalse", source: { local: t } });
      }
      const n = this.ctx.local();
      this.emit({ op: "len", source: { local: src }, target: n });
      const size = p.kind === "array" ? p.items.length : p.entries.length;
      this.emit({ op: "equal", a: { local: n }, b: this.constOf({ t: "number", text: String(size) }) });
      const parts: [Term | number, Term][] = p.kind === "array" ? p.items.map((x, i) => [i, x]) : p.entries.map(([kk, v]) => [kk, v]);
      const go = (i: number): void => {
        if (i === parts.length) return k();
        const [key, sub] = parts[i]!;
        const withKey = (ko: Operand) => {
          const el = this.ctx.local();
          this.emit({ op: "dot", source: { local: src }, key: ko, target: el });
          this.unifyWith(sub, { local: el }, () => go(i + 1));
        };
        if (typeof key === "number") withKey(this.constOf({ t: "number", text: String(key) }));
        else this.term(key, key.span, withKey);
      };
      return go(0);
    }
    this.term(p, p.span, (x) => {
      this.emit({ op: "equal", a: x, b: o });
      k();
    });
  }

  // ---------------------------------------------------------------- terms

  /** Iterate a collection: `k(key, value)` is planned inside the scan body. */
  private scan(coll: Operand, k: (key: Local, value: Local) => void): void {
    const source = this.toLocal(coll);
    const key = this.ctx.local();
    const value = this.ctx.local();
    const body = this.collect(() => k(key, value));
    this.emit({ op: "scan", source, key, value, body });
  }

  /** Plan a term; `k` receives its value. `t` undefined means `true` (rule heads without value). */
  private term(t: Term | undefined, span: Span, k: KV): void {
    if (t === undefined) return k(this.constOf({ t: "bool", v: true }));
    const c = groundConst(t);
    if (c) return k(this.constOf(c));
    switch (t.kind) {
      case "scalar":
        return k(this.constOf(scalarConst(t)));
      case "var": {
        if (t.name === "input") return k({ local: this.ctx.input });
        if (t.name === "data") return this.dataRef([], t.span, k);
        const l = this.ctx.vars.get(t.name);
        if (l === undefined) {
          this.fail("rego-compile", `var ${displayName(t.name)} is unsafe`, t.span);
          return;
        }
        return k({ local: l });
      }
      case "ref":
        return this.ref(t, k);
      case "array": {
        const items: Operand[] = [];
        const go = (i: number): void => {
          if (i === t.items.length) {
            const arr = this.ctx.local();
            this.emit({ op: "make", type: "array", target: arr });
            for (const it of items) this.emit({ op: "arrayAppend", array: arr, value: it });
            return k({ local: arr });
          }
          this.term(t.items[i], t.items[i]!.span, (o) => { items.push(o); go(i + 1); items.pop(); });
        };
        return go(0);
      }
      case "set": {
        const items: Operand[] = [];
        const go = (i: number): void => {
          if (i === t.items.length) {
            const s = this.ctx.local();
            this.emit({ op: "make", type: "set", target: s });
            for (const it of items) this.emit({ op: "setAdd", set: s, value: it });
            return k({ local: s });
          }
          this.term(t.items[i], t.items[i]!.span, (o) => { items.push(o); go(i + 1); items.pop(); });
        };
        return go(0);
      }
      case "object": {
        const entries: [Operand, Operand][] = [];
        const go = (i: number): void => {
          if (i === t.entries.length) {
            const obj = this.ctx.local();
            this.emit({ op: "make", type: "object", target: obj });
            for (const [kk, v] of entries) this.emit({ op: "objectInsert", object: obj, key: kk, value: v });
            return k({ local: obj });
          }
          const [kt, vt] = t.entries[i]!;
          this.term(kt, kt.span, (ko) => this.term(vt, vt.span, (vo) => {
            entries.push([ko, vo]);
            go(i + 1);
            entries.pop();
          }));
        };
        return go(0);
      }
      case "arrayCompr":
      case "setCompr":
      case "objectCompr":
        return this.comprehension(t, k);
      case "call":
        if (t.name === "print" || t.name === "trace") return k(this.constOf({ t: "bool", v: true }));
        return this.call(t.name, t.args, t.span, k);
      case "infix": {
        if (t.op === ":=" || t.op === "=") {
          this.fail("rego-compile", `${t.op} cannot be used inside a term`, t.span);
          return;
        }
        if (t.op === "in") {
          if (t.key) return this.call("internal.member_3", [t.key, t.left, t.right], t.span, k);
          return this.call("internal.member_2", [t.left, t.right], t.span, k);
        }
        return this.call(INFIX_BUILTINS[t.op]!, [t.left, t.right], t.span, k);
      }
      case "unary":
        return this.call("minus", [{ kind: "scalar", span: t.span, value: 0, text: "0" }, t.operand], t.span, k);
    }
  }

  /** A builtin or user function call. */
  private call(name: string, args: readonly Term[], span: Span, k: KV): void {
    const mock = this.mocks.get(name);
    if (mock && !("func" in mock)) {
      // The replacement value, once every argument is defined (OPA evaluates them first).
      const go = (i: number): void => {
        if (i < args.length) {
          return this.term(args[i], args[i]!.span, (o) => {
            if ("local" in o) this.emit({ op: "isDefined", source: o.local });
            go(i + 1);
          });
        }
        if ("value" in mock) return k(this.constOf(mock.value));
        const all = this.ctx.local();
        const v = this.ctx.local();
        this.emit({ op: "dot", source: { local: this.ctx.data }, key: this.constOf({ t: "string", v: MOCK_KEY }), target: all });
        this.emit({ op: "dot", source: { local: all }, key: this.constOf({ t: "string", v: mock.slot }), target: v });
        k({ local: v });
      };
      return go(0);
    }
    if (mock) name = mock.func;
    let func: string | undefined;
    const user = name.startsWith("data.");
    if (user) {
      const g = this.index.groups.get(name);
      if (!g) { this.fail("rego-compile", `undefined function ${name}`, span); return; }
      // OPA evaluates a replacement function with no function mocks in force (topdown evalCall
      // pushes an empty mock frame), so `g(x) := f(x)` used `with f as g` calls the original f.
      if (mock) {
        const saved = { mocks: this.mocks, mockSuffix: this.mockSuffix };
        this.mocks = new Map();
        this.mockSuffix = "";
        try { func = this.groupFunc(g); } finally { this.mocks = saved.mocks; this.mockSuffix = saved.mockSuffix; }
      } else func = this.groupFunc(g);
    } else {
      func = this.builtin(name, span);
      if (!func) return;
    }
    // Arguments whose refs bind variables (`foo == input.foos[foo]`) go first, as OPA's compiler
    // pulls refs out of call arguments into expressions before the call.
    const binds = (t: Term) => this.bindsInRef(t);
    const order = args.map((_, i) => i);
    if (args.length > 1 && args.some(binds)) order.sort((a, b) => Number(binds(args[b]!)) - Number(binds(args[a]!)) || a - b);
    const slots: Operand[] = new Array<Operand>(args.length);
    const go = (j: number): void => {
      if (j === args.length) {
        const ops = [...slots];
        const r = this.ctx.local();
        const all = user ? [{ local: this.ctx.input }, { local: this.ctx.data }, ...ops] : [...ops];
        this.emit({ op: "call", func: func!, args: all, result: r });
        // `walk` is a relation in OPA: the runtime returns every [path, value] pair; iterate them.
        if (!user && name === "walk") return this.scan({ local: r }, (_key, pair) => k({ local: pair }));
        return k({ local: r });
      }
      const i = order[j]!;
      this.term(args[i], args[i]!.span, (o) => { slots[i] = o; go(j + 1); });
    };
    go(0);
  }

  private comprehension(t: Term & { kind: "arrayCompr" | "setCompr" | "objectCompr" }, k: KV): void {
    const out = this.ctx.local();
    this.emit({ op: "make", type: t.kind === "arrayCompr" ? "array" : t.kind === "setCompr" ? "set" : "object", target: out });
    const saved = new Map(this.ctx.vars);
    this.block(() => this.body(t.body, 0, () => {
      if (t.kind === "arrayCompr") this.term(t.head, t.span, (v) => this.emit({ op: "arrayAppend", array: out, value: v }));
      else if (t.kind === "setCompr") this.term(t.head, t.span, (v) => this.emit({ op: "setAdd", set: out, value: v }));
      else {
        this.term(t.key, t.span, (kk) => this.term(t.value, t.span, (v) =>
          this.emit({ op: "objectInsertOnce", object: out, key: kk, value: v, loc: this.loc(t.span) })));
      }
    }));
    this.ctx.vars.clear();
    saved.forEach((v, n) => this.ctx.vars.set(n, v));
    k({ local: out });
  }

  /** A reference: its head's value, then one `dot` per bound segment or a `scan` per unbound var. */
  private ref(t: Term & { kind: "ref" }, k: KV): void {
    const head = t.head;
    if (head.kind === "var" && head.name === "data") return this.dataRef(t.path, t.span, k);
    this.term(head, head.span, (h) => this.walk(h, t.path, 0, k));
  }

  private walk(src: Operand, path: readonly Term[], i: number, k: KV, base = false): void {
    if (i === path.length) return k(src);
    const seg = path[i]!;
    if (seg.kind === "var" && !isRoot(seg.name) && !this.ctx.vars.has(seg.name)) {
      return this.scan(src, (key, value) => this.bind(seg.name, { local: key }, () => this.walk({ local: value }, path, i + 1, k, base)));
    }
    if (base && seg.kind === "scalar" && typeof seg.value === "number") {
      // OPA reads base documents through storage paths, where a number key is its text:
      // `data.nested[2]` finds the key "2" of an object (and index 2 of an array).
      const target = this.ctx.local();
      this.emit({ op: "reset", target });
      for (const key of [scalarConst(seg), { t: "string", v: seg.text ?? String(seg.value) } as const]) {
        this.block(() => {
          const t = this.ctx.local();
          this.emit({ op: "isUndefined", source: { local: target } });
          this.emit({ op: "dot", source: src, key: this.constOf(key), target: t });
          this.emit({ op: "assign", source: { local: t }, target });
        });
      }
      this.emit({ op: "isDefined", source: target });
      return this.walk({ local: target }, path, i + 1, k, base);
    }
    this.term(seg, seg.span, (key) => {
      const target = this.ctx.local();
      if (base && "local" in key && seg.kind !== "scalar" && this.builtins.has("is_number") && this.builtins.has("json.marshal")) {
        // The same storage-path rule for a number known only at run time: its JSON text.
        this.emit({ op: "reset", target });
        this.block(() => {
          const t = this.ctx.local();
          this.emit({ op: "dot", source: src, key, target: t });
          this.emit({ op: "assign", source: { local: t }, target });
        });
        this.block(() => {
          const isNum = this.ctx.local(), text = this.ctx.local(), t = this.ctx.local();
          this.emit({ op: "isUndefined", source: { local: target } });
          this.emit({ op: "call", func: builtinExportName("is_number"), args: [key], result: isNum });
          this.emit({ op: "notFalse", source: { local: isNum } });
          this.emit({ op: "call", func: builtinExportName("json.marshal"), args: [key], result: text });
          this.emit({ op: "dot", source: src, key: { local: text }, target: t });
          this.emit({ op: "assign", source: { local: t }, target });
        });
        this.emit({ op: "isDefined", source: target });
      } else {
        this.emit({ op: "dot", source: src, key, target });
      }
      this.walk({ local: target }, path, i + 1, k, base);
    });
  }

  private dataDispatch(node: TreeNode, prefix: readonly string[], path: readonly Term[], i: number, span: Span, k: KV): void {
    const seg = path[i]!;
    const candidates = [...node.children]
      .filter(([, c]) => treeCanMatch(c, path, i + 1))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const base = () => this.block(() => this.walk({ local: this.ctx.data }, path, 0, k, true));
    if (seg.kind === "var" && !isRoot(seg.name) && !this.ctx.vars.has(seg.name)) {
      for (const [key, child] of candidates) {
        this.block(() => this.bind(seg.name, this.constOf({ t: "string", v: key }), () =>
          this.dataRefFrom(child, [...prefix, key], path, i + 1, span, k)));
      }
      return base();
    }
    this.term(seg, seg.span, (key) => {
      for (const [name, child] of candidates) {
        this.block(() => {
          this.emit({ op: "equal", a: key, b: this.constOf({ t: "string", v: name }) });
          this.dataRefFrom(child, [...prefix, name], path, i + 1, span, k);
        });
      }
    });
    base();
  }

  /** `data.…`: rule values through their functions, package nodes as objects, else base data. */
  private dataRef(path: readonly Term[], span: Span, k: KV): void {
    this.dataRefFrom(this.index.tree, [], path, 0, span, k);
  }

  private dataRefFrom(node0: TreeNode, prefix0: readonly string[], path: readonly Term[], start: number, span: Span, k: KV): void {
    let node = node0;
    const prefix = [...prefix0];
    for (let i = start; ; i++) {
      if (node.group) {
        const g = node.group;
        if (g.kind === "function") {
          this.fail("rego-compile", `function ${g.id} cannot be used as a value`, span);
          return;
        }
        const f = this.groupFunc(g);
        const r = this.ctx.local();
        this.emit({ op: "call", func: f, args: [{ local: this.ctx.input }, { local: this.ctx.data }], result: r });
        return this.walk({ local: r }, path, i, k);
      }
      if (i === path.length) {
        const f = this.nodeFunc(prefix, node);
        const r = this.ctx.local();
        this.emit({ op: "call", func: f, args: [{ local: this.ctx.input }, { local: this.ctx.data }], result: r });
        return k({ local: r });
      }
      const seg = path[i]!;
      if (seg.kind === "scalar" && typeof seg.value === "string") {
        const child = node.children.get(seg.value);
        if (!child) return this.walk({ local: this.ctx.data }, path, 0, k, true); // base document
        node = child;
        prefix.push(seg.value);
        continue;
      }
      // A constant key that is not a string names no rule: only base data can hold it.
      if (seg.kind === "scalar") return this.walk({ local: this.ctx.data }, path, 0, k, true);
      // A variable or computed key followed by more of the path (`data[x].allow.y`): as OPA,
      // only the children whose rules the rest of the path can reach, one branch each, and the
      // base document — never the whole node, which may hold the rule being planned.
      if (i + 1 < path.length) return this.dataDispatch(node, prefix, path, i, span, k);
      // A variable or computed key last: iterate/look up in the node's object.
      const f = this.nodeFunc(prefix, node);
      const r = this.ctx.local();
      this.emit({ op: "call", func: f, args: [{ local: this.ctx.input }, { local: this.ctx.data }], result: r });
      return this.walk({ local: r }, path, i, k);
    }
  }
}

/** Can the rest of a data path (from `j`) reach a rule at or below `n`? Variables match any key. */
function treeCanMatch(n: TreeNode, path: readonly Term[], j: number): boolean {
  if (n.group || j === path.length) return true;
  const seg = path[j]!;
  if (seg.kind === "scalar") {
    if (typeof seg.value !== "string") return false;
    const c = n.children.get(seg.value);
    return c !== undefined && treeCanMatch(c, path, j + 1);
  }
  for (const c of n.children.values()) if (treeCanMatch(c, path, j + 1)) return true;
  return false;
}

// -------------------------------------------------------------------- constants

function scalarConst(t: Term & { kind: "scalar" }): ConstValue {
  const v = t.value;
  if (v === null) return { t: "null" };
  if (typeof v === "boolean") return { t: "bool", v };
  if (typeof v === "number") return { t: "number", text: t.text ?? JSON.stringify(v) };
  return { t: "string", v };
}

/** A term without vars, refs, calls or closures, as a constant. */
export function groundConst(t: Term): ConstValue | undefined {
  switch (t.kind) {
    case "scalar":
      return scalarConst(t);
    case "array":
    case "set": {
      const items: ConstValue[] = [];
      for (const x of t.items) {
        const c = groundConst(x);
        if (!c) return undefined;
        items.push(c);
      }
      return t.kind === "array" ? { t: "array", items } : { t: "set", items };
    }
    case "object": {
      const entries: [ConstValue, ConstValue][] = [];
      for (const [kt, vt] of t.entries) {
        const kc = groundConst(kt);
        const vc = groundConst(vt);
        if (!kc || !vc) return undefined;
        entries.push([kc, vc]);
      }
      return { t: "object", entries };
    }
    default:
      return undefined;
  }
}

/** The key under data["$gpc_mock"] that says a `with` replaces the package (or rule-tree node) at `path`. */
function nodeMarker(path: readonly string[]): string {
  return "node:" + path.join(".");
}

/**
 * Ids of the rules that a `with data.<rule path> as …` modifier replaces, and the markers
 * (`nodeMarker`) of the rule-tree nodes that `with data.<package> as …` replaces.
 */
function mockedRules(modules: readonly Module[], index: RuleIndex): Set<string> {
  const out = new Set<string>();
  const lit = (l: Literal): void => {
    for (const w of l.with) {
      const path = groundRootPath(w.target);
      if (!path || w.target.head.kind !== "var" || w.target.head.name !== "data") continue;
      const g = index.groups.get(ruleId(path));
      if (g && g.kind !== "function") out.add(g.id);
      else if (!g && treeNode(index.tree, path)) out.add(nodeMarker(path));
    }
    if (l.expr.kind === "every") l.expr.body.forEach(lit);
    for (const t of exprTermsOf(l.expr)) visitClosures(t, lit);
  };
  for (const m of modules) {
    for (const r of m.rules) {
      [...r.bodies, ...r.else.map((e) => e.body)].forEach((b) => b.forEach(lit));
    }
  }
  return out;
}

function visitClosures(t: Term, f: (l: Literal) => void): void {
  mapTerm(t, {
    term: (x) => {
      if (x.kind === "arrayCompr" || x.kind === "setCompr" || x.kind === "objectCompr") x.body.forEach(f);
      return undefined;
    },
  });
}

function containsScan(stmts: readonly Stmt[]): boolean {
  for (const s of stmts) {
    if (s.op === "scan") return true;
    if ((s.op === "block" || s.op === "not" || s.op === "with") && containsScan(s.body)) return true;
  }
  return false;
}

