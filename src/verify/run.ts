/**
 * Running gator suites on gpc's engine, with `gator verify`'s semantics.
 *
 * Input: parsed suites and a `--run` filter. Output: one result per suite, test and case, with
 * gator's error texts. Per test: the template (first document of its file) and the constraint
 * (first document, group `constraints.gatekeeper.sh`) are loaded into a fresh engine, with the
 * test's ExpansionTemplates; a template that does not compile is the test's error, never a pass.
 * Per case: the object file must hold exactly one object; inventory files fill `data.inventory`
 * (and the Namespace cache for namespaceSelector); a plain object is reviewed in gator's shape
 * (kind, name, namespace and object only: no operation, no userInfo), an `admission.k8s.io`
 * AdmissionReview with its own request; every assertion must hold.
 */
import { createEngine, type Engine } from "../engine/engine.js";
import { templateCel } from "../engine/cel-driver.js";
import { diffEngines, type EngineSelection } from "../engine/compare.js";
import { goRegExp } from "../engine/cases.js";
import { formatInputError } from "../engine/manifests.js";
import { gvkOf } from "../engine/match.js";
import { parameterProblems } from "./schema.js";
import type { K8sObject, Operation, Violation } from "../engine/types.js";
import { loadBatch, WasmCache, type CompiledTemplate } from "../engine/wasm.js";
import { templateRego, type TemplateRego } from "../engine/template.js";
import { readObjectFile } from "../gatekeeper/read-objects.js";
import type { Assertion, Suite, SuiteCase, SuiteTest } from "./suite.js";
import { suitePath } from "./suite.js";

/** What went wrong: an assertion that did not hold, or something that could not be checked. */
export type FailureKind = "assertion" | "error";

/** The outcome of one case. */
export interface CaseOutcome {
  readonly name: string;
  readonly skipped: boolean;
  readonly error?: string;
  readonly kind?: FailureKind;
  readonly ms: number;
  /** What the review reported (absent when it did not run). */
  readonly violations?: readonly Violation[];
  /** The object reviewed (an AdmissionReview's object), when it was read. */
  readonly object?: K8sObject;
  /** What the assertions expect: some violation (`yes` or a count above 0) or none. */
  readonly expect?: "allowed" | "denied";
}

/** The outcome of one test. */
export interface TestOutcome {
  readonly name: string;
  readonly skipped: boolean;
  readonly error?: string;
  readonly kind?: FailureKind;
  readonly ms: number;
  readonly cases: readonly CaseOutcome[];
}

/** The outcome of one suite file. */
export interface SuiteOutcome {
  readonly path: string;
  readonly file: string;
  readonly skipped: boolean;
  readonly error?: string;
  readonly ms: number;
  readonly tests: readonly TestOutcome[];
}

/** `--run` as gator reads it: `test//case`, each an unanchored regex; without `//` either name. */
export interface Filter {
  matchesTest(t: SuiteTest): boolean;
  matchesCase(test: string, kase: string): boolean;
}

/** Parses a `--run` filter; throws an Error for an invalid one. */
export function parseFilter(run: string | undefined): Filter {
  if (!run) return { matchesTest: () => true, matchesCase: () => true };
  const parts = run.split("//");
  if (parts.length > 2) throw new Error(`invalid test filter: a filter may include at most one "//"`);
  const re = (s: string) => { try { return goRegExp(s); } catch (e) { throw new Error(`invalid test filter: ${(e as Error).message}`); } };
  if (parts.length === 1) {
    const r = re(parts[0]!);
    const matchesCase = (t: string, c: string) => r.test(c) || r.test(t);
    return { matchesCase, matchesTest: (t) => r.test(t.name) || t.cases.some((c) => matchesCase(t.name, c.name)) };
  }
  const rt = re(parts[0]!), rc = re(parts[1]!);
  return { matchesTest: (t) => rt.test(t.name), matchesCase: (t, c) => rc.test(c) && rt.test(t) };
}

/** Options of `runSuites`. */
export interface RunSuitesOptions {
  readonly filter?: Filter;
  readonly cache?: WasmCache;
  /** Called after each suite. */
  readonly onSuite?: (r: SuiteOutcome) => void;
  /**
   * Which engine decides: `cel` (default, as gator does) — a template carrying
   * K8sNativeValidation is evaluated by its CEL (gator's `--enable-k8s-native-validation`, on by
   * default), others by their Rego; `rego` — the Rego always (the flag off); `both` — the CEL
   * decides as in gator, the Rego runs too and any difference (decision or message piece, see
   * src/engine/compare.ts) fails the case: for templates whose engines must say the same words,
   * as gpc's do (third-party templates, gatekeeper-library's among them, often word them apart).
   */
  readonly engine?: EngineSelection;
}

class CaseError extends Error {
  constructor(message: string, readonly kind: FailureKind = "error") { super(message); }
}

const ms = (t0: number) => performance.now() - t0;

/** True when any suite, test or case failed or errored. */
export function isFailure(r: SuiteOutcome): boolean {
  return !!r.error || r.tests.some((t) => !!t.error || t.cases.some((c) => !!c.error));
}

/** Runs suites in order. Never throws for bad suites: problems become their results. */
export async function runSuites(suites: readonly Suite[], opts: RunSuitesOptions = {}): Promise<SuiteOutcome[]> {
  const cache = opts.cache ?? new WasmCache();
  const filter = opts.filter ?? parseFilter(undefined);
  const out: SuiteOutcome[] = [];
  reads.clear();
  const batched = await preload(suites, cache);
  const loader: Loader = async (t) => batched.get(cache.key(t)) ?? cache.load(t);
  for (const s of suites) {
    const t0 = performance.now();
    let r: SuiteOutcome;
    if (s.skip) r = { path: s.path, file: s.file, skipped: true, ms: 0, tests: [] };
    else {
      const tests: TestOutcome[] = [];
      for (const t of s.tests) {
        if (t.skip || !filter.matchesTest(t)) { tests.push({ name: t.name, skipped: true, ms: 0, cases: [] }); continue; }
        tests.push(await runTest(s, t, filter, loader, opts.engine ?? "cel"));
      }
      r = { path: s.path, file: s.file, skipped: false, ms: ms(t0), tests };
    }
    out.push(r);
    opts.onSuite?.(r);
  }
  reads.clear();
  return out;
}

/** File reads of one run: suites share templates, constraints and samples. */
const reads = new Map<string, ReturnType<typeof readObjectFile>>();
function read(s: Suite, p: string): ReturnType<typeof readObjectFile> {
  const file = suitePath(s, p);
  const key = `${file}\0${p}`;
  let r = reads.get(key);
  if (!r) { r = readObjectFile(file, p); reads.set(key, r); }
  return r;
}

/** Reads the first object of a file (gator's single-document read). */
function firstObject(s: Suite, p: string, what: string): K8sObject {
  const r = read(s, p);
  const first = r.objects[0];
  const firstErr = r.errors[0];
  if (firstErr && (!first || (firstErr.document ?? 0) <= first.document)) throw new CaseError(`${what}: ${formatInputError(firstErr)}`);
  if (!first) throw new CaseError(`${what}: ${p}: defines no objects`);
  return first.object;
}

/** Reads every object of a file; an error when there is none. */
function allObjects(s: Suite, p: string, what: string): K8sObject[] {
  const r = read(s, p);
  if (r.errors.length) throw new CaseError(`${what}: ${formatInputError(r.errors[0]!)}`);
  if (r.objects.length === 0) throw new CaseError(`missing objects: path ${JSON.stringify(p)} defines no YAML objects`);
  return r.objects.map((o) => o.object);
}

const groupOf = (o: K8sObject) => gvkOf(o).group;

type Loader = (t: TemplateRego) => Promise<CompiledTemplate>;

/**
 * Every suite's templates compiled into one module per Rego version (merge.ts), so the runtime
 * is compiled and instantiated once rather than once per test. Templates that do not compile
 * are left out of the batch (their tests then report the compile error); a template name used
 * with different Rego in different suites is never batched.
 */
async function preload(suites: readonly Suite[], cache: WasmCache): Promise<Map<string, CompiledTemplate>> {
  const byName = new Map<string, TemplateRego | null>();
  for (const s of suites) {
    if (s.skip) continue;
    for (const t of s.tests) {
      if (t.skip || !t.template) continue;
      const first = read(s, t.template).objects[0]?.object;
      if (!first || first.kind !== "ConstraintTemplate") continue;
      let r: TemplateRego;
      try { r = templateRego(first); } catch { continue; }
      const prev = byName.get(r.name);
      if (prev === undefined) byName.set(r.name, r);
      else if (prev && cache.key(prev) !== cache.key(r)) byName.set(r.name, null);
    }
  }
  const out = new Map<string, CompiledTemplate>();
  for (const v of ["v0", "v1"] as const) {
    let group = [...byName.values()].filter((r): r is TemplateRego => !!r && r.regoVersion === v && !r.metadataPackages).sort((a, b) => (a.name < b.name ? -1 : 1));
    if (group.length < 2) continue;
    let batch: Map<string, CompiledTemplate> | undefined;
    try { batch = await loadBatch(cache, group); } catch { batch = undefined; }
    if (!batch) {
      const ok: TemplateRego[] = [];
      for (const r of group) { try { await cache.module(r); ok.push(r); } catch { /* reported by its tests */ } }
      group = ok;
      if (group.length < 2) continue;
      try { batch = await loadBatch(cache, group); } catch { continue; }
    }
    for (const r of group) out.set(cache.key(r), batch.get(r.name)!);
  }
  return out;
}

/** The engines of one test: `decides` gives the answer (gator's), `other` is compared with it. */
interface Engines { readonly decides: Engine; readonly other?: Engine }

async function prepareTest(s: Suite, t: SuiteTest, loader: Loader, selection: EngineSelection): Promise<{ engine?: Engines; schemaError?: string }> {
  if (!t.template) throw new CaseError("invalid Suite: missing template");
  const template = firstObject(s, t.template, "adding template");
  if (groupOf(template) !== "templates.gatekeeper.sh" || template.kind !== "ConstraintTemplate") throw new CaseError(`path ${JSON.stringify(t.template)}: not a ConstraintTemplate`);
  if (!t.constraint) throw new CaseError("invalid Suite: missing constraint");
  const constraint = firstObject(s, t.constraint, "adding constraint");
  if (groupOf(constraint) !== "constraints.gatekeeper.sh") throw new CaseError(`${t.constraint}: not a Constraint`);
  let expansionTemplates: K8sObject[] = [];
  if (t.expansion) {
    expansionTemplates = allObjects(s, t.expansion, "reading ExpansionTemplate");
    if (expansionTemplates.some((x) => groupOf(x) !== "expansion.gatekeeper.sh" || x.kind !== "ExpansionTemplate")) throw new CaseError(`not an Expansion Template: ${JSON.stringify(t.expansion)}`);
  }
  const schema = parameterProblems(constraint, template);
  if (schema.length) return { schemaError: schema.join("; ") };
  let cel = false;
  try { cel = templateCel(template) !== undefined; } catch (e) { throw new CaseError(`adding template ${t.template}: ${(e as Error).message}`); }
  const make = async (driver: "rego" | "cel") => {
    const engine = await createEngine({ templates: [template], constraints: [{ constraint }], expansionTemplates, ...(driver === "rego" ? { loader } : { driver }) });
    if (engine.problems.length) {
      const template = engine.problems.filter((p) => p.subject.startsWith("template/"));
      const prefix = template.length ? `adding template ${t.template}` : `adding constraint ${t.constraint}`;
      throw new CaseError(`${prefix}: ${(template.length ? template : engine.problems).map((p) => p.message).join("\n")}`);
    }
    return engine;
  };
  if (!cel || selection === "rego") return { engine: { decides: await make("rego") } };
  const decides = await make("cel");
  if (selection === "cel") return { engine: { decides } };
  // A template whose Rego gpc cannot compile still runs on its CEL, as gator would.
  const hasRego = (() => { try { return templateRego(template) !== undefined; } catch { return false; } })();
  return { engine: { decides, ...(hasRego ? { other: await make("rego") } : {}) } };
}

async function runTest(s: Suite, t: SuiteTest, filter: Filter, loader: Loader, selection: EngineSelection): Promise<TestOutcome> {
  const t0 = performance.now();
  let prepared: { engine?: Engines; schemaError?: string };
  try {
    prepared = await prepareTest(s, t, loader, selection);
  } catch (e) {
    if (!(e instanceof CaseError)) throw e;
    return { name: t.name, skipped: false, error: e.message, kind: "error", ms: ms(t0), cases: [] };
  }
  if (t.invalid) {
    if (prepared.schemaError) return { name: t.name, skipped: false, ms: ms(t0), cases: [] };
    return { name: t.name, skipped: false, error: "constraint should have failed schema validation: got no error", kind: "assertion", ms: ms(t0), cases: [] };
  }
  if (prepared.schemaError) return { name: t.name, skipped: false, error: `adding constraint ${t.constraint}: ${prepared.schemaError}`, kind: "error", ms: ms(t0), cases: [] };
  const engine = prepared.engine!;
  const cases: CaseOutcome[] = [];
  for (const c of t.cases) {
    if (c.skip || !filter.matchesCase(t.name, c.name)) { cases.push({ name: c.name, skipped: true, ms: 0 }); continue; }
    const c0 = performance.now();
    let ran: { violations: Violation[]; object: K8sObject } | undefined;
    const expect = expectation(c);
    try {
      ran = runCase(s, engine.decides, c);
      if (engine.other) {
        const diff = diffEngines(runCase(s, engine.other, c).violations, ran.violations);
        if (diff.length) throw new CaseError(`the template's CEL and Rego differ: ${diff.join("; ")}`, "assertion");
      }
      for (const a of c.assertions) checkAssertion(a, ran.violations);
      cases.push({ name: c.name, skipped: false, ms: ms(c0), violations: ran.violations, object: ran.object, expect });
    } catch (e) {
      if (!(e instanceof CaseError)) throw e;
      cases.push({ name: c.name, skipped: false, error: e.message, kind: e.kind, ms: ms(c0), expect, ...(ran ? { violations: ran.violations, object: ran.object } : {}) });
    }
  }
  return { name: t.name, skipped: false, ms: ms(t0), cases };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** gator's review of a plain object: an AdmissionRequest with only kind, name, namespace and object. */
export function gatorRequest(object: K8sObject): Record<string, unknown> {
  const g = gvkOf(object);
  const name = object.metadata?.name, namespace = object.metadata?.namespace;
  return {
    uid: "",
    kind: { group: g.group, version: g.version, kind: g.kind },
    resource: { group: "", version: "", resource: "" },
    ...(name ? { name } : {}),
    ...(namespace ? { namespace } : {}),
    operation: "",
    userInfo: {},
    object,
    oldObject: null,
    options: null,
    namespaceObject: null,
  };
}

const gvkField = (v: unknown, keys: readonly string[]) => {
  const o = isObj(v) ? v : {};
  return Object.fromEntries(keys.map((k) => [k, typeof o[k] === "string" ? o[k] : ""]));
};

/**
 * An AdmissionReview's request as Gatekeeper decodes it (admission/v1 AdmissionRequest: unknown
 * fields dropped, empty optional ones omitted), with `object` = `oldObject` on DELETE.
 */
export function admissionRequest(review: K8sObject): Record<string, unknown> {
  const req = review.request;
  if (!isObj(req)) throw new CaseError("missing an AdmissionRequest object: request did not actually pass in an AdmissionRequest");
  const object = req.object, oldObject = req.oldObject;
  if (!isObj(object) && !isObj(oldObject)) throw new CaseError(`no object or oldObject found to review: AdmissionRequest does not contain an "object" or "oldObject" to review`);
  for (const [k, v] of [["object", object], ["oldObject", oldObject]] as const) {
    if (v !== undefined && v !== null && !isObj(v)) throw new CaseError(`object or oldObject cannot be unmarshalled: request.${k} is not an object`);
  }
  const operation = typeof req.operation === "string" ? req.operation : "";
  if (operation === "DELETE" && !isObj(oldObject)) throw new CaseError("oldObject cannot be nil for DELETE operations");
  const u = isObj(req.userInfo) ? req.userInfo : {};
  const userInfo: Obj = {};
  if (typeof u.username === "string" && u.username) userInfo.username = u.username;
  if (typeof u.uid === "string" && u.uid) userInfo.uid = u.uid;
  if (Array.isArray(u.groups) && u.groups.length) userInfo.groups = u.groups;
  if (isObj(u.extra) && Object.keys(u.extra).length) userInfo.extra = u.extra;
  const opt = (k: string) => (typeof req[k] === "string" && req[k] !== "" ? { [k]: req[k] } : {});
  const GVK = ["group", "version", "kind"], GVR = ["group", "version", "resource"];
  return {
    uid: typeof req.uid === "string" ? req.uid : "",
    kind: gvkField(req.kind, GVK),
    resource: gvkField(req.resource, GVR),
    ...opt("subResource"),
    ...(isObj(req.requestKind) ? { requestKind: gvkField(req.requestKind, GVK) } : {}),
    ...(isObj(req.requestResource) ? { requestResource: gvkField(req.requestResource, GVR) } : {}),
    ...opt("requestSubResource"),
    ...opt("name"),
    ...opt("namespace"),
    operation,
    userInfo,
    object: operation === "DELETE" ? oldObject : (object ?? null),
    oldObject: oldObject ?? null,
    ...(typeof req.dryRun === "boolean" ? { dryRun: req.dryRun } : {}),
    options: req.options ?? null,
    namespaceObject: null,
  };
}

/** `denied` when some assertion wants a violation (`yes`, the default, or a count above 0). */
export function expectation(c: SuiteCase): "allowed" | "denied" {
  return c.assertions.some((a) => a.violations === undefined || a.violations === "yes" || (typeof a.violations === "number" && a.violations > 0)) ? "denied" : "allowed";
}

function runCase(s: Suite, engine: Engine, c: SuiteCase): { violations: Violation[]; object: K8sObject } {
  if (!c.object) throw new CaseError("invalid Case: must define object");
  if (c.assertions.length === 0) throw new CaseError("invalid Case: assertions must be non-empty");
  const objs = allObjects(s, c.object, "reading object");
  if (objs.length !== 1) throw new CaseError(`object file must contain exactly one object: ${JSON.stringify(c.object)} defines ${objs.length} objects`);
  const obj = objs[0]!;
  const inventory: K8sObject[] = [];
  for (const p of c.inventory) inventory.push(...allObjects(s, p, "unable to add object to data.inventory"));
  const namespaces = new Map<string, K8sObject>();
  for (const o of inventory) if (groupOf(o) === "" && o.kind === "Namespace" && o.metadata?.name) namespaces.set(o.metadata.name, o);
  engine.setInventory(inventory);
  let result;
  if (obj.kind === "AdmissionReview" && groupOf(obj) === "admission.k8s.io") {
    const request = admissionRequest(obj);
    const reviewed = (isObj(request.object) ? request.object : request.oldObject) as K8sObject;
    const old = isObj(request.oldObject) ? (request.oldObject as K8sObject) : null;
    result = engine.review({ object: reviewed, operation: request.operation as Operation, oldObject: old, namespaces, request: () => request, expand: false });
  } else {
    result = engine.review({ object: obj, operation: "" as Operation, oldObject: null, namespaces, request: gatorRequest });
  }
  if (result.errors.length) throw new CaseError(`reviewing ${obj.apiVersion}, Kind=${obj.kind} ${obj.metadata?.namespace ?? ""}/${obj.metadata?.name ?? ""}: ${result.errors.map((e) => e.message).join("; ")}`);
  return { violations: result.violations, object: obj };
}

const goQuote = (s: string) => JSON.stringify(s);

/** Checks one assertion against a case's violations; throws gator's error when it does not hold. */
export function checkAssertion(a: Assertion, violations: readonly Violation[]): void {
  let re: RegExp | undefined;
  if (a.message !== undefined) {
    try { re = goRegExp(a.message); } catch (e) { throw new CaseError(`message contains invalid regular expression: ${(e as Error).message}`); }
  }
  const matching = re ? violations.filter((v) => re!.test(v.msg)).length : violations.length;
  const got = `: got messages [${violations.map((v) => v.msg).join(" ")}]`;
  const containing = a.message !== undefined ? ` containing ${goQuote(a.message)}` : "";
  const want = a.violations ?? "yes";
  const fail = (m: string) => { throw new CaseError(`unexpected number of violations: ${m}${got}`, "assertion"); };
  if (typeof want === "number") {
    if (want < 0) throw new CaseError(`invalid yaml: assertion.violation, if set, must be a nonnegative integer, "yes", or "no"`);
    if (matching !== want) fail(`got ${matching} violations${containing} but want exactly ${want}`);
  } else if (want === "yes") {
    if (matching === 0) fail(`got ${matching} violations${containing} but want at least 1`);
  } else if (want === "no") {
    if (matching > 0) fail(`got ${matching} violations${containing} but want none`);
  } else {
    throw new CaseError(`invalid yaml: assertion.violation, if set, must be a nonnegative integer, "yes", or "no"`);
  }
}
