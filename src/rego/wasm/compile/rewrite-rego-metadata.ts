/**
 * Pass `rewriteRegoMetadata`: modules → modules where `rego.metadata.chain()` and
 * `rego.metadata.rule()` are constants. OPA's compiler stages ParseMetadataBlocks,
 * SetAnnotationSet and RewriteRegoMetadataCalls (v1/ast/compile.go, annotations.go):
 *
 * - Only when some module calls `rego.metadata.*` are the METADATA blocks of every module read
 *   (as Gatekeeper's OPA does: its parser does not process annotations), so a malformed block
 *   is an error only then; modules without such calls cost nothing here.
 * - A block belongs to the first statement (package, import or rule) after it. Its scope
 *   defaults to `rule` for a rule (`document` with `entrypoint: true`) and `package` for the
 *   package; `rule`/`document` must precede a rule, `package`/`subpackages` the package.
 * - `rego.metadata.rule()` is the rule's first `rule`-scope annotations ({} without). The chain
 *   is the rule's own annotations (closest first; or just its path), then the `document`
 *   annotations of its path, the `package` annotations of its package (from any module), then
 *   the `subpackages` (and `document`) annotations at the package's path and above, innermost
 *   first. Each link is `{path, annotations}`, the path without `data`.
 * - A call with an output argument (`rego.metadata.rule(x)`) becomes `x = value`. An `else`
 *   branch, and the second body of a v0 `p { a } { b }`, has no rule annotations, as in OPA.
 *
 * Paths are the packages the modules have where they run (`Module.metadataPackage`, e.g.
 * Gatekeeper's `template`), else their declared packages.
 *
 * Runs after `collectRules` (one body per rule, as OPA's rules) and before `resolveRefs`.
 */
import type { Diagnostic, Span } from "../../../diagnostics/diagnostic.js";
import { annotationsValue, readAnnotations, type AnnotationValue, type Annotations } from "../../syntax/annotations.js";
import type { Body, Module, Rule, Term } from "../../syntax/ast.js";
import { mapLiteralTerms, mapRuleParts, mapTerm, type TermMapper } from "./ast-util.js";
import type { Program } from "./program.js";

const CHAIN = "rego.metadata.chain";
const RULE = "rego.metadata.rule";

/** Annotations attached to a package or a rule, with the scope they then have. */
interface Attached {
  readonly a: Annotations;
  readonly scope: string;
  /** The target's path with `data`: the package path, or the rule's ground path. */
  readonly path: readonly string[];
  readonly rule?: Rule;
}

export function rewriteRegoMetadata(p: Program): Program {
  if (!p.modules.some((m) => m.callsMetadata)) return p;
  const set = buildSet(p.modules, p.diagnostics);
  if (!set) return p;
  const modules = p.modules.map((m) => (m.callsMetadata && !aliasesRego(m) ? rewriteModule(m, set) : m));
  return { ...p, modules };
}

/** `import data.x as rego` (or `import input.rego`) shadows the builtin namespace. */
function aliasesRego(m: Module): boolean {
  return m.imports.some((i) => i.alias === "rego");
}

interface AnnotationSet {
  readonly byRule: Map<Rule, Attached[]>;
  readonly byPackage: Map<string, Attached>;
  /** `document` annotations by rule path and `subpackages` annotations by package path (with `data`). */
  readonly byPath: Map<string, Attached>;
}

const key = (path: readonly string[]): string => JSON.stringify(path);

/** Read, attach and index every module's blocks; undefined after reporting errors. */
function buildSet(modules: readonly Module[], diagnostics: Diagnostic[]): AnnotationSet | undefined {
  const set: AnnotationSet = { byRule: new Map(), byPackage: new Map(), byPath: new Map() };
  const errors: Diagnostic[] = [];
  const err = (message: string, span: Span, code = "rego-parse") => errors.push({ code, severity: "error", message, span });
  const attachedAll: Attached[] = [];
  for (const m of modules) {
    if (!m.metadata) continue;
    const pkgPath = ["data", ...(m.metadataPackage ?? m.package)];
    // Blocks, imports and rules are in source order: one cursor each finds the next statement.
    let ii = 0, ri = 0;
    for (const block of m.metadata) {
      const r = readAnnotations(block);
      if (r.diagnostic) { errors.push(r.diagnostic); continue; }
      const a = r.annotations!;
      const at = block.span.start;
      // The first statement after the block (OPA compares rows; a column-1 comment starts its row).
      let node: { kind: "package" | "import" | "rule"; rule?: Rule } | undefined;
      while (ii < m.imports.length && m.imports[ii]!.span.start <= at) ii++;
      while (ri < m.rules.length && m.rules[ri]!.span.start <= at) ri++;
      if (m.packageSpan.start > at) node = { kind: "package" };
      else {
        const imp = m.imports[ii];
        const rule = m.rules[ri];
        if (imp && (!rule || imp.span.start < rule.span.start)) node = { kind: "import" };
        else if (rule) node = { kind: "rule", rule };
      }
      let scope = a.scope;
      if (scope === "") {
        if (node?.kind === "rule") scope = a.entrypoint ? "document" : "rule";
        else if (node?.kind === "package") scope = "package";
        else if (node?.kind === "import") scope = "import";
      }
      const have = node ? ` (have ${node.kind})` : "";
      if (scope === "rule" || scope === "document") {
        if (node?.kind !== "rule") { err(`annotation scope '${scope}' must be applied to rule${have}`, block.span); continue; }
      } else if (scope === "package" || scope === "subpackages") {
        if (node?.kind !== "package") { err(`annotation scope '${scope}' must be applied to package${have}`, block.span); continue; }
      } else {
        err(`invalid annotation scope '${scope}'. Use one of 'rule', 'document', 'package', or 'subpackages'`, block.span);
        continue;
      }
      if (a.entrypoint && scope !== "document" && scope !== "package") {
        err(`annotation entrypoint applied to non-document or package scope '${scope}'`, block.span);
        continue;
      }
      const rule = node.rule;
      attachedAll.push({ a, scope, path: rule ? [...pkgPath, ...rule.name] : pkgPath, ...(rule ? { rule } : {}) });
    }
  }
  if (errors.length) { diagnostics.push(...errors); return undefined; }
  const redeclared = (x: Attached, other: Attached) =>
    err(`${x.scope} annotation redeclared: ${other.a.span.file}:${other.a.line}`, x.a.span, "rego-compile");
  for (const x of attachedAll) {
    switch (x.scope) {
      case "rule": {
        const list = set.byRule.get(x.rule!);
        if (list) list.push(x); else set.byRule.set(x.rule!, [x]);
        break;
      }
      case "package": {
        const k = key(x.path);
        const other = set.byPackage.get(k);
        if (other) redeclared(x, other); else set.byPackage.set(k, x);
        break;
      }
      case "document":
      case "subpackages": {
        const k = key(x.path);
        const other = set.byPath.get(k);
        if (other) redeclared(x, other); else set.byPath.set(k, x);
        break;
      }
    }
  }
  if (errors.length) { diagnostics.push(...errors); return undefined; }
  return set;
}

function rewriteModule(m: Module, set: AnnotationSet): Module {
  const pkgPath = ["data", ...(m.metadataPackage ?? m.package)];
  const rules = m.rules.map((r) => {
    const path = [...pkgPath, ...r.name];
    const own = set.byRule.get(r) ?? [];
    const values = (withOwn: boolean) => {
      let chain: Term | undefined, rule: Term | undefined;
      return {
        chain: (span: Span) => (chain ??= toTerm(chainValue(set, withOwn ? own : [], path, pkgPath), span)),
        rule: (span: Span) => (rule ??= toTerm(withOwn && own.length ? ruleValue(own) : {}, span)),
      };
    };
    const main = values(true);
    const rewritten = mapRuleParts(r, (t) => rewriteTerm(t, main), (b) => rewriteBody(b, main));
    if (r.else.length === 0) return rewritten;
    const other = values(false);
    return { ...rewritten, else: r.else.map((e) => ({ ...e, ...(e.value ? { value: rewriteTerm(e.value, other) } : {}), body: rewriteBody(e.body, other) })) };
  });
  return { ...m, rules };
}

type Values = { chain: (span: Span) => Term; rule: (span: Span) => Term };

function mapperFor(v: Values): TermMapper {
  return {
    term: (t) => {
      if (t.kind !== "call" || (t.name !== CHAIN && t.name !== RULE)) return undefined;
      const value = t.name === CHAIN ? v.chain(t.span) : v.rule(t.span);
      if (t.args.length === 0) return value;
      // `rego.metadata.rule(x)`: the output argument (only meaningful as a whole expression).
      if (t.args.length === 1) return { kind: "infix", span: t.span, op: "=", left: mapTerm(t.args[0]!, mapperFor(v)), right: value };
      return undefined;
    },
  };
}

function rewriteTerm(t: Term, v: Values): Term {
  return mapTerm(t, mapperFor(v));
}

function rewriteBody(b: Body, v: Values): Body {
  const m = mapperFor(v);
  return b.map((l) => mapLiteralTerms(l, m));
}

/** The rule's primary annotations: the first block (in source order) of `rule` scope. */
function ruleValue(own: readonly Attached[]): AnnotationValue {
  const first = own.reduce((x, y) => (y.a.span.start < x.a.span.start ? y : x));
  return annotationsValue(first.a, first.scope);
}

function chainValue(set: AnnotationSet, own: readonly Attached[], path: readonly string[], pkgPath: readonly string[]): AnnotationValue {
  const link = (x: Attached): AnnotationValue => ({ path: x.path.slice(1), annotations: annotationsValue(x.a, x.scope) });
  const out: AnnotationValue[] = [];
  if (own.length) for (const x of [...own].sort((a, b) => b.a.span.start - a.a.span.start)) out.push(link(x));
  else out.push({ path: path.slice(1) });
  const doc = set.byPath.get(key(path));
  if (doc) out.push(link(doc));
  const pkg = set.byPackage.get(key(pkgPath));
  if (pkg) out.push(link(pkg));
  for (let n = pkgPath.length; n >= 1; n--) {
    const x = set.byPath.get(key(pkgPath.slice(0, n)));
    if (x) out.push(link(x));
  }
  return out;
}

/** A JSON value as a Rego term (object keys in the value's order). */
function toTerm(v: AnnotationValue, span: Span): Term {
  if (v === null || typeof v !== "object") return { kind: "scalar", span, value: v, ...(typeof v === "number" ? { text: String(v) } : {}) };
  if (Array.isArray(v)) return { kind: "array", span, items: v.map((x) => toTerm(x, span)) };
  return { kind: "object", span, entries: Object.entries(v).map(([k, x]) => [{ kind: "scalar", span, value: k }, toTerm(x, span)] as const) };
}
