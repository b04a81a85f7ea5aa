/**
 * IR pretty-printer: `Policy` → readable text, for golden snapshots and debug dumps.
 *
 *   constants
 *     c0 = "admin"
 *   plans
 *     t/allow -> data.t.allow
 *   func data.t.allow (params 2, locals 6) -> l2
 *     memoGet 0 -> l2
 *     block
 *       …
 *
 * Locals print as `lN` (l0 = input, l1 = data in every function), constants as `cN`.
 */
import type { ConstValue, Operand, Policy, Stmt } from "./ir.js";

export function printPolicy(policy: Policy): string {
  const out: string[] = [];
  out.push("constants");
  policy.constants.forEach((c, i) => out.push(`  c${i} = ${printConst(c)}`));
  out.push(`memo slots ${policy.memoSlots}`);
  out.push("plans");
  for (const p of policy.plans) out.push(`  ${p.name} -> ${p.func}`);
  for (const f of policy.funcs) {
    out.push(`func ${f.name} (params ${f.params}, locals ${f.locals}) -> l${f.result}`);
    printStmts(f.body, 1, out);
  }
  return out.join("\n") + "\n";
}

export function printConst(c: ConstValue): string {
  switch (c.t) {
    case "null":
      return "null";
    case "bool":
      return String(c.v);
    case "number":
      return c.text;
    case "string":
      return JSON.stringify(c.v);
    case "array":
      return `[${c.items.map(printConst).join(", ")}]`;
    case "set":
      return c.items.length === 0 ? "set()" : `{${c.items.map(printConst).join(", ")}}`;
    case "object":
      return `{${c.entries.map(([k, v]) => `${printConst(k)}: ${printConst(v)}`).join(", ")}}`;
  }
}

const op = (o: Operand): string => ("local" in o ? `l${o.local}` : `c${o.const}`);

export function printStmts(stmts: readonly Stmt[], depth: number, out: string[]): void {
  const pad = "  ".repeat(depth);
  for (const s of stmts) {
    switch (s.op) {
      case "block":
        out.push(`${pad}block`);
        printStmts(s.body, depth + 1, out);
        break;
      case "not":
        out.push(`${pad}not`);
        printStmts(s.body, depth + 1, out);
        break;
      case "with":
        out.push(`${pad}with`);
        printStmts(s.body, depth + 1, out);
        break;
      case "scan":
        out.push(`${pad}scan l${s.source} key l${s.key} value l${s.value}`);
        printStmts(s.body, depth + 1, out);
        break;
      case "break":
        out.push(`${pad}break ${s.depth}`);
        break;
      case "call":
        out.push(`${pad}call ${s.func}(${s.args.map(op).join(", ")}) -> l${s.result}${s.allowUndefined ? " allowUndefined" : ""}`);
        break;
      case "assign":
        out.push(`${pad}l${s.target} := ${op(s.source)}`);
        break;
      case "assignOnce":
        out.push(`${pad}l${s.target} := once ${op(s.source)}  # ${s.loc.file}:${s.loc.row}:${s.loc.col}: ${s.message}`);
        break;
      case "reset":
        out.push(`${pad}reset l${s.target}`);
        break;
      case "isDefined":
        out.push(`${pad}isDefined l${s.source}`);
        break;
      case "isUndefined":
        out.push(`${pad}isUndefined ${op(s.source)}`);
        break;
      case "equal":
        out.push(`${pad}equal ${op(s.a)} ${op(s.b)}`);
        break;
      case "notEqual":
        out.push(`${pad}notEqual ${op(s.a)} ${op(s.b)}`);
        break;
      case "notFalse":
        out.push(`${pad}notFalse ${op(s.source)}`);
        break;
      case "dot":
        out.push(`${pad}l${s.target} := ${op(s.source)}[${op(s.key)}]`);
        break;
      case "len":
        out.push(`${pad}l${s.target} := len ${op(s.source)}`);
        break;
      case "make":
        out.push(`${pad}l${s.target} := make ${s.type}`);
        break;
      case "arrayAppend":
        out.push(`${pad}arrayAppend l${s.array} ${op(s.value)}`);
        break;
      case "objectInsert":
        out.push(`${pad}objectInsert l${s.object} ${op(s.key)} ${op(s.value)}`);
        break;
      case "objectInsertOnce":
        out.push(`${pad}objectInsertOnce l${s.object} ${op(s.key)} ${op(s.value)}  # ${s.loc.file}:${s.loc.row}:${s.loc.col}`);
        break;
      case "setAdd":
        out.push(`${pad}setAdd l${s.set} ${op(s.value)}`);
        break;
      case "memoGet":
        out.push(`${pad}l${s.target} := memoGet ${s.slot}`);
        break;
      case "memoSet":
        out.push(`${pad}memoSet ${s.slot} l${s.source}`);
        break;
      case "abort":
        out.push(`${pad}abort ${s.loc.file}:${s.loc.row}:${s.loc.col}: ${JSON.stringify(s.message)}`);
        break;
    }
  }
}
