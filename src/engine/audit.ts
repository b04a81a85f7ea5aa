/**
 * Audit: policies evaluated on manifests, as `gator test` does with a folder of objects.
 *
 * Input: build artifacts and manifest paths (or already loaded manifests). Output: sorted
 * findings (workload violations reported against the workload), objects whose pods were not
 * checked, review errors and input problems. Namespace objects among the manifests serve
 * namespaceSelector matching and `namespaceObject`.
 *
 * Inputs are streamed (src/read/): each object is reviewed as soon as it is read and then
 * dropped, so memory does not grow with the input. When a constraint has a namespaceSelector or
 * a template reads `namespaceObject`, a first pass collects the Namespaces (the input is read
 * twice; stdin, FIFOs and devices are first copied to a temporary file, bounded). Templates that read `data.inventory`
 * need every object at once: then everything is held in memory, as gator does.
 *
 * Large inputs are read and reviewed by worker threads (each takes whole files); the result is
 * identical to the sequential path, which stays the reference and the fallback.
 */
import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import type { Artifacts } from "../gatekeeper/artifacts.js";
import { spoolInput, spoolStdin } from "../read/index.js";
import { createEngine, type ConstraintEntry, type Engine, type EngineProblem } from "./engine.js";
import { celEngineInputs, defaultEngine, diffEngines, type EngineSelection } from "./compare.js";
import { notCheckedReason } from "./expand.js";
import { append, compareFindings, compareNotChecked, objectRef, toFindings, type NotChecked } from "./findings.js";
import { listManifestInputs, streamManifestInput, type InputError, type LoadManifestOptions, type ManifestInput } from "./manifests.js";
import { gvkOf, MatchError, matches, type Match } from "./match.js";
import { templateRego } from "./template.js";
import type { K8sObject, LocatedFinding, Manifest, ManifestSource } from "./types.js";
import { WasmCache } from "./wasm.js";

/** A review that errored (a violation whose msg is not a string), located. */
export interface AuditReviewError {
  readonly source: ManifestSource;
  readonly message: string;
}

/** What an audit produced. */
export interface AuditResult {
  readonly findings: LocatedFinding[];
  /** Objects carrying pods that no constraint checked (the run fails: exit 2). */
  readonly notChecked: NotChecked[];
  readonly errors: AuditReviewError[];
  /** Templates or constraints that could not be used. */
  readonly problems: EngineProblem[];
  readonly constraints: number;
  /** Objects reviewed (after `List` unwrapping). */
  readonly objects: number;
  /** Input problems, errors and warnings (only from `auditPaths`). */
  readonly inputErrors: InputError[];
  /** Worker threads used (1 = sequential). */
  readonly jobs: number;
  /** With engine `both`: each difference between Rego and CEL, naming the object, the constraint and both answers. */
  readonly engineDifferences?: string[];
}

/** Options of `auditManifests` and `auditPaths`. */
export interface AuditOptions extends LoadManifestOptions {
  readonly cache?: WasmCache;
  /** Worker threads. @default $GPC_JOBS, else 1 below 1 MiB of input, with stdin or under 4 CPUs, else min(CPUs/2, 4) */
  readonly jobs?: number;
  /** `rego`, `cel` or `both` (sequential: the CEL driver runs in this thread). @default "both" when some template carries CEL, else "rego" */
  readonly engine?: EngineSelection;
}

/** Input bytes from which `auditPaths` uses worker threads by default. */
export const PARALLEL_MIN_BYTES = 1024 * 1024;

function engineInputs(artifacts: Artifacts): { constraints: ConstraintEntry[]; expansionTemplates: K8sObject[] } {
  const m = new Map<string, K8sObject>();
  for (const x of artifacts.policies.flatMap((p) => p.expansionTemplates)) m.set(x.metadata?.name ?? "", x);
  return {
    constraints: artifacts.policies.flatMap((p) => p.constraints.map((constraint) => ({ constraint, policy: p.name }))),
    expansionTemplates: [...m.values()],
  };
}

/** Namespace objects by name (the last one wins, as with `kubectl apply`). */
export function namespacesOf(objects: Iterable<K8sObject>): Map<string, K8sObject> {
  const out = new Map<string, K8sObject>();
  for (const o of objects) if (isNamespace(o)) out.set(o.metadata.name!, o);
  return out;
}

function isNamespace(o: K8sObject): boolean {
  const g = gvkOf(o);
  return g.group === "" && g.kind === "Namespace" && typeof o.metadata?.name === "string" && o.metadata.name !== "";
}

/** What the review of a stream of manifests needs to know in advance. */
export interface ReviewPlan {
  /** Namespaces must be known before reviewing (a namespaceSelector, or a template reading namespaceObject). */
  readonly needsNamespaces: boolean;
  /** A template reads `data.inventory`: every object must be loaded first. */
  readonly needsInventory: boolean;
}

/** Decides how manifests must be read for these policies. */
export function reviewPlan(artifacts: Artifacts): ReviewPlan {
  const { constraints } = engineInputs(artifacts);
  const kinds = new Set(constraints.map((c) => c.constraint.kind));
  const templates = artifacts.templates.flatMap((t) => { try { const r = templateRego(t); return kinds.has(r.kind) ? [r] : []; } catch { return []; } });
  const selector = constraints.some((c) => ((c.constraint.spec ?? {}) as { match?: Match }).match?.namespaceSelector !== undefined);
  const nsObject = templates.some((t) => Object.values(t.modules).some((m) => m.includes("namespaceObject")));
  return { needsNamespaces: selector || nsObject, needsInventory: templates.some((t) => t.usesInventory) };
}

/** Reviews manifests one at a time with a ready engine, collecting findings, errors and not-checked objects. */
export class Reviewer {
  readonly findings: LocatedFinding[] = [];
  readonly errors: AuditReviewError[] = [];
  readonly notChecked: NotChecked[] = [];
  objects = 0;
  private readonly matchers: (Match | undefined)[];

  /** With engine `both`: every difference found (see ./compare.ts). */
  readonly differences: string[] = [];

  /** `cel`: with engine `both`, the CEL engine and the template kinds it evaluates, compared on every object. */
  constructor(private readonly engine: Engine, private readonly namespaces: ReadonlyMap<string, K8sObject>, constraints: readonly ConstraintEntry[], private readonly cel?: { engine: Engine; kinds: ReadonlySet<string> }) {
    this.matchers = constraints.map((c) => ((c.constraint.spec ?? {}) as { match?: Match }).match);
  }

  review(m: Manifest): void {
    this.objects++;
    const r = this.engine.review({ object: m.object, operation: "CREATE", namespaces: this.namespaces });
    if (this.cel) {
      const kinds = this.cel.kinds;
      const where = `${m.source.file}: document ${m.source.document}: ${m.object.kind} ${typeof m.object.metadata?.namespace === "string" && m.object.metadata.namespace ? `${m.object.metadata.namespace}/` : ""}${m.object.metadata?.name ?? ""}`;
      const other = this.cel.engine.review({ object: m.object, operation: "CREATE", namespaces: this.namespaces });
      for (const d of diffEngines(r.violations.filter((v) => kinds.has(v.constraint.kind)), other.violations)) this.differences.push(`${where}: ${d}`);
    }
    append(this.findings, toFindings(m, r));
    for (const e of r.errors) this.errors.push({ source: m.source, message: `${e.constraint ? `${e.constraint.kind}/${e.constraint.name}: ` : ""}${e.message}` });
    const reason = notCheckedReason(m.object, this.engine.expansionTemplates, () => r.violations.some((v) => !v.expandedBy) || this.matchedByAny(m.object));
    if (reason) this.notChecked.push({ object: objectRef(m.object), reason, source: m.source });
  }

  private matchedByAny(o: K8sObject): boolean {
    const gvk = gvkOf(o);
    const ns = typeof o.metadata?.namespace === "string" ? this.namespaces.get(o.metadata.namespace) : undefined;
    return this.matchers.some((match) => {
      try { return matches(match, { object: o, gvk, ...(ns ? { namespace: ns } : {}), generated: false }); } catch (e) { return e instanceof MatchError; }
    });
  }
}

/** Reviews manifests with a ready engine. */
export function reviewManifests(engine: Engine, manifests: readonly Manifest[], namespaces: ReadonlyMap<string, K8sObject>, constraints: readonly ConstraintEntry[] = [], cel?: { engine: Engine; kinds: ReadonlySet<string> }): { findings: LocatedFinding[]; errors: AuditReviewError[]; notChecked: NotChecked[]; differences: string[] } {
  const r = new Reviewer(engine, namespaces, constraints, cel);
  for (const m of manifests) r.review(m);
  return { findings: r.findings, errors: r.errors, notChecked: r.notChecked, differences: r.differences };
}

/**
 * The engines of an audit: the one that reports (Rego, or CEL alone with `cel`) and, with
 * `both`, the CEL engine over the templates that carry CEL, compared on every object.
 */
async function auditEngines(artifacts: Artifacts, inputs: ReturnType<typeof engineInputs>, cache: WasmCache, selection: EngineSelection): Promise<{ engine: Engine; cel?: { engine: Engine; kinds: ReadonlySet<string> }; problems: EngineProblem[] }> {
  const engine = await createEngine({ templates: artifacts.templates, ...inputs, cache, ...(selection === "cel" ? { driver: "cel" as const } : {}) });
  if (selection !== "both") return { engine, problems: [...engine.problems] };
  const ci = celEngineInputs(artifacts.templates, inputs.constraints);
  const cel = await createEngine({ templates: ci.templates, constraints: ci.constraints, expansionTemplates: inputs.expansionTemplates, driver: "cel" });
  return { engine, cel: { engine: cel, kinds: ci.kinds }, problems: [...engine.problems, ...cel.problems] };
}

/** Evaluates every policy of `artifacts` on every (already loaded) manifest. */
export async function auditManifests(artifacts: Artifacts, manifests: readonly Manifest[], opts: AuditOptions = {}): Promise<AuditResult> {
  const inputs = engineInputs(artifacts);
  const selection = opts.engine ?? defaultEngine(artifacts.templates);
  const { engine, cel, problems } = await auditEngines(artifacts, inputs, opts.cache ?? new WasmCache(), selection);
  engine.setInventory(manifests.map((m) => m.object));
  const { findings, errors, notChecked, differences } = reviewManifests(engine, manifests, namespacesOf(manifests.map((m) => m.object)), inputs.constraints, cel);
  findings.sort(compareFindings);
  notChecked.sort(compareNotChecked);
  return { findings, notChecked, errors, problems, constraints: engine.constraintCount, objects: manifests.length, inputErrors: [], jobs: 1, ...(cel ? { engineDifferences: differences } : {}) };
}

/** Reads `paths` and evaluates every policy on what they hold, streamed, in parallel when it pays. */
export async function auditPaths(artifacts: Artifacts, paths: readonly string[], opts: AuditOptions = {}): Promise<AuditResult> {
  const cache = opts.cache ?? new WasmCache();
  const listed = listManifestInputs(paths, opts);
  const hasStdin = listed.inputs.some(({ input }) => input.path === "-");
  const plan = reviewPlan(artifacts);
  // Standard input, FIFOs and devices can be read once: copy them when they must be read twice.
  const spooled: { cleanup: () => void }[] = [];
  const twice = plan.needsNamespaces;
  let stdinPath = opts.stdinPath;
  if (hasStdin && twice && !opts.readStdin && !stdinPath) { const s = spoolStdin(opts.limits ? { limits: opts.limits } : {}); spooled.push(s); stdinPath = s.path; }
  if (twice) {
    listed.inputs = listed.inputs.map((x) => {
      if (x.input.path === "-") return x;
      try { if (statSync(x.input.path).isFile()) return x; } catch { return x; }
      try { const s = spoolInput(x.input.path, opts.limits ? { limits: opts.limits } : {}); spooled.push(s); return { ...x, input: { ...x.input, path: s.path } }; } catch { return x; }
    });
  }
  const readOpts: LoadManifestOptions = { ...opts, ...(stdinPath ? { stdinPath } : {}) };
  try {
    const sizes = listed.inputs.map(({ input }) => { try { return input.path === "-" ? 0 : statSync(input.path).size; } catch { return 0; } });
    const total = sizes.reduce((a, b) => a + b, 0);
    const envJobs = Number(process.env.GPC_JOBS) || undefined;
    // Each worker pays its own start-up and JIT warm-up; measured on 2 CPUs it never paid off, so
    // threads are used by default only with 4+ CPUs.
    const cpus = availableParallelism();
    let jobs = opts.jobs ?? envJobs ?? (hasStdin || total < PARALLEL_MIN_BYTES || cpus < 4 ? 1 : Math.min(Math.floor(cpus / 2), 4));
    jobs = Math.min(jobs, listed.inputs.length);
    if (hasStdin || plan.needsInventory) jobs = 1;
    const selection = opts.engine ?? defaultEngine(artifacts.templates);
    if (selection !== "rego") jobs = 1; // the CEL driver runs in this thread
    if (jobs > 1) {
      const r = await auditInWorkers(artifacts, listed, sizes, jobs, cache, readOpts, plan).catch((e) => { if (process.env.GPC_DEBUG) process.stderr.write(`gpc: worker threads failed, auditing sequentially: ${(e as Error).stack}\n`); return undefined; });
      if (r) return r;
    }
    const errors = [...listed.errors];
    if (plan.needsInventory) {
      const manifests: Manifest[] = [];
      for (const { input, order } of listed.inputs) streamManifestInput(input, readOpts, (m) => manifests.push(m), (error) => errors.push({ error, order }));
      const result = await auditManifests(artifacts, manifests, { ...opts, cache });
      return { ...result, inputErrors: sortErrors(errors) };
    }
    const inputs = engineInputs(artifacts);
    const { engine, cel, problems } = await auditEngines(artifacts, inputs, cache, selection);
    const namespaces = new Map<string, K8sObject>();
    if (plan.needsNamespaces) {
      for (const { input, order } of listed.inputs) streamManifestInput(input, readOpts, (m) => { if (isNamespace(m.object)) namespaces.set(m.object.metadata.name!, m.object); }, (error) => errors.push({ error, order }));
    }
    const reviewer = new Reviewer(engine, namespaces, inputs.constraints, cel);
    for (const { input, order } of listed.inputs) {
      streamManifestInput(input, readOpts, (m) => {
        if (!plan.needsNamespaces && isNamespace(m.object)) namespaces.set(m.object.metadata.name!, m.object);
        reviewer.review(m);
      }, (error) => { if (!plan.needsNamespaces) errors.push({ error, order }); });
    }
    reviewer.findings.sort(compareFindings);
    reviewer.notChecked.sort(compareNotChecked);
    return { findings: reviewer.findings, notChecked: reviewer.notChecked, errors: reviewer.errors, problems, constraints: engine.constraintCount, objects: reviewer.objects, inputErrors: sortErrors(errors), jobs: 1, ...(cel ? { engineDifferences: reviewer.differences } : {}) };
  } finally {
    for (const s of spooled) s.cleanup();
  }
}

function sortErrors(errors: { error: InputError; order: number }[]): InputError[] {
  return errors.map((e, i) => ({ ...e, i })).sort((a, b) => a.order - b.order || a.i - b.i).map((e) => e.error);
}

/** Messages between the audit and its workers. */
export type ToWorker =
  | { type: "review"; templates: K8sObject[]; constraints: ConstraintEntry[]; expansionTemplates: K8sObject[]; modules: Record<string, WebAssembly.Module>; namespaces: K8sObject[] };
export type FromWorker =
  | { type: "parsed"; namespaces: { object: K8sObject; order: number; document: number }[]; errors: { error: InputError; order: number }[] }
  | { type: "done"; findings: LocatedFinding[]; notChecked: NotChecked[]; errors: AuditReviewError[]; inputErrors: { error: InputError; order: number }[]; objects: number }
  | { type: "failed"; message: string };
/** `workerData` of an audit worker. */
export interface WorkerInit {
  readonly inputs: { input: ManifestInput; order: number }[];
  readonly read: Pick<LoadManifestOptions, "limits" | "stdinPath">;
  /** Read the inputs twice: Namespaces first. */
  readonly needsNamespaces: boolean;
}

/** The worker's entry: the compiled .js, or from sources a bootstrap that registers tsx first. */
function workerEntry(): URL {
  if (!import.meta.url.endsWith(".ts")) return new URL("./audit-worker.js", import.meta.url);
  const worker = new URL("./audit-worker.ts", import.meta.url).href;
  const tsx = import.meta.resolve("tsx/esm/api");
  return new URL(`data:text/javascript,${encodeURIComponent(`import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(worker)});`)}`);
}

async function auditInWorkers(artifacts: Artifacts, listed: ReturnType<typeof listManifestInputs>, sizes: number[], jobs: number, cache: WasmCache, opts: LoadManifestOptions, plan: ReviewPlan): Promise<AuditResult | undefined> {
  const inputs = engineInputs(artifacts);
  const engine = await createEngine({ templates: artifacts.templates, ...inputs, cache });
  const templates = artifacts.templates.flatMap((t) => { try { return [templateRego(t)]; } catch { return []; } });
  const usedKinds = new Set(inputs.constraints.map((c) => c.constraint.kind));
  const used = templates.filter((t) => usedKinds.has(t.kind));
  const modules: Record<string, WebAssembly.Module> = {};
  for (const t of used) { try { modules[t.name] = await cache.module(t); } catch { /* reported by the engine as a problem */ } }

  // Largest files first, each to the least loaded worker.
  const buckets: { inputs: { input: ManifestInput; order: number }[]; bytes: number }[] = Array.from({ length: jobs }, () => ({ inputs: [], bytes: 0 }));
  const order = listed.inputs.map((x, i) => ({ x, size: sizes[i]! })).sort((a, b) => b.size - a.size);
  for (const { x, size } of order) {
    const b = buckets.reduce((m, c) => (c.bytes < m.bytes ? c : m));
    b.inputs.push(x);
    b.bytes += size;
  }
  const read = { ...(opts.limits ? { limits: opts.limits } : {}), ...(opts.stdinPath ? { stdinPath: opts.stdinPath } : {}) };
  // Loaded here, not at start: a sequential audit (the one-pod CI run) needs none of it.
  const { Worker } = await import("node:worker_threads");
  const workers = buckets.filter((b) => b.inputs.length > 0).map((b) => new Worker(workerEntry(), { workerData: { inputs: b.inputs, read, needsNamespaces: plan.needsNamespaces } satisfies WorkerInit }));
  const next = (w: Worker) => new Promise<FromWorker>((resolve, reject) => {
    const onMsg = (m: FromWorker) => { w.off("error", onErr); resolve(m); };
    const onErr = (e: Error) => { w.off("message", onMsg); reject(e); };
    w.once("message", onMsg);
    w.once("error", onErr);
  });
  try {
    const parsed = await Promise.all(workers.map(next));
    const namespaces: { object: K8sObject; order: number; document: number }[] = [];
    const errors = [...listed.errors];
    for (const p of parsed) {
      if (p.type !== "parsed") throw new Error(p.type === "failed" ? p.message : "unexpected message");
      append(namespaces, p.namespaces);
      append(errors, p.errors);
    }
    const done = workers.map(next);
    const msg: ToWorker = { type: "review", templates: artifacts.templates, constraints: inputs.constraints, expansionTemplates: inputs.expansionTemplates, modules, namespaces: namespaces.sort((a, b) => a.order - b.order || a.document - b.document).map((n) => n.object) };
    for (const w of workers) w.postMessage(msg);
    const findings: LocatedFinding[] = [];
    const notChecked: NotChecked[] = [];
    const reviewErrors: AuditReviewError[] = [];
    let objects = 0;
    for (const d of await Promise.all(done)) {
      if (d.type !== "done") throw new Error(d.type === "failed" ? d.message : "unexpected message");
      append(findings, d.findings);
      append(notChecked, d.notChecked);
      append(reviewErrors, d.errors);
      append(errors, d.inputErrors);
      objects += d.objects;
    }
    findings.sort(compareFindings);
    notChecked.sort(compareNotChecked);
    return { findings, notChecked, errors: reviewErrors, problems: [...engine.problems], constraints: engine.constraintCount, objects, inputErrors: sortErrors(errors), jobs: workers.length };
  } finally {
    for (const w of workers) void w.terminate();
  }
}
