/**
 * `npm run bench:kubescape -- /path/to/kubescape-regolibrary [--filter regex]`: Kubescape's rule
 * tests (`rules/<rule>/test/<case>/{input/*, data.json, expected.json}`, which its Go test runner
 * evaluates with OPA's evaluator), compiled with gpc and evaluated through the stock SDK. The
 * checkout stays outside this repository.
 *
 * As testrunner/opaprocessor does: the rule's `raw.rego` (Rego v0) is queried as
 * `data.armo_builtins` (every rule whose value is a list of responses counts) with the input files (YAML or JSON, one object each) as the input
 * array (an object without metadata given `metadata: {name: ""}`, as Kubescape's envelope does), and data `postureControlInputs` (default-config-inputs.json, overridden by the case's
 * data.json) and `dataControlInputs`. A case passes when the deny results equal expected.json's
 * responses on `alertMessage`, the four path lists, `alertScore` and the Kubernetes objects'
 * kind/apiVersion/metadata.name (order ignored). Not modelled (counted as skipped): rules that
 * aggregate resources (`resourceCount`) and rules importing Kubescape's embedded dependency
 * modules (`data.cautils`, which live in opa-utils, not in this repository).
 * Prints totals and one line per failing case.
 */
import { loadPolicy } from "@open-policy-agent/opa-wasm";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadAll } from "js-yaml";
import { compileRegoDetailed } from "../src/rego/wasm/compile.js";
import { hostBuiltins } from "../src/rego/host/index.js";
import { formatDiagnostic } from "../src/diagnostics/diagnostic.js";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const isObj = (v: unknown): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The fields compared, in a canonical form. */
function canon(r: Json): string {
  // Go's encoding/json matches field names case-insensitively (`ReviewPaths`, `k8SApiObjects`).
  const o: Record<string, Json> = {};
  if (isObj(r)) for (const [k, v] of Object.entries(r)) o[k.toLowerCase()] = v;
  const list = (k: string) => (Array.isArray(o[k]) ? (o[k] as Json[]).map((x) => JSON.stringify(x)).sort() : []);
  const ao = isObj(o.alertobject) ? o.alertobject : {};
  const objs = Object.entries(ao).find(([k, v]) => k.toLowerCase() === "k8sapiobjects" && Array.isArray(v))?.[1] as Json[] | undefined ?? [];
  const k8s = objs.map((x) => {
    const m = isObj(x) && isObj(x.metadata) ? x.metadata : {};
    return isObj(x) ? `${String(x.kind)}/${String(x.apiVersion)}/${String(m.name)}` : "?";
  }).sort();
  return JSON.stringify({
    alertMessage: o.alertmessage ?? "", failedPaths: list("failedpaths"), fixPaths: list("fixpaths"),
    deletePaths: list("deletepaths"), reviewPaths: list("reviewpaths"), alertScore: o.alertscore ?? 0, k8s,
  });
}

function readInputs(dir: string): Json[] {
  const out: Json[] = [];
  for (const f of readdirSync(dir).sort()) {
    const text = readFileSync(join(dir, f), "utf8");
    if (f.endsWith(".json")) out.push(JSON.parse(text) as Json);
    else if (/\.ya?ml$/.test(f)) out.push(...(loadAll(text) as Json[]).filter((d) => d !== null && d !== undefined));
  }
  return out;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const fi = args.indexOf("--filter");
  const filter = fi >= 0 ? new RegExp(args.splice(fi, 2)[1]!) : undefined;
  const root = args[0];
  if (!root || !existsSync(join(root, "rules"))) {
    console.error("usage: npm run bench:kubescape -- /path/to/kubescape-regolibrary [--filter regex]");
    process.exitCode = 2;
    return;
  }
  const defaults = (JSON.parse(readFileSync(join(root, "default-config-inputs.json"), "utf8")) as { settings: { postureControlInputs: Record<string, Json> } }).settings.postureControlInputs;
  let pass = 0, fail = 0, compileErr = 0, skipped = 0;
  const lines: string[] = [];
  for (const rule of readdirSync(join(root, "rules")).sort()) {
    const dir = join(root, "rules", rule);
    if (filter && !filter.test(rule)) continue;
    if (!existsSync(join(dir, "raw.rego")) || !existsSync(join(dir, "test"))) continue;
    const cases = readdirSync(join(dir, "test")).filter((c) => existsSync(join(dir, "test", c, "expected.json"))).sort();
    const rego = readFileSync(join(dir, "raw.rego"), "utf8");
    const meta = JSON.parse(readFileSync(join(dir, "rule.metadata.json"), "utf8")) as Record<string, unknown>;
    const aggregated = cases.some((c) => readFileSync(join(dir, "test", c, "expected.json"), "utf8").includes("relatedObjects"));
    if (meta.resourceCount || aggregated || /data\.cautils/.test(rego)) { skipped += cases.length; continue; }
    const modules = { [`rules/${rule}/raw.rego`]: rego };
    const r = compileRegoDetailed({ modules, entrypoints: ["armo_builtins"], regoVersion: "v0" });
    if (!r.wasm) {
      compileErr += cases.length;
      const d = r.diagnostics.find((x) => x.severity === "error");
      lines.push(`  ${rule}: compile error (${cases.length} cases): ${d ? formatDiagnostic(d, modules) : "no wasm"}`);
      continue;
    }
    const policy = await loadPolicy(r.wasm as unknown as BufferSource, undefined, hostBuiltins);
    for (const c of cases) {
      const cdir = join(dir, "test", c);
      try {
        const dataFile = join(cdir, "data.json");
        const given = existsSync(dataFile) ? JSON.parse(readFileSync(dataFile, "utf8")) as { postureControlInputs?: Record<string, Json>; dataControlInputs?: Json } : {};
        policy.setData({ postureControlInputs: { ...defaults, ...(given.postureControlInputs ?? {}) }, dataControlInputs: given.dataControlInputs ?? null });
        // Kubescape's object envelope gives an object without metadata an empty name.
        const input = (existsSync(join(cdir, "input")) ? readInputs(join(cdir, "input")) : [])
          .map((o) => (isObj(o) && o.metadata === undefined ? { ...o, metadata: { name: "" } } : o));
        const rs = policy.evaluate(input) as { result: Json }[];
        // reporthandling.ParseRegoResult: every rule of the package whose value decodes as a list of responses.
        const pkg = rs[0]?.result;
        const got = (isObj(pkg) ? Object.values(pkg) : []).filter((v): v is Json[] => Array.isArray(v) && v.every(isObj)).flat().map(canon).sort();
        const exp = JSON.parse(readFileSync(join(cdir, "expected.json"), "utf8")) as Json;
        const want = (Array.isArray(exp) ? exp : [exp]).map(canon).sort();
        if (JSON.stringify(got) === JSON.stringify(want)) pass++;
        else {
          fail++;
          const missing = want.filter((w) => !got.includes(w)), extra = got.filter((g) => !want.includes(g));
          lines.push(`  rules/${rule}/test/${c}: fail: missing ${missing.length} ${process.env.FULL ? missing[0] : clip(missing[0])}; extra ${extra.length} ${process.env.FULL ? extra[0] : clip(extra[0])}`);
        }
      } catch (e) {
        fail++;
        lines.push(`  rules/${rule}/test/${c}: error: ${String((e as Error).message ?? e).split("\n")[0]}`);
      }
    }
  }
  const total = pass + fail + compileErr;
  console.log(`kubescape regolibrary: ${pass}/${total} cases pass (${fail} fail, ${compileErr} compile error, ${skipped} not modelled)`);
  for (const l of lines) console.log(l);
}

function clip(s: string | undefined): string {
  if (s === undefined) return "";
  return s.length > 240 ? `${s.slice(0, 237)}...` : s;
}

await main();
