/**
 * Audit: policies evaluated on manifests, as `gator test` does with a folder of objects.
 *
 * Input: build artifacts and manifest paths (or already loaded manifests). Output: sorted
 * findings (workload violations reported against the workload), review errors and unreadable
 * inputs. Namespace objects among the manifests serve namespaceSelector matching and
 * `namespaceObject`; every manifest is also `data.inventory` for referential templates.
 *
 * Large inputs are read and reviewed by worker threads (each takes whole files, parses them and
 * reviews its own objects with the same compiled modules); the result is identical to the
 * sequential path, which stays the reference and the fallback.
 */
import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Artifacts } from "../gatekeeper/artifacts.js";
import { createEngine, type ConstraintEntry, type Engine, type EngineProblem } from "./engine.js";
import { compareFindings, toFindings } from "./findings.js";
import { listManifestInputs, readManifestInput, type InputError, type LoadManifestOptions, type ManifestInput } from "./manifests.js";
import { gvkOf } from "./match.js";
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
  readonly errors: AuditReviewError[];
  /** Templates or constraints that could not be used. */
  readonly problems: EngineProblem[];
  readonly constraints: number;
  /** Objects reviewed (after `List` unwrapping). */
  readonly objects: number;
  /** Unreadable inputs (only from `auditPaths`). */
  readonly inputErrors: InputError[];
  /** Worker threads used (1 = sequential). */
  readonly jobs: number;
}

/** Options of `auditManifests` and `auditPaths`. */
export interface AuditOptions extends LoadManifestOptions {
  readonly cache?: WasmCache;
  /** Worker threads. @default $GPC_JOBS, else 1 below 1 MiB of input, with stdin or under 4 CPUs, else min(CPUs/2, 4) */
  readonly jobs?: number;
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
  for (const o of objects) {
    const g = gvkOf(o);
    if (g.group === "" && g.kind === "Namespace" && o.metadata?.name) out.set(o.metadata.name, o);
  }
  return out;
}

/** Reviews manifests with a ready engine. */
export function reviewManifests(engine: Engine, manifests: readonly Manifest[], namespaces: ReadonlyMap<string, K8sObject>): { findings: LocatedFinding[]; errors: AuditReviewError[] } {
  const findings: LocatedFinding[] = [];
  const errors: AuditReviewError[] = [];
  for (const m of manifests) {
    const r = engine.review({ object: m.object, operation: "CREATE", namespaces });
    findings.push(...toFindings(m, r));
    for (const e of r.errors) errors.push({ source: m.source, message: `${e.constraint ? `${e.constraint.kind}/${e.constraint.name}: ` : ""}${e.message}` });
  }
  return { findings, errors };
}

/** Evaluates every policy of `artifacts` on every (already loaded) manifest. */
export async function auditManifests(artifacts: Artifacts, manifests: readonly Manifest[], opts: AuditOptions = {}): Promise<AuditResult> {
  const engine = await createEngine({ templates: artifacts.templates, ...engineInputs(artifacts), cache: opts.cache ?? new WasmCache() });
  engine.setInventory(manifests.map((m) => m.object));
  const { findings, errors } = reviewManifests(engine, manifests, namespacesOf(manifests.map((m) => m.object)));
  findings.sort(compareFindings);
  return { findings, errors, problems: [...engine.problems], constraints: engine.constraintCount, objects: manifests.length, inputErrors: [], jobs: 1 };
}

/** Reads `paths` and evaluates every policy on what they hold, in parallel when it pays. */
export async function auditPaths(artifacts: Artifacts, paths: readonly string[], opts: AuditOptions = {}): Promise<AuditResult> {
  const cache = opts.cache ?? new WasmCache();
  const listed = listManifestInputs(paths, opts);
  const sizes = listed.inputs.map(({ input }) => { try { return input.path === "-" ? 0 : statSync(input.path).size; } catch { return 0; } });
  const total = sizes.reduce((a, b) => a + b, 0);
  const hasStdin = listed.inputs.some(({ input }) => input.path === "-");
  const envJobs = Number(process.env.GPC_JOBS) || undefined;
  // Each worker pays its own start-up and JIT warm-up; measured on 2 CPUs it never paid off, so
  // threads are used by default only with 4+ CPUs.
  const cpus = availableParallelism();
  let jobs = opts.jobs ?? envJobs ?? (hasStdin || total < PARALLEL_MIN_BYTES || cpus < 4 ? 1 : Math.min(Math.floor(cpus / 2), 4));
  jobs = Math.min(jobs, listed.inputs.length);
  if (jobs > 1) {
    const r = await auditInWorkers(artifacts, listed, sizes, jobs, cache, opts).catch((e) => { if (process.env.GPC_DEBUG) process.stderr.write(`gpc: worker threads failed, auditing sequentially: ${(e as Error).stack}\n`); return undefined; });
    if (r) return r;
  }
  const manifests: Manifest[] = [];
  const errors = [...listed.errors];
  for (const { input, order } of listed.inputs) {
    const r = readManifestInput(input, opts);
    manifests.push(...r.manifests);
    for (const error of r.errors) errors.push({ error, order });
  }
  const result = await auditManifests(artifacts, manifests, { ...opts, cache });
  return { ...result, inputErrors: errors.sort((a, b) => a.order - b.order).map((e) => e.error) };
}

/** Messages between the audit and its workers. */
export type ToWorker =
  | { type: "review"; templates: K8sObject[]; constraints: ConstraintEntry[]; expansionTemplates: K8sObject[]; modules: Record<string, WebAssembly.Module>; namespaces: K8sObject[] };
export type FromWorker =
  | { type: "parsed"; objects: number; namespaces: { object: K8sObject; order: number; document: number }[]; errors: { error: InputError; order: number }[] }
  | { type: "done"; findings: LocatedFinding[]; errors: AuditReviewError[] }
  | { type: "failed"; message: string };
/** `workerData` of an audit worker. */
export interface WorkerInit {
  readonly inputs: { input: ManifestInput; order: number }[];
  readonly maxFileBytes?: number;
}

/** The worker's entry: the compiled .js, or from sources a bootstrap that registers tsx first. */
function workerEntry(): URL {
  if (!import.meta.url.endsWith(".ts")) return new URL("./audit-worker.js", import.meta.url);
  const worker = new URL("./audit-worker.ts", import.meta.url).href;
  const tsx = import.meta.resolve("tsx/esm/api");
  return new URL(`data:text/javascript,${encodeURIComponent(`import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(worker)});`)}`);
}

async function auditInWorkers(artifacts: Artifacts, listed: ReturnType<typeof listManifestInputs>, sizes: number[], jobs: number, cache: WasmCache, opts: AuditOptions): Promise<AuditResult | undefined> {
  const inputs = engineInputs(artifacts);
  const engine = await createEngine({ templates: artifacts.templates, ...inputs, cache });
  // Referential templates need every object in every worker: keep those sequential.
  const templates = artifacts.templates.flatMap((t) => { try { return [templateRego(t)]; } catch { return []; } });
  const usedKinds = new Set(inputs.constraints.map((c) => c.constraint.kind));
  const used = templates.filter((t) => usedKinds.has(t.kind));
  if (used.some((t) => t.usesInventory)) return undefined;
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
  const workers = buckets.filter((b) => b.inputs.length > 0).map((b) => new Worker(workerEntry(), { workerData: { inputs: b.inputs, ...(opts.maxFileBytes ? { maxFileBytes: opts.maxFileBytes } : {}) } satisfies WorkerInit }));
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
    let objects = 0;
    for (const p of parsed) {
      if (p.type !== "parsed") throw new Error(p.type === "failed" ? p.message : "unexpected message");
      objects += p.objects;
      namespaces.push(...p.namespaces);
      errors.push(...p.errors);
    }
    const done = workers.map(next);
    const msg: ToWorker = { type: "review", templates: artifacts.templates, constraints: inputs.constraints, expansionTemplates: inputs.expansionTemplates, modules, namespaces: namespaces.sort((a, b) => a.order - b.order || a.document - b.document).map((n) => n.object) };
    for (const w of workers) w.postMessage(msg);
    const findings: LocatedFinding[] = [];
    const reviewErrors: AuditReviewError[] = [];
    for (const d of await Promise.all(done)) {
      if (d.type !== "done") throw new Error(d.type === "failed" ? d.message : "unexpected message");
      findings.push(...d.findings);
      reviewErrors.push(...d.errors);
    }
    findings.sort(compareFindings);
    return { findings, errors: reviewErrors, problems: [...engine.problems], constraints: engine.constraintCount, objects, inputErrors: errors.sort((a, b) => a.order - b.order).map((e) => e.error), jobs: workers.length };
  } finally {
    for (const w of workers) void w.terminate();
  }
}
