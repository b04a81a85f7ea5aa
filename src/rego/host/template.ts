/**
 * `strings.render_template(template, vars)`: Go's text/template over the variables as OPA passes
 * them (`map[string]any` decoded with json.Number), `<no value>` printed `<undefined>`. The
 * language: text, `{{- -}}` trimming, comments, pipelines with `|`, variables (`$`, `$x :=`,
 * `$x =`), fields and chains, parentheses, literals; `if`/`else if`/`else`, `range` (slices, maps
 * in key order, integers; `break`, `continue`), `with`/`else with`, `define`, `template`,
 * `block`; the functions and, or, not, len, index, slice, print, printf, println, html, js,
 * urlquery, eq, ne, lt, le, gt, ge. Execution and parse errors are builtin errors (undefined).
 */
import { BuiltinError, objectArg, stringArg, type HostImpl } from "./util.js";
import { isObject, RawNumber, type Json } from "./json.js";

// ─── values (Go's reflect kinds that JSON data and template literals can have) ──────────────

type GV =
  | { k: "invalid" }
  | { k: "nil" }
  | { k: "bool"; v: boolean }
  | { k: "int"; v: bigint }
  | { k: "float"; v: number }
  | { k: "string"; v: string; type: "string" | "json.Number" }
  | { k: "slice"; v: GV[] }
  | { k: "map"; v: Map<string, GV> };

const INVALID: GV = { k: "invalid" };
const NIL: GV = { k: "nil" };

function fromJson(j: Json): GV {
  if (j === null) return NIL;
  if (typeof j === "boolean") return { k: "bool", v: j };
  if (typeof j === "string") return { k: "string", v: j, type: "string" };
  if (j instanceof RawNumber) return { k: "string", v: j.text, type: "json.Number" };
  if (Array.isArray(j)) return { k: "slice", v: j.map(fromJson) };
  const m = new Map<string, GV>();
  for (const key of Object.keys(j)) m.set(key, fromJson(j[key]!));
  return { k: "map", v: m };
}

class ExecError extends BuiltinError {}
const fail = (msg: string): never => { throw new ExecError(`template: template:${msg}`); };

function typeName(v: GV): string {
  switch (v.k) {
    case "invalid": return "<nil>";
    case "nil": return "interface {}";
    case "int": return "int";
    case "float": return "float64";
    case "bool": return "bool";
    case "string": return v.type;
    case "slice": return "[]interface {}";
    case "map": return "map[string]interface {}";
  }
}

function truth(v: GV): boolean {
  switch (v.k) {
    case "invalid": case "nil": return false;
    case "bool": return v.v;
    case "int": return v.v !== 0n;
    case "float": return v.v !== 0;
    case "string": return v.v.length > 0;
    case "slice": return v.v.length > 0;
    case "map": return v.v.size > 0;
  }
}

/** strconv.FormatFloat(f, 'g', -1, 64), as fmt's %v prints a float64. */
function formatFloat(f: number): string {
  if (Number.isNaN(f)) return "NaN";
  if (!Number.isFinite(f)) return f > 0 ? "+Inf" : "-Inf";
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  const e = f.toExponential(); // shortest digits
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(e)!;
  const digits = m[2]! + (m[3] ?? "");
  const exp = Number(m[4]);
  if (exp < -4 || exp >= 21) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${m[1]}${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  return String(f);
}

/** fmt's %v of a value. */
function show(v: GV, top = true): string {
  switch (v.k) {
    case "invalid": return "<no value>";
    case "nil": return "<nil>";
    case "bool": return String(v.v);
    case "int": return v.v.toString();
    case "float": return formatFloat(v.v);
    case "string": return v.v;
    case "slice": return `[${v.v.map((x) => show(x, false)).join(" ")}]`;
    case "map": return `map[${[...v.v.keys()].sort(byBytes).map((k) => `${k}:${show(v.v.get(k)!, false)}`).join(" ")}]`;
  }
  void top;
}

function byBytes(a: string, b: string): number { return Buffer.compare(Buffer.from(a), Buffer.from(b)); }

// ─── lexer ──────────────────────────────────────────────────────────────────────────────────

type Tok =
  | { t: "text"; v: string }
  | { t: "open" } | { t: "close" }
  | { t: "field"; v: string } | { t: "dot" } | { t: "var"; v: string } | { t: "ident"; v: string }
  | { t: "string"; v: string } | { t: "number"; v: string } | { t: "char"; v: number }
  | { t: "pipe" } | { t: "lparen" } | { t: "rparen" } | { t: "comma" } | { t: "declare" } | { t: "assign" }
  | { t: "space" };

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf("{{", i);
    let text = open < 0 ? src.slice(i) : src.slice(i, open);
    if (open < 0) { if (text) out.push({ t: "text", v: text }); break; }
    let j = open + 2;
    const trimLeft = src[j] === "-" && /[ \t\r\n]/.test(src[j + 1] ?? "");
    if (trimLeft) { text = text.replace(/[ \t\r\n]+$/, ""); j += 2; }
    if (text) out.push({ t: "text", v: text });
    // comment
    const afterWs = j + (src.slice(j).match(/^[ \t\r\n]*/)![0].length);
    if (src.startsWith("/*", trimLeft ? afterWs : j)) {
      const end = src.indexOf("*/", j + 2);
      if (end < 0) fail("1: unclosed comment");
      let k = end + 2;
      const m = /^([ \t\r\n]+-)?}}/.exec(src.slice(k));
      if (!m) fail("1: comment ends before closing delimiter");
      k += m![0].length;
      if (m![1]) { const ws = src.slice(k).match(/^[ \t\r\n]*/)![0].length; k += ws; }
      i = k;
      continue;
    }
    out.push({ t: "open" });
    // action body
    for (;;) {
      if (j >= src.length) fail("1: unclosed action");
      const c = src[j]!;
      const rest = src.slice(j);
      const closeTrim = /^[ \t\r\n]+-}}/.exec(rest);
      if (closeTrim) {
        j += closeTrim[0].length;
        j += src.slice(j).match(/^[ \t\r\n]*/)![0].length;
        out.push({ t: "close" });
        break;
      }
      if (rest.startsWith("}}")) { j += 2; out.push({ t: "close" }); break; }
      if (/[ \t\r\n]/.test(c)) { j += rest.match(/^[ \t\r\n]+/)![0].length; out.push({ t: "space" }); continue; }
      if (c === "|") { out.push({ t: "pipe" }); j++; continue; }
      if (c === "(") { out.push({ t: "lparen" }); j++; continue; }
      if (c === ")") { out.push({ t: "rparen" }); j++; continue; }
      if (c === ",") { out.push({ t: "comma" }); j++; continue; }
      if (rest.startsWith(":=")) { out.push({ t: "declare" }); j += 2; continue; }
      if (c === "=") { out.push({ t: "assign" }); j++; continue; }
      if (c === "\"") {
        const m = /^"(?:[^"\\\n]|\\.)*"/.exec(rest);
        if (!m) fail("1: unterminated quoted string");
        out.push({ t: "string", v: goUnquote(m![0]) });
        j += m![0].length;
        continue;
      }
      if (c === "`") {
        const end = src.indexOf("`", j + 1);
        if (end < 0) fail("1: unterminated raw quoted string");
        out.push({ t: "string", v: src.slice(j + 1, end).replace(/\r/g, "") });
        j = end + 1;
        continue;
      }
      if (c === "'") {
        const m = /^'(?:[^'\\\n]|\\.[0-9a-fA-F]*)'/u.exec(rest);
        if (!m) fail("1: unterminated character constant");
        out.push({ t: "char", v: goUnquote(`"${m![0].slice(1, -1)}"`).codePointAt(0)! });
        j += m![0].length;
        continue;
      }
      const num = /^[+-]?(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][+-]?\d+)?)/.exec(rest);
      if (num && /[0-9]/.test(num[0]) && (c !== "+" && c !== "-" || /[0-9.]/.test(rest[1] ?? ""))) {
        out.push({ t: "number", v: num[0] });
        j += num[0].length;
        continue;
      }
      if (c === "$") {
        const m = /^\$[\p{L}\p{Nd}_]*/u.exec(rest)!;
        out.push({ t: "var", v: m[0] });
        j += m[0].length;
        continue;
      }
      if (c === ".") {
        const m = /^\.[\p{L}_][\p{L}\p{Nd}_]*/u.exec(rest);
        if (m) { out.push({ t: "field", v: m[0].slice(1) }); j += m[0].length; } else { out.push({ t: "dot" }); j++; }
        continue;
      }
      const id = /^[\p{L}_][\p{L}\p{Nd}_]*/u.exec(rest);
      if (id) { out.push({ t: "ident", v: id[0] }); j += id[0].length; continue; }
      fail(`1: unexpected "${c}" in command`);
    }
    i = j;
  }
  return out;
}

function goUnquote(q: string): string {
  const body = q.slice(1, -1);
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_, e: string) => {
    switch (e[0]) {
      case "n": return "\n"; case "t": return "\t"; case "r": return "\r"; case "a": return "\x07"; case "b": return "\b";
      case "f": return "\f"; case "v": return "\v"; case "\\": return "\\"; case "\"": return "\""; case "'": return "'";
      case "x": return String.fromCharCode(parseInt(e.slice(1), 16));
      case "u": case "U": return String.fromCodePoint(parseInt(e.slice(1), 16));
      default:
        if (/^[0-7]{3}$/.test(e)) return String.fromCharCode(parseInt(e, 8));
        return fail(`1: invalid syntax in string ${q}`);
    }
  });
}

// ─── parser ─────────────────────────────────────────────────────────────────────────────────

type Operand =
  | { o: "field"; chain: string[] } // .a.b (empty chain: dot)
  | { o: "var"; name: string; chain: string[] }
  | { o: "ident"; name: string }
  | { o: "lit"; v: GV }
  | { o: "nil" }
  | { o: "pipe"; p: Pipeline; chain: string[] };
interface Command { args: Operand[] }
interface Pipeline { decl: string[]; assign: boolean; cmds: Command[] }
type Node =
  | { n: "text"; v: string }
  | { n: "action"; p: Pipeline }
  | { n: "if" | "with"; p: Pipeline; list: Node[]; else?: Node[] }
  | { n: "range"; p: Pipeline; list: Node[]; else?: Node[] }
  | { n: "template"; name: string; p?: Pipeline }
  | { n: "break" } | { n: "continue" };

class Parser {
  i = 0;
  readonly defs = new Map<string, Node[]>();
  constructor(private readonly toks: Tok[]) {}
  peek(): Tok | undefined { return this.toks[this.i]; }
  next(): Tok { const t = this.toks[this.i++]; if (!t) fail("1: unexpected EOF"); return t!; }
  skipSpace(): void { while (this.peek()?.t === "space") this.i++; }
  nextNonSpace(): Tok { this.skipSpace(); return this.next(); }
  peekNonSpace(): Tok | undefined { this.skipSpace(); return this.peek(); }

  /** Nodes until {{end}} / {{else…}} (returned as the stopper) or EOF. */
  list(stop: boolean, loop: boolean): { nodes: Node[]; end: "end" | "else" | "eof" } {
    const nodes: Node[] = [];
    for (;;) {
      const t = this.peek();
      if (!t) { if (stop) fail("1: unexpected EOF"); return { nodes, end: "eof" }; }
      this.i++;
      if (t.t === "text") { nodes.push({ n: "text", v: t.v }); continue; }
      if (t.t !== "open") fail("1: unexpected token");
      const k = this.peekNonSpace();
      if (k?.t === "ident") {
        switch (k.v) {
          case "end": this.i++; this.expectClose(); if (!stop) fail("1: unexpected {{end}}"); return { nodes, end: "end" };
          case "else": this.i++; if (!stop) fail("1: unexpected {{else}}"); return { nodes, end: "else" };
          case "if": case "with": this.i++; nodes.push(this.control(k.v, loop)); continue;
          case "range": this.i++; nodes.push(this.control("range", loop)); continue;
          case "break": case "continue":
            this.i++; this.expectClose();
            if (!loop) fail(`1: {{${k.v}}} outside {{range}}`);
            nodes.push({ n: k.v }); continue;
          case "define": {
            this.i++;
            const name = this.nextNonSpace();
            if (name.t !== "string") fail("1: define name must be a string");
            this.expectClose();
            const body = this.list(true, false);
            if (body.end !== "end") fail("1: unexpected {{else}} in define");
            this.defs.set((name as { v: string }).v, body.nodes);
            continue;
          }
          case "template": case "block": {
            this.i++;
            const name = this.nextNonSpace();
            if (name.t !== "string") fail(`1: ${k.v} name must be a string`);
            const tn = (name as { v: string }).v;
            const after = this.peekNonSpace();
            const p = after?.t === "close" ? undefined : this.pipeline(false);
            this.expectClose();
            if (k.v === "block") {
              const body = this.list(true, false);
              if (body.end !== "end") fail("1: unexpected {{else}} in block");
              this.defs.set(tn, body.nodes);
            }
            nodes.push({ n: "template", name: tn, ...(p ? { p } : {}) });
            continue;
          }
        }
      }
      const p = this.pipeline(true);
      this.expectClose();
      nodes.push({ n: "action", p });
    }
  }

  control(kind: "if" | "with" | "range", loop: boolean): Node {
    const p = this.pipeline(true, kind === "range");
    this.expectClose();
    const body = this.list(true, loop || kind === "range");
    let elseList: Node[] | undefined;
    if (body.end === "else") {
      const k = this.peekNonSpace();
      if (k?.t === "ident" && (k.v === "if" || k.v === "with") && kind !== "range") {
        // {{else if …}} / {{else with …}}: a nested control that shares this {{end}}
        this.i++;
        elseList = [this.control(k.v, loop)];
      } else {
        this.expectClose();
        const e = this.list(true, loop);
        if (e.end !== "end") fail("1: expected end; found {{else}}");
        elseList = e.nodes;
      }
    }
    return { n: kind, p, list: body.nodes, ...(elseList ? { else: elseList } : {}) } as Node;
  }

  expectClose(): void {
    const t = this.nextNonSpace();
    if (t.t !== "close") fail("1: unexpected token in action, expected }}");
  }

  pipeline(allowDecl: boolean, range = false): Pipeline {
    const decl: string[] = [];
    let assign = false;
    if (allowDecl) {
      const save = this.i;
      const vars: string[] = [];
      for (;;) {
        const t = this.peekNonSpace();
        if (t?.t !== "var") break;
        this.i++;
        vars.push(t.v);
        const n = this.peekNonSpace();
        if (n?.t === "comma" && range && vars.length === 1) { this.i++; continue; }
        if (n?.t === "declare" || n?.t === "assign") { this.i++; decl.push(...vars); assign = n.t === "assign"; }
        break;
      }
      if (decl.length === 0) this.i = save;
    }
    const cmds: Command[] = [];
    for (;;) {
      cmds.push(this.command());
      const t = this.peekNonSpace();
      if (t?.t === "pipe") { this.i++; continue; }
      break;
    }
    return { decl, assign, cmds };
  }

  command(): Command {
    const args: Operand[] = [];
    for (;;) {
      const t = this.peekNonSpace();
      if (!t || t.t === "close" || t.t === "pipe" || t.t === "rparen") break;
      args.push(this.operand());
    }
    if (args.length === 0) fail("1: missing value for command");
    return { args };
  }

  chain(): string[] {
    const c: string[] = [];
    while (this.peek()?.t === "field") c.push((this.next() as { v: string }).v);
    return c;
  }

  operand(): Operand {
    const t = this.next();
    switch (t.t) {
      case "dot": return { o: "field", chain: [] };
      case "field": return { o: "field", chain: [t.v, ...this.chain()] };
      case "var": return { o: "var", name: t.v, chain: this.chain() };
      case "string": return { o: "lit", v: { k: "string", v: t.v, type: "string" } };
      case "char": return { o: "lit", v: { k: "int", v: BigInt(t.v) } };
      case "number": return { o: "lit", v: numberLiteral(t.v) };
      case "lparen": {
        const p = this.pipeline(true);
        if (this.nextNonSpace().t !== "rparen") fail("1: unclosed left paren");
        return { o: "pipe", p, chain: this.chain() };
      }
      case "ident":
        if (t.v === "true" || t.v === "false") return { o: "lit", v: { k: "bool", v: t.v === "true" } };
        if (t.v === "nil") return { o: "nil" };
        if (!FUNCS.has(t.v)) fail(`1: function "${t.v}" not defined`);
        return { o: "ident", name: t.v };
      default: return fail("1: unexpected token in operand");
    }
  }
}

function numberLiteral(s: string): GV {
  const t = s.replace(/_/g, "");
  if (/^[+-]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|\d+)$/.test(t)) {
    const neg = t.startsWith("-");
    const body = t.replace(/^[+-]/, "");
    const v = /^0[0-7]+$/.test(body) ? BigInt(`0o${body.slice(1)}`) : BigInt(body);
    return { k: "int", v: neg ? -v : v };
  }
  const f = Number(t);
  if (Number.isNaN(f)) fail(`1: illegal number syntax: "${s}"`);
  return Number.isInteger(f) && !/[.eE]/.test(t) ? { k: "int", v: BigInt(f) } : { k: "float", v: f };
}

// ─── execution ──────────────────────────────────────────────────────────────────────────────

class Break {}
class Continue {}

const MAX_STEPS = 1_000_000;

class Exec {
  out = "";
  steps = 0;
  constructor(private readonly defs: Map<string, Node[]>) {}

  run(nodes: Node[], dot: GV, vars: [string, GV][], depth = 0): void {
    if (depth > 100) fail("1: exceeded maximum template depth (100)");
    const mark = vars.length;
    for (const n of nodes) {
      if (++this.steps > MAX_STEPS) fail("1: template execution exceeded its step budget");
      switch (n.n) {
        case "text": this.out += n.v; break;
        case "action": {
          const v = this.pipeline(n.p, dot, vars);
          if (n.p.decl.length === 0) this.out += show(v);
          break;
        }
        case "if": case "with": {
          const inner: [string, GV][] = [...vars];
          const v = this.pipeline(n.p, dot, inner);
          if (truth(v)) this.run(n.list, n.n === "with" ? v : dot, inner, depth);
          else if (n.else) this.run(n.else, dot, inner, depth);
          break;
        }
        case "range": this.range(n, dot, vars, depth); break;
        case "template": {
          const body = this.defs.get(n.name);
          if (!body) fail(`1: no such template "${n.name}"`);
          const d = n.p ? this.pipeline(n.p, dot, vars) : NIL;
          this.run(body!, d, [["$", d]], depth + 1);
          break;
        }
        case "break": throw new Break();
        case "continue": throw new Continue();
      }
    }
    vars.length = mark;
  }

  range(n: Extract<Node, { n: "range" }>, dot: GV, vars: [string, GV][], depth: number): void {
    const inner: [string, GV][] = [...vars];
    const p: Pipeline = { ...n.p, decl: [] };
    const v = this.pipeline(p, dot, inner);
    const items: [GV, GV][] = [];
    if (v.k === "slice") v.v.forEach((x, i) => items.push([{ k: "int", v: BigInt(i) }, x]));
    else if (v.k === "map") for (const k of [...v.v.keys()].sort(byBytes)) items.push([{ k: "string", v: k, type: "string" }, v.v.get(k)!]);
    else if (v.k === "int") for (let i = 0n; i < v.v; i++) items.push([{ k: "int", v: i }, { k: "int", v: i }]);
    else if (v.k !== "invalid" && v.k !== "nil") fail(`1: range can't iterate over ${show(v)}`);
    if (items.length === 0) { if (n.else) this.run(n.else, dot, inner, depth); return; }
    for (const [key, val] of items) {
      const scope: [string, GV][] = [...inner];
      if (n.p.decl.length === 1) scope.push([n.p.decl[0]!, val]);
      else if (n.p.decl.length === 2) scope.push([n.p.decl[0]!, key], [n.p.decl[1]!, val]);
      try { this.run(n.list, val, scope, depth); } catch (e) {
        if (e instanceof Break) break;
        if (e instanceof Continue) continue;
        throw e;
      }
    }
  }

  pipeline(p: Pipeline, dot: GV, vars: [string, GV][]): GV {
    let v: GV | undefined;
    for (const c of p.cmds) v = this.command(c, dot, vars, v);
    if (p.decl.length > 0) {
      const name = p.decl[p.decl.length - 1]!;
      if (p.assign) {
        const at = vars.map((x) => x[0]).lastIndexOf(name);
        if (at < 0) fail(`1: undefined variable: ${name}`);
        vars[at] = [name, v!];
      } else vars.push([name, v!]);
    }
    return v!;
  }

  command(c: Command, dot: GV, vars: [string, GV][], final: GV | undefined): GV {
    const [first, ...rest] = c.args;
    if (first!.o === "ident") return this.call(first!.name, rest, dot, vars, final);
    if (rest.length > 0 || final !== undefined) {
      if (first!.o === "field" || first!.o === "var") fail(`1: can't give argument to non-function ${describe(first!)}`);
      fail(`1: can't give argument to non-function ${describe(first!)}`);
    }
    if (first!.o === "nil") fail("1: nil is not a command");
    return this.operand(first!, dot, vars);
  }

  operand(o: Operand, dot: GV, vars: [string, GV][]): GV {
    switch (o.o) {
      case "lit": return o.v;
      case "nil": return fail("1: cannot assign nil to argument");
      case "field": return fields(dot, o.chain);
      case "var": {
        const at = vars.map((x) => x[0]).lastIndexOf(o.name);
        if (at < 0) fail(`1: undefined variable: ${o.name}`);
        return fields(vars[at]![1], o.chain);
      }
      case "pipe": return fields(this.pipeline(o.p, dot, [...vars]), o.chain);
      case "ident": return this.call(o.name, [], dot, vars, undefined);
    }
  }

  call(name: string, argOps: Operand[], dot: GV, vars: [string, GV][], final: GV | undefined): GV {
    const lazy = (i: number): GV => (i < argOps.length ? this.operand(argOps[i]!, dot, vars) : final!);
    const n = argOps.length + (final !== undefined ? 1 : 0);
    if (name === "and" || name === "or") {
      if (n < 1) fail(`1: wrong number of args for ${name}: want at least 1 got 0`);
      let v: GV = INVALID;
      for (let i = 0; i < n; i++) {
        v = lazy(i);
        if (truth(v) === (name === "or")) return v;
      }
      return v;
    }
    const args: GV[] = [];
    for (let i = 0; i < n; i++) args.push(lazy(i));
    return FUNCS.get(name)!(args);
  }
}

function describe(o: Operand): string {
  if (o.o === "field") return o.chain.length ? `.${o.chain.join(".")}` : ".";
  if (o.o === "var") return o.name + o.chain.map((c) => `.${c}`).join("");
  if (o.o === "lit") return show(o.v);
  return "command";
}

function fields(v: GV, chain: string[]): GV {
  let cur = v;
  for (const f of chain) {
    if (cur.k === "invalid") return INVALID;
    if (cur.k === "map") { cur = cur.v.get(f) ?? INVALID; continue; }
    if (cur.k === "nil") fail(`1: nil pointer evaluating interface {}.${f}`);
    fail(`1: can't evaluate field ${f} in type ${typeName(cur)}`);
  }
  return cur;
}

// ─── functions ──────────────────────────────────────────────────────────────────────────────

const arity = (name: string, args: GV[], want: number): void => {
  if (args.length !== want) fail(`1: wrong number of args for ${name}: want ${want} got ${args.length}`);
};

type BasicKind = "bool" | "int" | "float" | "string";
function basic(v: GV): BasicKind | undefined {
  return v.k === "bool" || v.k === "int" || v.k === "float" || v.k === "string" ? v.k : undefined;
}

function compareValues(name: string, a: GV, b: GV): number {
  const ka = basic(a), kb = basic(b);
  if (!ka || !kb) fail(`1: error calling ${name}: invalid type for comparison`);
  if (ka !== kb) fail(`1: error calling ${name}: incompatible types for comparison`);
  const x = (a as { v: unknown }).v, y = (b as { v: unknown }).v;
  if (ka === "bool") {
    if (name !== "eq" && name !== "ne") fail(`1: error calling ${name}: invalid type for comparison`);
    return x === y ? 0 : 1;
  }
  if (ka === "string") return byBytes(x as string, y as string);
  return (x as number) < (y as number) ? -1 : (x as number) > (y as number) ? 1 : 0;
}

function sprint(args: GV[]): string {
  let out = "";
  args.forEach((a, i) => {
    if (i > 0 && a.k !== "string" && args[i - 1]!.k !== "string") out += " ";
    out += show(a);
  });
  return out;
}

function asInt(v: GV, what: string): number {
  if (v.k === "int") return Number(v.v);
  return fail(`1: error calling ${what}: cannot index slice/array with type ${typeName(v)}`);
}

/** fmt.Sprintf for the verbs templates use: %v %s %d %q %t %x %X %f %g %e %%, with width. */
function sprintf(format: string, args: GV[]): string {
  let ai = 0;
  return format.replace(/%([-+# 0]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g, (all, flags: string, width: string | undefined, prec: string | undefined, verb: string) => {
    if (verb === "%") return "%";
    if (ai >= args.length) return `%!${verb}(MISSING)`;
    const a = args[ai++]!;
    let s: string;
    const bad = (): string => `%!${verb}(${typeName(a)}=${show(a)})`;
    switch (verb) {
      case "v": s = show(a); break;
      case "s": s = a.k === "string" ? a.v : a.k === "slice" || a.k === "map" ? show(a) : bad(); break;
      case "q": s = a.k === "string" ? JSON.stringify(a.v) : bad(); break;
      case "t": s = a.k === "bool" ? String(a.v) : bad(); break;
      case "d": s = a.k === "int" ? a.v.toString() : bad(); break;
      case "x": case "X": {
        if (a.k === "int") s = a.v.toString(16);
        else if (a.k === "string") s = Buffer.from(a.v).toString("hex");
        else s = bad();
        if (verb === "X") s = s.toUpperCase();
        break;
      }
      case "f": case "e": case "g": {
        const f = a.k === "float" ? a.v : undefined;
        if (f === undefined) { s = bad(); break; }
        const p = prec !== undefined ? Number(prec) : 6;
        s = verb === "f" ? f.toFixed(p) : verb === "e" ? f.toExponential(p).replace(/e([+-])(\d)$/, "e$10$2") : prec !== undefined ? String(Number(f.toPrecision(p))) : formatFloat(f);
        break;
      }
      default: s = bad();
    }
    if (width && s.length < Number(width)) s = flags.includes("-") ? s.padEnd(Number(width)) : s.padStart(Number(width), flags.includes("0") && /[dxXfeg]/.test(verb) ? "0" : " ");
    void all;
    return s;
  }) + (ai < args.length ? `%!(EXTRA ${args.slice(ai).map((a) => `${typeName(a)}=${show(a)}`).join(", ")})` : "");
}

const str = (s: string): GV => ({ k: "string", v: s, type: "string" });

const FUNCS = new Map<string, (args: GV[]) => GV>([
  ["and", () => INVALID], ["or", () => INVALID], // evaluated lazily in Exec.call
  ["not", (a) => { arity("not", a, 1); return { k: "bool", v: !truth(a[0]!) }; }],
  ["len", (a) => {
    arity("len", a, 1);
    const v = a[0]!;
    if (v.k === "string") return { k: "int", v: BigInt(Buffer.byteLength(v.v)) };
    if (v.k === "slice") return { k: "int", v: BigInt(v.v.length) };
    if (v.k === "map") return { k: "int", v: BigInt(v.v.size) };
    return fail(`1: error calling len: len of type ${typeName(v)}`);
  }],
  ["index", (a) => {
    if (a.length < 1) fail("1: wrong number of args for index: want at least 1 got 0");
    let cur = a[0]!;
    for (const k of a.slice(1)) {
      if (cur.k === "map") {
        if (k.k !== "string" || k.type !== "string") fail(`1: error calling index: value has type ${typeName(k)}; should be string`);
        cur = cur.v.get((k as { v: string }).v) ?? NIL;
      } else if (cur.k === "slice" || cur.k === "string") {
        const i = asInt(k, "index");
        const len = cur.k === "slice" ? cur.v.length : Buffer.byteLength(cur.v);
        if (i < 0 || i >= len) fail(`1: error calling index: index out of range: ${i}`);
        cur = cur.k === "slice" ? cur.v[i]! : { k: "int", v: BigInt(Buffer.from(cur.v)[i]!) };
      } else if (cur.k === "invalid" || cur.k === "nil") fail("1: error calling index: index of untyped nil");
      else fail(`1: error calling index: can't index item of type ${typeName(cur)}`);
    }
    return cur;
  }],
  ["slice", (a) => {
    if (a.length < 1) fail("1: wrong number of args for slice: want at least 1 got 0");
    const v = a[0]!;
    const idx = a.slice(1).map((x) => asInt(x, "slice"));
    if (idx.length > 3 || (v.k === "string" && idx.length > 2)) fail("1: error calling slice: too many slice indexes");
    if (v.k !== "string" && v.k !== "slice") return fail(`1: error calling slice: can't slice item of type ${typeName(v)}`);
    const len = v.k === "slice" ? v.v.length : Buffer.byteLength(v.v);
    const i = idx[0] ?? 0, j = idx[1] ?? len;
    if (i < 0 || j < i || j > len) fail(`1: error calling slice: index out of range: ${j}`);
    return v.k === "slice" ? { k: "slice", v: v.v.slice(i, j) } : str(Buffer.from(v.v).subarray(i, j).toString());
  }],
  ["print", (a) => str(sprint(a))],
  ["println", (a) => str(a.map((x) => show(x)).join(" ") + "\n")],
  ["printf", (a) => {
    if (a.length < 1 || a[0]!.k !== "string") fail("1: error calling printf: the format must be a string");
    return str(sprintf((a[0] as { v: string }).v, a.slice(1)));
  }],
  ["html", (a) => str(sprint(a).replace(/[&'<>"\0]/g, (c) => ({ "&": "&amp;", "'": "&#39;", "<": "&lt;", ">": "&gt;", "\"": "&#34;", "\0": "\uFFFD" })[c]!))],
  ["js", (a) => str(sprint(a).replace(/[\\'"<>&=\n\r\t\u2028\u2029]|[\u0000-\u001f]/g, (c) => {
    const m: Record<string, string> = { "\\": "\\\\", "'": "\\'", "\"": "\\\"", "<": "\\u003C", ">": "\\u003E", "&": "\\u0026", "=": "\\u003D", "\n": "\\n", "\r": "\\r", "\t": "\\t" };
    return m[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  }))],
  ["urlquery", (a) => str(encodeURIComponent(sprint(a)).replace(/%20/g, "+").replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))],
  ["eq", (a) => {
    if (a.length < 2) fail("1: error calling eq: missing argument for comparison");
    return { k: "bool", v: a.slice(1).some((b) => compareValues("eq", a[0]!, b) === 0) };
  }],
  ["ne", (a) => { arity("ne", a, 2); return { k: "bool", v: compareValues("ne", a[0]!, a[1]!) !== 0 }; }],
  ["lt", (a) => { arity("lt", a, 2); return { k: "bool", v: compareValues("lt", a[0]!, a[1]!) < 0 }; }],
  ["le", (a) => { arity("le", a, 2); return { k: "bool", v: compareValues("le", a[0]!, a[1]!) <= 0 }; }],
  ["gt", (a) => { arity("gt", a, 2); return { k: "bool", v: compareValues("gt", a[0]!, a[1]!) > 0 }; }],
  ["ge", (a) => { arity("ge", a, 2); return { k: "bool", v: compareValues("ge", a[0]!, a[1]!) >= 0 }; }],
  ["call", () => fail("1: error calling call: no functions can be called from a template")],
]);

/** Render a template over JSON variables; throws BuiltinError on parse and execution errors. */
export function renderTemplate(template: string, vars: Json): string {
  const parser = new Parser(lex(template));
  const top = parser.list(false, false).nodes;
  const data = fromJson(vars);
  const ex = new Exec(parser.defs);
  ex.run(top, data, [["$", data]]);
  return ex.out.replaceAll("<no value>", "<undefined>");
}

const renderTemplateBuiltin: HostImpl = (args) => {
  const t = stringArg(args, 0);
  const vars = objectArg(args, 1);
  if (!isObject(vars)) throw new BuiltinError("operand 2 must be object");
  return renderTemplate(t, vars);
};

export const TEMPLATE_BUILTINS: ReadonlyMap<string, HostImpl> = new Map([["strings.render_template", renderTemplateBuiltin]]);
