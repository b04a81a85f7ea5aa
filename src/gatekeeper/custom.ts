/**
 * Custom checks → Rego + parameter schema.
 *
 * Input: a `CustomCheckModel` (expression tree). Output: the template's Rego (rendered from
 * templates/custom-check.rego.hbs), its structural parameter schema, and the constraint
 * parameters that carry every compared value (`input.parameters.<test><n>`), never spliced.
 */
import type { CelForm } from "../cel/ast.js";
import { customCheckCel } from "../cel/custom.js";
import { renderLib } from "../checks/index.js";
import type { JSONSchema, RegoVersion } from "../checks/index.js";
import type { CustomCheckModel, Expr, FieldRef } from "../model/index.js";
import { renderTemplate } from "./hbs.js";

interface Node {
  index: number;
  op: string;
  children?: number[];
  child?: number;
  ref?: string;
  param?: string;
}

/** `x["resources"]["limits"]["memory"]`: property names as JSON string literals (valid Rego strings). */
function refOf(field: FieldRef, scope: "container" | "pod"): string {
  const root = field.base === "container" || scope === "pod" ? "x" : "input.review.object";
  return root + field.path.map((p) => `[${JSON.stringify(p)}]`).join("");
}

/** Rego, parameter schema properties and parameter values of one custom check. */
export function compileCustomCheck(c: CustomCheckModel, policy: string, regoVersion: RegoVersion): {
  rego: string;
  libs: string[];
  schema: JSONSchema;
  params: Record<string, unknown>;
  /** The same check in CEL (src/cel/custom.ts), reading the same parameters. */
  cel: CelForm;
} {
  const nodes: Node[] = [];
  const props: Record<string, JSONSchema> = {
    check: { type: "string", description: "Id of the custom check, reported in violation details." },
    message: { type: "string", description: "Violation message." },
  };
  const params: Record<string, unknown> = { check: c.id, message: c.message };
  const walk = (e: Expr): number => {
    const index = nodes.length;
    const node: Node = { index, op: e.kind };
    nodes.push(node);
    if (e.kind === "And" || e.kind === "Or") node.children = e.args.map(walk);
    else if (e.kind === "Not") node.child = walk(e.arg);
    else {
      node.op = e.test;
      node.ref = refOf(e.field, c.scope);
      const name = `${e.test}${index}`;
      const where = [e.field.base, ...e.field.path].join(".");
      if (e.test === "equals") {
        node.param = name;
        props[name] = typeof e.value === "string" ? { type: "string", description: `Value ${where} must equal.` }
          : typeof e.value === "boolean" ? { type: "boolean", description: `Value ${where} must equal.` }
          : { type: "integer", description: `Value ${where} must equal.` };
        params[name] = e.value;
      } else if (e.test === "oneOf" || e.test === "startsWithAny" || e.test === "endsWithAny") {
        node.param = name;
        props[name] = { type: "array", items: { type: "string" }, description: `${e.test} values for ${where}.` };
        params[name] = [...e.values];
      } else if (e.test === "matches") {
        node.param = name;
        props[name] = { type: "string", description: `Regular expression ${where} must match.` };
        params[name] = e.pattern;
      } else if (e.test === "atMost" || e.test === "atLeast") {
        node.param = name;
        props[name] = { type: "integer", description: `${e.test === "atMost" ? "Maximum" : "Minimum"} of ${where}.` };
        params[name] = e.value;
      }
    }
    return index;
  };
  walk(c.require);
  if (c.scope === "container") {
    props.exemptImages = { type: "array", items: { type: "string" }, description: "Images not checked; a trailing * is a prefix match." };
    props.exemptContainers = { type: "array", items: { type: "string" }, description: "Container names not checked." };
  }
  const rego = renderTemplate("custom-check.rego.hbs", {
    id: c.id,
    policy,
    scope: c.scope,
    packageName: `${policy.replace(/[^a-z0-9]/g, "_")}_${c.id}`,
    v0: regoVersion === "v0",
    containerScope: c.scope === "container",
    nodes,
  });
  // Container rules reuse the checks' libraries (container entries, exemptions) and their order.
  const libs = c.scope === "container" ? ["params", "match", "pod", "exempt"].map((name) => renderLib(name, { regoVersion })) : [];
  return { rego, libs, schema: { type: "object", properties: props }, params, cel: customCheckCel(c) };
}
