/**
 * CEL AST → CEL text.
 *
 * Input: an `Expr` of ./ast.ts. Output: one line of CEL that cel-go and @bufbuild/cel parse back
 * to the same tree: parentheses only where precedence needs them, string literals escaped (quotes,
 * backslashes and control characters; lone surrogates are refused), field names that are not CEL
 * identifiers (or are keywords) printed as `x["f"]` and `"f" in x`.
 */
import type { Expr } from "./ast.js";

/** Keywords: never a field name after `.` (cel-go and @bufbuild/cel both refuse `x.in`). */
const KEYWORDS = new Set(["true", "false", "null", "in"]);

/**
 * Whether `name` can be written as a field selection (`x.name`). Reserved words that are not
 * keywords (`namespace`, `package`, …) are accepted after a dot by cel-go (Gatekeeper's own CEL
 * writes `obj.metadata.namespace`) and by @bufbuild/cel; a typed object such as `request` cannot
 * be indexed with `["namespace"]`, so selection is the only portable form there.
 */
export const isIdent = (name: string): boolean => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !KEYWORDS.has(name);

/** A CEL double-quoted string literal. */
export function quoteString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) throw new Error(`string ${JSON.stringify(s)} has a lone surrogate; it cannot be a CEL literal`);
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (cp < 0x20 || cp === 0x7f) out += "\\u" + cp.toString(16).padStart(4, "0");
    else out += ch;
  }
  return out + '"';
}

const PREC: Readonly<Record<string, number>> = {
  "||": 2, "&&": 3, "==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4, in: 4, "+": 5, "-": 5, "*": 6, "/": 6, "%": 6,
};

function prec(e: Expr): number {
  switch (e.kind) {
    case "Cond": return 1;
    case "Binary": return PREC[e.op]!;
    case "Unary": return 7;
    case "Has": return isIdent(e.field) ? 8 : 4;
    case "Lit": return typeof e.value === "bigint" && e.value < 0n ? 7 : 8;
    default: return 8;
  }
}

function p(e: Expr, min: number): string {
  const s = print(e);
  return prec(e) < min ? `(${s})` : s;
}

function member(operand: Expr, field: string): string {
  return isIdent(field) ? `${p(operand, 8)}.${field}` : `${p(operand, 8)}[${quoteString(field)}]`;
}

/** The CEL text of an expression. */
export function print(e: Expr): string {
  switch (e.kind) {
    case "Ident": return e.name;
    case "Lit":
      if (e.value === null) return "null";
      if (typeof e.value === "string") return quoteString(e.value);
      return String(e.value);
    case "Type": return e.name;
    case "Select": return member(e.operand, e.field);
    case "Index": return `${p(e.operand, 8)}[${print(e.index)}]`;
    case "Has": return isIdent(e.field) ? `has(${member(e.operand, e.field)})` : `${quoteString(e.field)} in ${p(e.operand, 5)}`;
    case "Call": {
      const args = e.args.map((a) => print(a)).join(", ");
      return e.target ? `${p(e.target, 8)}.${e.fn}(${args})` : `${e.fn}(${args})`;
    }
    case "Unary": return `${e.op}${p(e.arg, 7)}`;
    case "Binary": {
      const q = PREC[e.op]!;
      return `${p(e.left, q)} ${e.op} ${p(e.right, q + 1)}`;
    }
    case "Cond": return `${p(e.cond, 2)} ? ${p(e.then, 2)} : ${p(e.else, 1)}`;
    case "List": return `[${e.items.map((i) => print(i)).join(", ")}]`;
    case "Map": return `{${e.entries.map(([k, v]) => `${print(k)}: ${print(v)}`).join(", ")}}`;
    case "Macro": return `${p(e.target, 8)}.${e.fn}(${e.var}, ${e.filter ? `${print(e.filter)}, ` : ""}${print(e.body)})`;
  }
}
