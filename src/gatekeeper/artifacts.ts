/**
 * The artifacts contract: what `gpc build` produces, in memory, before anything is written.
 *
 * Input: policy files or folders (`policies/*.ts`). Output: `Artifacts` — every file of the
 * `generated/` folder as exact bytes, plus the same objects as data for the engine (`gpc test`,
 * `gpc audit`), which evaluates templates and constraints without re-reading YAML.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";

/** Any Kubernetes object as plain JSON. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

/** One sample case of a policy: an object and what the policy (all its constraints together) must say. */
export interface SampleCase {
  name: string;
  object: K8sObject;
  expect: "allowed" | "denied";
  /** Go-regex patterns, each matching some violation `msg`. */
  messages?: string[];
  /** Exact number of violations expected, when stated. */
  count?: number;
  operation?: "CREATE" | "UPDATE" | "DELETE";
  /** Namespace objects for namespaceSelector matching. */
  namespaces?: K8sObject[];
  /**
   * For denied cases: names of the constraints (in `PolicyArtifacts.constraints`) expected to
   * report a violation. Extra to the base contract; the gator suite uses it to place assertions.
   */
  deniedBy?: string[];
}

/** Everything `gpc build` produced for one policy. */
export interface PolicyArtifacts {
  name: string;
  /** Source policy file, relative to the build's cwd, with `/` separators. */
  sourceFile: string;
  constraints: K8sObject[];
  cases: SampleCase[];
  expansionTemplates: K8sObject[];
}

/** The whole build output. */
export interface Artifacts {
  /** Path relative to the out dir (with `/`) → exact file content (LF, trailing newline). */
  files: ReadonlyMap<string, string>;
  /** Every ConstraintTemplate, sorted by name. */
  templates: K8sObject[];
  /** Every policy, sorted by name. */
  policies: PolicyArtifacts[];
  /** Build notes that are not errors (e.g. a check without a CEL form), sorted. */
  warnings?: string[];
  /** CEL cost warnings (src/cel/cost.ts): printed by `gpc build`, which writes the templates; `gpc test` and `gpc audit` leave them out. */
  costWarnings?: string[];
}

/** Options of `buildProject`. */
export interface BuildOptions {
  /** Policy files or folders (folders: every `*.ts` directly inside). @default ["policies"] */
  inputs?: string[];
  /** Rego syntax of the generated templates. @default "v0" */
  regoVersion?: "v0" | "v1";
  /** Folder that relative inputs (and `sourceFile`) are resolved against. @default process.cwd() */
  cwd?: string;
  /** Engines of the templates (`rego`, `cel`). @default both where every check has a CEL form, else Rego */
  engines?: readonly ("rego" | "cel")[];
  /** Also emit ValidatingAdmissionPolicy + Binding manifests per policy. @default false */
  vap?: boolean;
}

export type { Diagnostic };

/**
 * Load, validate and compile policies into artifacts. Never throws for bad input: problems come
 * back as error diagnostics, and `artifacts` is absent unless everything compiled.
 */
export async function buildProject(opts: BuildOptions): Promise<{ artifacts?: Artifacts; diagnostics: Diagnostic[] }> {
  const { buildProjectImpl } = await import("./build.js" as string) as { buildProjectImpl: typeof buildProject };
  return buildProjectImpl(opts);
}
