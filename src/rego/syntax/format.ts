/**
 * Debug printer for the Rego AST: Module/Rule/Literal/Term → compact Rego-like text.
 *
 * Every infix operation is parenthesised, so the output shows exactly how the parser grouped an
 * expression (`((a + b) * c)`); `k, v in xs` prints as `(k, v in xs)`, `-x` as `-(x)`; only the
 * top-level `:=`/`=` of a literal is bare. The output parses back (v1, wildcards `$wildcardN`
 * written as `_`) to the same AST. Used by tests and debug dumps; not a formatter for users.
 */
import type { Body, Expr, Literal, Module, Rule, Term } from "./ast.js";

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function formatTerm(t: Term): string {
  switch (t.kind) {
    case "scalar":
      if (typeof t.value === "number") return t.text ?? String(t.value);
      return JSON.stringify(t.value);
    case "var":
      return t.name;
    case "ref":
      return formatTerm(t.head) + t.path.map((p) =>
        p.kind === "scalar" && typeof p.value === "string" && IDENT.test(p.value) ? `.${p.value}` : `[${formatTerm(p)}]`).join("");
    case "array":
      return `[${t.items.map(formatTerm).join(", ")}]`;
    case "set":
      return t.items.length === 0 ? "set()" : `{${t.items.map(formatTerm).join(", ")}}`;
    case "object":
      return `{${t.entries.map(([k, v]) => `${formatTerm(k)}: ${formatTerm(v)}`).join(", ")}}`;
    case "arrayCompr":
      return `[${formatTerm(t.head)} | ${formatBody(t.body)}]`;
    case "setCompr":
      return `{${formatTerm(t.head)} | ${formatBody(t.body)}}`;
    case "objectCompr":
      return `{${formatTerm(t.key)}: ${formatTerm(t.value)} | ${formatBody(t.body)}}`;
    case "call":
      return `${t.name}(${t.args.map(formatTerm).join(", ")})`;
    case "infix":
      return t.key
        ? `(${formatTerm(t.key)}, ${formatTerm(t.left)} in ${formatTerm(t.right)})`
        : `(${formatTerm(t.left)} ${t.op} ${formatTerm(t.right)})`;
    case "unary":
      return `-(${formatTerm(t.operand)})`;
  }
}

export function formatExpr(e: Expr): string {
  switch (e.kind) {
    case "termExpr": {
      // `:=`/`=` only occur at the top of an expression: print them without parentheses.
      const t = e.term;
      if (t.kind === "infix" && (t.op === ":=" || t.op === "=")) return `${formatTerm(t.left)} ${t.op} ${formatTerm(t.right)}`;
      return formatTerm(t);
    }
    case "someDecl": return `some ${e.vars.map(formatTerm).join(", ")}`;
    case "someIn": return `some ${e.key ? formatTerm(e.key) + ", " : ""}${formatTerm(e.value)} in ${formatTerm(e.collection)}`;
    case "every": return `every ${e.key ? formatTerm(e.key) + ", " : ""}${formatTerm(e.value)} in ${formatTerm(e.collection)} { ${formatBody(e.body)} }`;
  }
}

export function formatLiteral(l: Literal): string {
  return (l.negated ? "not " : "") + formatExpr(l.expr) +
    l.with.map((w) => ` with ${formatTerm(w.target)} as ${formatTerm(w.value)}`).join("");
}

/** Literals joined by `; `. */
export function formatBody(b: Body): string {
  return b.map(formatLiteral).join("; ");
}

/** One rule on one line, in v1 syntax; `default`, `else` and several bodies included. */
export function formatRule(r: Rule): string {
  let head = (r.isDefault ? "default " : "") + r.name.map((n, i) => i === 0 || !IDENT.test(n) ? (i === 0 ? n : `[${JSON.stringify(n)}]`) : `.${n}`).join("");
  if (r.args) head += `(${r.args.map(formatTerm).join(", ")})`;
  if (r.headKind === "partialSet") head += ` contains ${formatTerm(r.key!)}`;
  if (r.headKind === "partialObject") head += `[${formatTerm(r.key!)}]`;
  if (r.value) head += ` ${r.assign === "none" ? ":=" : r.assign} ${formatTerm(r.value)}`;
  const bodies = r.bodies.length === 1 && r.bodies[0]!.length === 0 ? "" : " if " + r.bodies.map((b) => `{ ${formatBody(b)} }`).join(" ");
  const elses = r.else.map((e) => " else" + (e.value ? ` := ${formatTerm(e.value)}` : "") + (e.body.length ? ` if { ${formatBody(e.body)} }` : "")).join("");
  return head + bodies + elses;
}

/** `package …`, imports and rules, one per line. */
export function formatModule(m: Module): string {
  const lines = [`package ${m.package.map((n, i) => (i > 0 && !IDENT.test(n) ? `[${JSON.stringify(n)}]` : (i > 0 ? "." : "") + n)).join("")}`];
  for (const i of m.imports) {
    const last = i.path.path.length ? i.path.path[i.path.path.length - 1]! : i.path.head;
    const implicit = last.kind === "scalar" ? last.value : last.kind === "var" ? last.name : undefined;
    lines.push(`import ${formatTerm(i.path)}${i.alias !== undefined && i.alias !== implicit ? ` as ${i.alias}` : ""}`);
  }
  for (const r of m.rules) lines.push(formatRule(r));
  return lines.join("\n");
}
