/**
 * Custom checks (the expression builder of src/dsl/custom.ts) → CEL, beside their Rego
 * (src/gatekeeper/custom.ts + templates/custom-check.rego.hbs), with the same semantics.
 *
 * Input: a `CustomCheckModel`. Output: its `CelForm`. Compared values are read from
 * `variables.params.<test><n>` — the same parameter names the Rego reads from `input.parameters`
 * (`<n>` is the node's pre-order index) — never written into the expression. Field paths are
 * property names, printed as escaped CEL selections.
 *
 * A field is reached only through maps (Rego's `x["a"]["b"]` is undefined through anything
 * else). Ordered tests (`atMost`, `atLeast`) hold only for numbers, and text tests only for
 * strings; Rego also orders `null` and booleans below numbers, which no valid pod field needs.
 */
import type { CustomCheckModel, Expr as ModelExpr, FieldRef } from "../model/index.js";
import { and, bin, cond, has, ident, list, lit, isIn, macro, method, not, or, plus, sel, str, type CelForm, type Expr } from "./ast.js";
import { celForm, filterMap, isMap, isNumber, isType, ne, NULL, eq, v } from "./lib.js";

/** `has(x.a) && type(x.a) == map && has(x.a.b) …`: every step of `path` exists, through maps. */
function reach(root: Expr, path: readonly string[]): Expr {
  const parts: Expr[] = [isMap(root)];
  let cur = root;
  path.forEach((p, i) => {
    parts.push(has(cur, p));
    cur = sel(cur, p);
    if (i < path.length - 1) parts.push(isMap(cur));
  });
  return and(...parts);
}

/** The CEL form of a custom check. */
export function customCheckCel(c: CustomCheckModel): CelForm {
  return celForm((b) => {
    let n = 0;
    const param = (name: string) => sel(v("params"), name);
    const walk = (e: ModelExpr, x: Expr, pod: Expr): Expr => {
      const index = n++;
      if (e.kind === "And") return and(...e.args.map((a) => walk(a, x, pod)));
      if (e.kind === "Or") return or(...e.args.map((a) => walk(a, x, pod)));
      if (e.kind === "Not") return not(walk(e.arg, x, pod));
      const root = refRoot(e.field, x, pod);
      const at = reach(root, e.field.path);
      const ref = e.field.path.length ? sel(root, ...e.field.path) : root;
      const p = param(`${e.test}${index}`);
      switch (e.test) {
        case "defined": return and(at, ne(ref, NULL));
        case "undefined": return not(and(at, ne(ref, NULL)));
        case "isTrue": return and(at, eq(ref, lit(true)));
        case "notTrue": return not(and(at, eq(ref, lit(true))));
        case "equals": return and(at, eq(ref, p));
        case "oneOf": return and(at, isIn(ref, p));
        case "startsWithAny": return and(at, isType(ref, "string"), macro("exists", p, "prefix", method(ref, "startsWith", ident("prefix"))));
        case "endsWithAny": return and(at, isType(ref, "string"), macro("exists", p, "suffix", method(ref, "endsWith", ident("suffix"))));
        case "matches": return and(at, isType(ref, "string"), method(ref, "matches", p));
        case "atMost": return and(at, isNumber(ref), bin("<=", ref, p));
        case "atLeast": return and(at, isNumber(ref), bin(">=", ref, p));
      }
    };
    const message = param("message");
    if (c.scope === "container") {
      b.deny("custom", filterMap(b.checked, "e", (e) => not(walk(c.require, sel(e, "c"), v("anyObject"))), (e) => plus(sel(e, "label"), str(": "), message)));
    } else {
      const pod = v("anyObject");
      b.deny("custom", cond(not(walk(c.require, pod, pod)), list(message), list()));
    }
  });
}

/** Container fields start at the container, pod fields at the object (as in the Rego). */
function refRoot(f: FieldRef, container: Expr, pod: Expr): Expr {
  return f.base === "container" ? container : pod;
}

