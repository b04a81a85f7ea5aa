/**
 * Printing an imported PodSecurityPolicy as a TypeScript policy file.
 *
 * Input: an `ImportedPsp`, its policy name, its sample cases and the import specifier of gpc.
 * Output: the file's text — `export const spec` (the PSP spec in the DSL's `psp:` form, every
 * field carried over; defaulting fields, which gpc cannot enforce, as comments that say so), the
 * allowed pod, and `export default definePolicy({...})` with the cases. Every user string is
 * printed as an escaped string literal (`tsString`), in code and in comments alike, so no PSP
 * name or value can end a string or a comment. Output is deterministic: fixed key order, LF,
 * trailing newline.
 */
import { CHECKS } from "../../checks/registry.js";
import type { PodSecurityPolicySpec } from "../../checks/psp-types.js";
import { kebab } from "../../dsl/policy.js";
import { type GeneratedCase, type Op, type Segment, SAMPLE_POD_NAME } from "./cases.js";
import { formatSource, PSP_ANNOTATIONS, SPEC_FIELDS, type ImportedPsp } from "./read.js";

/** A string as a TypeScript string literal; also escapes the line terminators JSON leaves raw. */
export function tsString(s: string): string {
  return JSON.stringify(s).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const tsKey = (k: string) => (IDENT.test(k) ? k : tsString(k));

/** Key order inside nested spec values (the API's field order). */
const KEY_ORDER = ["rule", "seLinuxOptions", "user", "role", "type", "level", "ranges", "min", "max", "pathPrefix", "readOnly", "driver", "name", "allowedRuntimeClassNames", "defaultRuntimeClassName"];
const keyRank = (k: string) => { const i = KEY_ORDER.indexOf(k); return i < 0 ? KEY_ORDER.length : i; };
const sortKeys = (o: object) => Object.keys(o).sort((a, b) => keyRank(a) - keyRank(b) || (a < b ? -1 : a > b ? 1 : 0));

/**
 * A JSON value as a TypeScript expression on one line. `canonical` orders object keys as the API
 * does (for spec values); otherwise keys keep their order.
 */
export function tsInline(v: unknown, canonical = false): string {
  if (typeof v === "string") return tsString(v);
  if (typeof v === "number" || typeof v === "boolean" || v === null) return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map((x) => tsInline(x, canonical)).join(", ")}]`;
  if (typeof v === "object") {
    const keys = canonical ? sortKeys(v) : Object.keys(v);
    return keys.length ? `{ ${keys.map((k) => `${tsKey(k)}: ${tsInline((v as Record<string, unknown>)[k], canonical)}`).join(", ")} }` : "{}";
  }
  throw new Error(`cannot print ${typeof v}`);
}

/** A JSON value, on one line when it fits in `width`, else one element or property per line. */
export function tsValue(v: unknown, indent: string, canonical = false, width = 100): string {
  const one = tsInline(v, canonical);
  if (one.length + indent.length <= width || typeof v !== "object" || v === null) return one;
  const inner = `${indent}  `;
  if (Array.isArray(v)) return `[\n${v.map((x) => `${inner}${tsValue(x, inner, canonical, width)},\n`).join("")}${indent}]`;
  const keys = canonical ? sortKeys(v) : Object.keys(v);
  return `{\n${keys.map((k) => `${inner}${tsKey(k)}: ${tsValue((v as Record<string, unknown>)[k], inner, canonical, width)},\n`).join("")}${indent}}`;
}

/** Text for a `//` comment: raw when it has no line terminator, else a string literal. */
const commentText = (s: string) => (/[\n\r\u2028\u2029]/.test(s) ? tsString(s) : s);

/** Longest policy name whose every constraint name (`<policy>-<check>`) fits Kubernetes' 63 characters. */
export const MAX_POLICY_NAME = 63 - 1 - Math.max(...Object.keys(CHECKS).map((id) => kebab(id).length));

/** `metadata.name` → a policy name (lowercase DNS label, short enough for every constraint name). */
export function policyNameOf(metadataName: string): string {
  let n = metadataName.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/-+/g, "-").replace(/^-|-$/g, "");
  if (n === "") n = "psp";
  if (n.length > MAX_POLICY_NAME) n = n.slice(0, MAX_POLICY_NAME).replace(/-+$/, "");
  return n;
}

/** A field PSP used to default pods, which gpc does not enforce; printed as a comment. */
export interface DefaultingField {
  /** Where it sits: a spec field, an annotation, or `runtimeClass.defaultRuntimeClassName`. */
  readonly field: string;
  readonly value: unknown;
  /** Why it is a comment and where the default can go instead. */
  readonly note: string;
}

const VALIDATES = "gpc validates pods and does not change them";
const KEEP = "to keep this default, set it in the pods or with a Gatekeeper mutation (an Assign)";
const MUTATE = `${VALIDATES}; ${KEEP}`;

/**
 * The spec that `definePolicy` gets (`live`) and the defaulting fields left out of it. `live`
 * keeps `defaultAddCapabilities`: PSP allowed those capabilities as adds, which is validation.
 */
export function splitSpec(spec: PodSecurityPolicySpec): { live: PodSecurityPolicySpec; defaults: DefaultingField[] } {
  const { defaultAllowPrivilegeEscalation, annotations, runtimeClass, ...rest } = spec;
  const defaults: DefaultingField[] = [];
  const live: Record<string, unknown> = { ...rest };
  if (defaultAllowPrivilegeEscalation !== undefined) {
    defaults.push({ field: "defaultAllowPrivilegeEscalation", value: defaultAllowPrivilegeEscalation, note: `not enforced: PSP set allowPrivilegeEscalation on containers that left it unset; ${MUTATE} on spec.containers[*].securityContext.allowPrivilegeEscalation` });
  }
  if (runtimeClass !== undefined) {
    const { defaultRuntimeClassName, ...rc } = runtimeClass;
    live.runtimeClass = rc;
    if (defaultRuntimeClassName !== undefined) defaults.push({ field: "runtimeClass.defaultRuntimeClassName", value: defaultRuntimeClassName, note: `not enforced: PSP set spec.runtimeClassName on pods that left it unset; ${MUTATE} on spec.runtimeClassName` });
  }
  if (annotations !== undefined) {
    const a: Record<string, string> = {};
    // Whether the allowed list makes a profile required (as src/checks/psp.ts maps it).
    const names = (k: string) => annotations[k]?.split(",").map((n) => n.trim());
    const seccompList = names(PSP_ANNOTATIONS.seccompAllowed);
    const appArmorList = names(PSP_ANNOTATIONS.appArmorAllowed);
    const rest = (required: boolean) => `${VALIDATES}${required ? ", so such pods are denied" : ""}; ${KEEP}`;
    const seccompRequired = !!seccompList && !seccompList.includes("*") && !seccompList.includes("");
    const appArmorRequired = !!appArmorList && !appArmorList.includes("*") && appArmorList.some((n) => n !== "");
    for (const [k, v] of Object.entries(annotations)) {
      if (k === PSP_ANNOTATIONS.seccompDefault) defaults.push({ field: `annotations["${k}"]`, value: v, note: `not enforced: PSP set this seccomp profile on pods that had none; ${rest(seccompRequired)} on spec.securityContext.seccompProfile` });
      else if (k === PSP_ANNOTATIONS.appArmorDefault) defaults.push({ field: `annotations["${k}"]`, value: v, note: `not enforced: PSP set this AppArmor profile on containers that had none; ${rest(appArmorRequired)} on spec.containers[*].securityContext.appArmorProfile` });
      else a[k] = v;
    }
    if (Object.keys(a).length) live.annotations = a;
  }
  // Keep the API's field order, annotations last.
  const order = [...Object.keys(SPEC_FIELDS), "annotations"];
  const sorted = Object.fromEntries(order.filter((k) => live[k] !== undefined).map((k) => [k, live[k]]));
  return { live: sorted as PodSecurityPolicySpec, defaults };
}

/** Comment lines above a live field, where PSP's behaviour differs from a validating check. */
function fieldNotes(key: string, spec: PodSecurityPolicySpec): string[] {
  const strategy = (spec as Record<string, { rule?: string } | undefined>)[key];
  if (key === "defaultAddCapabilities") return ["PSP also added these to every container that did not drop them; gpc does not (it validates, it does not mutate: use a Gatekeeper mutation, an Assign, for that). They stay allowed as adds, as in PSP."];
  if (key === "seLinux" && strategy?.rule === "MustRunAs") return ["MustRunAs: PSP filled in these options where a pod left them unset; gpc checks the values pods set."];
  if (["runAsUser", "runAsGroup", "supplementalGroups", "fsGroup"].includes(key) && strategy?.rule === "MustRunAs") {
    return [`MustRunAs: PSP filled in the first range's min where a pod left ${key} unset; gpc denies such pods instead.`];
  }
  return [];
}

/** Prose as `//` lines of at most 100 columns. */
function comment(indent: string, paragraphs: readonly string[]): string {
  const width = 100 - indent.length - 3;
  let out = "";
  for (const p of paragraphs) {
    let line = "";
    for (const word of commentText(p).split(" ")) {
      if (line && line.length + 1 + word.length > width) { out += `${indent}// ${line}\n`; line = word; }
      else line = line ? `${line} ${word}` : word;
    }
    out += `${indent}// ${line}\n`;
  }
  return out;
}

/** A defaulting field: why it is a comment, then the field itself, commented out (never wrapped). */
function defaultingComment(indent: string, d: DefaultingField, key: string): string {
  return `${comment(indent, [`${d.note.replace(/^not enforced/, "Not enforced")}.`])}${indent}// ${commentText(`${key}: ${tsInline(d.value, true)},`)}\n`;
}

/** The `export const spec = {...}` block. */
function printSpec(live: PodSecurityPolicySpec, defaults: readonly DefaultingField[]): string {
  const ind = "  ";
  let out = "";
  const top = defaults.filter((d) => !d.field.includes(".") && !d.field.startsWith("annotations["));
  const used = new Set<DefaultingField>();
  for (const key of [...Object.keys(SPEC_FIELDS), "annotations"]) {
    for (const d of top) if (d.field === key) { out += defaultingComment(ind, d, key); used.add(d); }
    const v = (live as Record<string, unknown>)[key];
    const annDefaults = key === "annotations" ? defaults.filter((d) => d.field.startsWith("annotations[")) : [];
    const rcDefault = key === "runtimeClass" ? defaults.find((d) => d.field === "runtimeClass.defaultRuntimeClassName") : undefined;
    if (v === undefined) {
      if (annDefaults.length) {
        out += comment(ind, ["annotations of the PodSecurityPolicy:"]);
        for (const d of annDefaults) { out += defaultingComment(ind, d, tsString(d.field.slice("annotations[".length, -1).replace(/^"|"$/g, ""))); used.add(d); }
      }
      continue;
    }
    out += comment(ind, fieldNotes(key, live));
    if (annDefaults.length || rcDefault) {
      // An object with commented-out entries: one entry per line.
      const o = v as Record<string, unknown>;
      out += `${ind}${key}: {\n`;
      for (const k of key === "annotations" ? Object.keys(o).sort() : sortKeys(o)) out += `${ind}  ${tsKey(k)}: ${tsValue(o[k], `${ind}  `, true)},\n`;
      for (const d of annDefaults) { out += defaultingComment(`${ind}  `, d, tsString(d.field.slice("annotations[".length, -1).replace(/^"|"$/g, ""))); used.add(d); }
      if (rcDefault) { out += defaultingComment(`${ind}  `, rcDefault, "defaultRuntimeClassName"); used.add(rcDefault); }
      out += `${ind}},\n`;
    } else if (key === "annotations") {
      const o = v as Record<string, unknown>;
      out += `${ind}annotations: {\n${Object.keys(o).sort().map((k) => `${ind}  ${tsKey(k)}: ${tsValue(o[k], `${ind}  `, true)},\n`).join("")}${ind}},\n`;
    } else {
      out += `${ind}${key}: ${tsValue(v, ind, true)},\n`;
    }
  }
  for (const d of defaults) if (!used.has(d)) throw new Error(`internal: defaulting field ${d.field} not printed`);
  return `export const spec: PodSecurityPolicySpec = {\n${out}};\n`;
}

/** Required properties on the way to a pod field; every other intermediate one gets `!`. */
const REQUIRED_POD = new Set(["spec", "metadata", "containers"]);

function printPath(root: string, path: readonly Segment[], required: ReadonlySet<string>): string {
  let s = root;
  path.forEach((seg, i) => {
    s += typeof seg === "number" ? `[${seg}]` : IDENT.test(seg) ? `.${seg}` : `[${tsString(seg)}]`;
    if (i < path.length - 1 && !(typeof seg === "string" && required.has(seg))) s += "!";
  });
  return s;
}

function printOps(root: string, ops: readonly Op[], required: ReadonlySet<string>, indent: string): string[] {
  return ops.map((op) => ("value" in op ? `${printPath(root, op.path, required)} = ${tsValue(op.value, indent)};` : `delete ${printPath(root, op.path, required)};`));
}

const isContainerOp = (op: Op) => op.path[0] === "spec" && op.path[1] === "containers" && op.path[2] === 0 && op.path.length > 3;

/** The object expression of a case: `ok`, `tweak(ok, …)` or `tweakContainer(ok, …)`. */
function printCaseObject(ops: readonly Op[], used: Set<string>): string {
  if (ops.length === 0) return "ok";
  if (ops.every(isContainerOp)) {
    used.add("tweakContainer");
    const stmts = printOps("c", ops.map((o) => ({ ...o, path: o.path.slice(3) })), new Set(), "      ");
    return `tweakContainer(ok, (c) => { ${stmts.join(" ")} })`;
  }
  used.add("tweak");
  const stmts = printOps("p", ops, REQUIRED_POD, "      ");
  return `tweak(ok, (p) => { ${stmts.join(" ")} })`;
}

/** Everything the file is made of. */
export interface PolicyFileInput {
  readonly psp: ImportedPsp;
  readonly policyName: string;
  readonly base: readonly Op[];
  readonly cases: readonly GeneratedCase[];
  /** Module specifier the file imports gpc from, e.g. `gpc` or `../src/index.js`. */
  readonly importFrom: string;
}

/** The description the policy gets. */
export const descriptionOf = (psp: ImportedPsp) => `Imported from the PodSecurityPolicy ${JSON.stringify(psp.name)} (${psp.apiVersion}).`;

/** The whole policy file. */
export function printPolicyFile(x: PolicyFileInput): string {
  const { psp } = x;
  const { live, defaults } = splitSpec(psp.spec);
  const used = new Set<string>(["definePolicy", "samplePod", "allowed"]);
  let head = `// Imported by \`gpc import psp\` from the PodSecurityPolicy ${tsString(psp.name)} (${commentText(psp.apiVersion)}),\n`;
  head += `// ${commentText(formatSource(psp.source))}.\n// Edit freely: gpc import keeps existing files unless --force.\n`;
  head += "// gpc validates pods and does not change them: PSP's defaulting fields are comments below.\n";
  if (Object.keys(psp.labels).length) head += `// Labels of the PodSecurityPolicy: ${tsInline(psp.labels)}\n`;
  const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
  const other = Object.fromEntries(Object.entries(psp.otherAnnotations).filter(([k]) => k !== LAST_APPLIED));
  if (Object.keys(other).length) head += `// Other annotations of the PodSecurityPolicy (not policy): ${tsInline(other)}\n`;
  if (psp.otherAnnotations[LAST_APPLIED] !== undefined) head += `// (its ${LAST_APPLIED} annotation is not copied)\n`;

  let base: string;
  if (x.base.length === 0) base = `const ok = samplePod(${tsString(SAMPLE_POD_NAME)});\n`;
  else {
    used.add("tweak");
    base = `const ok = tweak(samplePod(${tsString(SAMPLE_POD_NAME)}), (p) => {\n${printOps("p", x.base, REQUIRED_POD, "  ").map((s) => `  ${s}\n`).join("")}});\n`;
  }

  let cases = "";
  for (const c of x.cases) {
    const obj = printCaseObject(c.ops, used);
    if (c.expect === "allowed") { cases += `    allowed(${tsString(c.name)}, ${obj}),\n`; continue; }
    used.add("denied");
    const opts = [`deniedBy: ${tsString(c.deniedBy!)}`, ...(c.messages?.length ? [`messages: ${tsInline(c.messages)}`] : [])];
    cases += `    // ${commentText(c.field)}\n    denied(${tsString(c.name)}, ${obj}, { ${opts.join(", ")} }),\n`;
  }

  const names = [...used].sort();
  return [
    head,
    `import { ${names.join(", ")}, type PodSecurityPolicySpec } from ${tsString(x.importFrom)};\n`,
    "\n",
    "/** The PodSecurityPolicy's spec in gpc's `psp` form: every field, defaulting ones as comments. */\n",
    printSpec(live, defaults),
    "\n",
    "/** A pod the PodSecurityPolicy admits: gpc's sample pod with the policy's requirements met. */\n",
    base,
    "\n",
    "export default definePolicy({\n",
    `  name: ${tsString(x.policyName)},\n`,
    `  description: ${tsString(descriptionOf(psp))},\n`,
    "  psp: spec,\n",
    "  cases: [\n",
    cases,
    "  ],\n",
    "});\n",
  ].join("");
}
