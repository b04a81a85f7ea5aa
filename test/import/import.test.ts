// `gpc import psp` end to end: the fixture PSPs (Kubernetes documentation style, one with every
// field, a List, a multi-document file, extensions/v1beta1) become policy files that build, type-
// check and pass their generated cases; nothing of a PSP is dropped; bad input is located.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { loadAll } from "js-yaml";
import ts from "typescript";
import { pspToChecks } from "../../src/checks/psp.js";
import { runImport, type ImportArgs } from "../../src/cli/commands/import.js";
import { runTest } from "../../src/cli/commands/test.js";
import { importSpecifier, policyNameOf } from "../../src/import/psp/index.js";
import { MAX_POLICY_NAME } from "../../src/import/psp/emit.js";
import { SPEC_FIELDS } from "../../src/import/psp/read.js";

const root = new URL("../../", import.meta.url).pathname;
const fx = "test/import/fixtures";
const gpcIndex = join(root, "src/index.js");

function run(args: Partial<ImportArgs> & { inputs: string[]; out: string }) {
  const o = { out: "", err: "" };
  const code = runImport({ what: "psp", force: false, "import-from": gpcIndex, ...args }, { out: (s) => { o.out += s; }, err: (s) => { o.err += s; } }, root);
  return { code, ...o };
}

const tmp = (name: string) => mkdtempSync(join(tmpdir(), `${name}-`));

/** Every PodSecurityPolicy of the fixture folder, read independently of gpc's reader. */
function fixturePsps(dir: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const f of readdirSync(join(root, dir)).sort()) {
    for (const doc of loadAll(readFileSync(join(root, dir, f), "utf8")) as Record<string, unknown>[]) {
      const items = doc.kind === "List" ? (doc.items as Record<string, unknown>[]) : [doc];
      out.push(...items.filter((i) => i.kind === "PodSecurityPolicy"));
    }
  }
  return out;
}

const DEFAULTING_ANNOTATIONS = ["seccomp.security.alpha.kubernetes.io/defaultProfileName", "apparmor.security.beta.kubernetes.io/defaultProfileName"];
const ENFORCED_ANNOTATIONS = ["seccomp.security.alpha.kubernetes.io/allowedProfileNames", "apparmor.security.beta.kubernetes.io/allowedProfileNames"];

/** The spec a generated file must export: the PSP's spec and policy annotations, defaulting fields left out. */
function expectedSpec(psp: Record<string, unknown>): Record<string, unknown> {
  const spec = structuredClone(psp.spec) as Record<string, unknown>;
  delete spec.defaultAllowPrivilegeEscalation;
  if (spec.runtimeClass) delete (spec.runtimeClass as Record<string, unknown>).defaultRuntimeClassName;
  const ann = ((psp.metadata as { annotations?: Record<string, string> }).annotations) ?? {};
  const kept = Object.fromEntries(ENFORCED_ANNOTATIONS.filter((k) => ann[k] !== undefined).map((k) => [k, ann[k]]));
  if (Object.keys(kept).length) spec.annotations = kept;
  return spec;
}

async function loadGenerated(file: string): Promise<{ spec: unknown; model: { name: string; checks: { check: string; params: object }[]; cases: { name: string }[] } }> {
  const { tsImport } = await import("tsx/esm/api");
  const mod = (await tsImport(pathToFileURL(file).href, import.meta.url)) as { spec?: unknown; default?: { kind?: string; spec?: unknown; default?: unknown } };
  // tsx may wrap the module in one `default` level (as src/gatekeeper/build.ts also unwraps).
  const m = mod.default?.kind === "Policy" ? mod : (mod.default as typeof mod);
  return { spec: m.spec, model: m.default as never };
}

const out = tmp("gpc-import");
const first = run({ inputs: [`${fx}/psps`], out });

test("imports a folder: one file per PodSecurityPolicy (List and multi-document unwrapped), other kinds reported and skipped, exit 0", () => {
  assert.is(first.code, 0, first.err);
  assert.equal(readdirSync(out).sort(), ["all-fields.ts", "app-psp.ts", "baseline.ts", "host-network.ts", "legacy-apps.ts", "privileged.ts", "restricted.ts", "sysctls.ts"]);
  assert.match(first.err, /skipped ClusterRole "psp:app-psp" \(rbac\.authorization\.k8s\.io\/v1\) at test\/import\/fixtures\/psps\/with-rbac\.yaml, document 2 \(line 16\): not a PodSecurityPolicy/);
  assert.match(first.err, /skipped RoleBinding "app-psp"/);
  assert.match(first.out, /gpc import psp: 8 PodSecurityPolicies: 8 written, 0 unchanged, 0 kept; 2 other objects skipped\n$/);
  // Defaults gpc does not apply are named at import time, per field.
  assert.match(first.err, /warning: PodSecurityPolicy "all-fields" \(test\/import\/fixtures\/psps\/all-fields\.yaml, document 1 \(line \d+\)\): gpc validates pods and does not change them/);
  for (const f of ["spec.defaultAllowPrivilegeEscalation", "spec.defaultAddCapabilities", "spec.runtimeClass.defaultRuntimeClassName", 'spec.annotations["seccomp.security.alpha.kubernetes.io/defaultProfileName"]', 'spec.annotations["apparmor.security.beta.kubernetes.io/defaultProfileName"]', "spec.runAsUser: rule MustRunAs"]) {
    assert.ok(first.err.includes(`    ${f}`), f);
  }
});

test("the imported policies build and every generated case passes gpc test", async () => {
  const o = { out: "", err: "" };
  const code = await runTest({ inputs: [out], reporter: "json", "cross-check": false }, { out: (s) => { o.out += s; }, err: (s) => { o.err += s; } }, root);
  assert.is(code, 0, o.out.slice(0, 4000) + o.err);
  const results = JSON.parse(o.out) as { policy: string; case: string; expect: string; passed: boolean }[];
  assert.ok(results.length > 100, `${results.length} cases`);
  assert.ok(results.every((r) => r.passed));
  const byPolicy = (p: string) => results.filter((r) => r.policy === p).map((r) => `${r.expect} ${r.case}`);
  // PSP "privileged" still denies what every PSP denied: unsafe sysctls and an unmasked /proc.
  assert.equal(byPolicy("privileged"), ["allowed compliant", "denied unsafe-sysctl", "denied unmasked-proc-mount"]);
  // One denied case per restricted control of the documentation's "restricted" PSP.
  assert.equal(byPolicy("restricted"), [
    "allowed compliant", "denied privileged", "denied privilege-escalation", "denied add-sys-admin", "denied no-required-drop",
    "denied volume-host-path", "denied host-network", "denied host-pid", "denied host-ipc", "denied host-port", "denied run-as-root",
    "denied supplemental-groups", "denied fs-group", "denied unsafe-sysctl", "denied unmasked-proc-mount", "denied seccomp-unconfined",
    "denied no-seccomp-profile", "denied apparmor-unconfined", "denied no-apparmor-profile",
  ]);
  // No seccomp annotation: PSP let pods set no seccomp profile, so the allowed pod has none.
  assert.ok(byPolicy("legacy-apps").includes("denied seccomp-unconfined"));
  assert.ok(byPolicy("all-fields").includes("denied csi-driver") && byPolicy("all-fields").includes("denied runtime-class"));
});

test("field by field: every field of every PSP is in the generated spec, defaulting fields as comments", async () => {
  const psps = fixturePsps(`${fx}/psps`);
  assert.is(psps.length, 8);
  for (const psp of psps) {
    const name = (psp.metadata as { name: string }).name;
    const file = join(out, `${policyNameOf(name)}.ts`);
    const text = readFileSync(file, "utf8");
    const { spec, model } = await loadGenerated(file);
    assert.equal(spec, expectedSpec(psp), name);
    // The model's checks are exactly the PSP mapping of that spec: nothing lost on the way.
    const mapped = pspToChecks(spec as never, "psp").checks.map((c) => ({ check: c.check, params: c.params })).sort((a, b) => (a.check < b.check ? -1 : 1));
    assert.equal(model.checks, mapped, name);
    const raw = psp.spec as Record<string, unknown>;
    const commented = (key: string, value: unknown) => assert.ok(text.includes(`// ${key}: ${JSON.stringify(value)},\n`), `${name}: ${key} as a comment`);
    if (raw.defaultAllowPrivilegeEscalation !== undefined) commented("defaultAllowPrivilegeEscalation", raw.defaultAllowPrivilegeEscalation);
    const rc = raw.runtimeClass as { defaultRuntimeClassName?: string } | undefined;
    if (rc?.defaultRuntimeClassName !== undefined) commented("defaultRuntimeClassName", rc.defaultRuntimeClassName);
    const ann = (psp.metadata as { annotations?: Record<string, string> }).annotations ?? {};
    for (const k of DEFAULTING_ANNOTATIONS) if (ann[k] !== undefined) commented(JSON.stringify(k), ann[k]);
    const notes = text.match(/\/\/ Not enforced: /g)?.length ?? 0;
    const defaults = [raw.defaultAllowPrivilegeEscalation, rc?.defaultRuntimeClassName, ...DEFAULTING_ANNOTATIONS.map((k) => ann[k])].filter((v) => v !== undefined).length;
    assert.is(notes, defaults, `${name}: one "Not enforced" note per defaulting field`);
    assert.match(text, /\/\/ Edit freely: gpc import keeps existing files unless --force\.\n/);
  }
});

test("the every-field fixture sets every PodSecurityPolicySpec field and every PSP annotation; the reader knows them all", () => {
  const FIELDS = [
    "privileged", "defaultAddCapabilities", "requiredDropCapabilities", "allowedCapabilities", "volumes", "hostNetwork", "hostPorts",
    "hostPID", "hostIPC", "seLinux", "runAsUser", "runAsGroup", "supplementalGroups", "fsGroup", "readOnlyRootFilesystem",
    "defaultAllowPrivilegeEscalation", "allowPrivilegeEscalation", "allowedHostPaths", "allowedFlexVolumes", "allowedCSIDrivers",
    "allowedUnsafeSysctls", "forbiddenSysctls", "allowedProcMountTypes", "runtimeClass",
  ];
  const all = fixturePsps(`${fx}/psps`).find((p) => (p.metadata as { name: string }).name === "all-fields")!;
  assert.equal(Object.keys(all.spec as object).sort(), [...FIELDS].sort());
  assert.equal(Object.keys(SPEC_FIELDS).sort(), [...FIELDS].sort());
  const ann = Object.keys((all.metadata as { annotations: object }).annotations);
  for (const k of [...ENFORCED_ANNOTATIONS, ...DEFAULTING_ANNOTATIONS]) assert.ok(ann.includes(k), k);
  const se = (all.spec as { seLinux: { seLinuxOptions: object } }).seLinux.seLinuxOptions;
  assert.equal(Object.keys(se).sort(), ["level", "role", "type", "user"]);
});

test("generated files type-check under strict TypeScript", () => {
  const files = readdirSync(out).map((f) => join(out, f));
  const program = ts.createProgram(files, { strict: true, noEmit: true, noUnusedLocals: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true, types: ["node"] });
  const diags = ts.getPreEmitDiagnostics(program).filter((d) => d.file && files.includes(d.file.fileName));
  assert.equal(diags.map((d) => `${d.file!.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`), []);
});

test("output is deterministic: a second import writes nothing and reports every file unchanged", () => {
  const before = Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(join(out, f), "utf8")]));
  const again = run({ inputs: [`${fx}/psps`], out });
  assert.is(again.code, 0, again.err);
  assert.match(again.out, /8 written|0 written, 8 unchanged, 0 kept/);
  assert.match(again.out, /0 written, 8 unchanged/);
  const other = tmp("gpc-import-again");
  run({ inputs: [`${fx}/psps`], out: other });
  for (const [f, text] of Object.entries(before)) {
    assert.is(readFileSync(join(other, f), "utf8"), text, f);
    assert.ok(text.endsWith("\n") && !text.includes("\r"), f);
  }
});

test("an existing file that differs is kept (exit 1, named) unless --force", () => {
  const dir = tmp("gpc-import-keep");
  run({ inputs: [`${fx}/psps/restricted.yaml`], out: dir });
  const file = join(dir, "restricted.ts");
  writeFileSync(file, "// my edits\n");
  const kept = run({ inputs: [`${fx}/psps/restricted.yaml`, `${fx}/psps/baseline.yaml`], out: dir });
  assert.is(kept.code, 1);
  assert.match(kept.out, /kept\s+\S*restricted\.ts\s+PodSecurityPolicy "restricted", exists and differs; --force overwrites it/);
  assert.match(kept.out, /1 written, 0 unchanged, 1 kept/);
  assert.is(readFileSync(file, "utf8"), "// my edits\n");
  assert.ok(existsSync(join(dir, "baseline.ts")));
  const forced = run({ inputs: [`${fx}/psps/restricted.yaml`], out: dir, force: true });
  assert.is(forced.code, 0);
  assert.match(forced.out, /replaced\s+\S*restricted\.ts/);
  assert.is(readFileSync(file, "utf8"), readFileSync(join(out, "restricted.ts"), "utf8"));
});

test("input errors name file, document and field; exit 2; nothing is written, not even the valid PSPs", () => {
  const dir = join(tmp("gpc-import-bad"), "policies");
  const r = run({ inputs: [`${fx}/psps`, `${fx}/bad`], out: dir });
  assert.is(r.code, 2);
  assert.not.ok(existsSync(dir));
  const expected = [
    "test/import/fixtures/bad/semantic.yaml: document 1 (line 1): spec.volumes[0]: unknown volume type \"hostpath\"",
    "test/import/fixtures/bad/semantic.yaml: document 1 (line 1): spec.runAsUser.ranges[0]: min 2000 is greater than max 1000",
    "test/import/fixtures/bad/types.yaml: document 1 (line 1): spec.privileged: expected a boolean, got string",
    "test/import/fixtures/bad/types.yaml: document 1 (line 1): spec.hostPorts[0].min: expected an integer, got string",
    "test/import/fixtures/bad/types.yaml: document 1 (line 1): spec.runAsUser.rule: \"Sometimes\" is not one of \"MustRunAs\", \"MustRunAsNonRoot\", \"RunAsAny\"",
    "test/import/fixtures/bad/types.yaml: document 1 (line 1): spec.fsGroup.ranges: expected a list, got object",
    "test/import/fixtures/bad/types.yaml: document 2 (line 13): spec.allowedCSIDriver: unknown field (known: privileged,",
    "test/import/fixtures/bad/types.yaml: document 3 (line 24): spec.runAsUser: is required in a PodSecurityPolicy",
    "test/import/fixtures/bad/types.yaml: document 4 (line 33): apiVersion: PodSecurityPolicy \"policy/v1\" is not a known version (policy/v1beta1, extensions/v1beta1)",
  ];
  // Lines are the reader's (where each document's content starts); the document numbers are fixed.
  const literal = (x: string) => x.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&").replace(/\\\(line \d+\\\)/g, "\\(line \\d+\\)");
  for (const e of expected) assert.match(r.err, new RegExp(`gpc import psp: ${literal(e)}`), `${e}\n---\n${r.err}`);
  assert.match(r.err, /gpc import psp: 9 errors; nothing written\n$/);
});

test("no PodSecurityPolicy, an unreadable path, a PSP that allows everything, colliding names: exit 2", () => {
  const none = run({ inputs: [`${fx}/psps/../../../cli-engine/fixtures/manifests/workloads/cronjob.yaml`], out: tmp("gpc-import-none") });
  assert.is(none.code, 2);
  assert.match(none.err, /no PodSecurityPolicy found in .*; nothing written/);
  const missing = run({ inputs: ["no/such/dir"], out: tmp("gpc-import-missing") });
  assert.is(missing.code, 2);
  assert.match(missing.err, /no\/such\/dir: cannot read: no such file or directory/);
  const dir = tmp("gpc-import-edge");
  const strategies = "  runAsUser: {rule: RunAsAny}\n  seLinux: {rule: RunAsAny}\n  supplementalGroups: {rule: RunAsAny}\n  fsGroup: {rule: RunAsAny}\n";
  writeFileSync(join(dir, "open.yaml"), `apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: wide-open, annotations: {seccomp.security.alpha.kubernetes.io/allowedProfileNames: "*"}}\nspec:\n  privileged: true\n  allowedCapabilities: ['*']\n  volumes: ['*']\n  hostNetwork: true\n  hostPID: true\n  hostIPC: true\n  hostPorts: [{min: 0, max: 65535}]\n  allowedUnsafeSysctls: ['*']\n  allowedProcMountTypes: [Default, Unmasked]\n${strategies}`);
  const open = run({ inputs: [join(dir, "open.yaml")], out: join(dir, "out") });
  assert.is(open.code, 2);
  assert.match(open.err, /spec: PodSecurityPolicy "wide-open" allows everything gpc checks, so its policy would never deny a pod; nothing to import/);
  writeFileSync(join(dir, "twins.yaml"), `apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: a.b}\nspec:\n${strategies}---\napiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: a-b}\nspec:\n${strategies}`);
  const twins = run({ inputs: [join(dir, "twins.yaml")], out: join(dir, "out") });
  assert.is(twins.code, 2);
  assert.match(twins.err, /document 2 \(line \d+\): metadata\.name: PodSecurityPolicy "a-b" would be policy "a-b", as PodSecurityPolicy "a\.b" \(.*twins\.yaml, document 1 \(line \d+\)\) is; rename one/);
  assert.not.ok(existsSync(join(dir, "out")));
});

test("hostile names and values stay string literals: the file loads, builds and keeps every value", async () => {
  const dir = tmp("gpc-import-hostile");
  const r = run({ inputs: [`${fx}/hostile`], out: dir });
  assert.is(r.code, 0, r.err);
  const [psp] = fixturePsps(`${fx}/hostile`);
  const file = join(dir, "x-process-exit-3-injected.ts");
  const { spec, model } = await loadGenerated(file); // an injected process.exit would end this test run here
  assert.equal(spec, expectedSpec(psp!));
  assert.is(model.name, "x-process-exit-3-injected");
  const text = readFileSync(file, "utf8");
  // Line terminators inside values are escapes, never raw, in code and in comments.
  assert.not.ok(/[\u2028\u2029]/.test(text));
  assert.ok(text.includes('// "seccomp.security.alpha.kubernetes.io/defaultProfileName": "runtime/default\\nprocess.exit(5)",\n'));
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const calls: string[] = [];
  const walk = (n: ts.Node) => { if (ts.isCallExpression(n)) calls.push(n.expression.getText(sf)); ts.forEachChild(n, walk); };
  walk(sf);
  assert.equal([...new Set(calls)].sort(), ["allowed", "definePolicy", "denied", "samplePod", "tweak", "tweakContainer"]);
  const o = { out: "", err: "" };
  const code = await runTest({ inputs: [file], reporter: "table", "cross-check": false }, { out: (s) => { o.out += s; }, err: (s) => { o.err += s; } }, root);
  assert.is(code, 0, o.out + o.err);
});

test("import specifier: gpc in a user's repository, a relative path to src/index.js inside gpc's own", () => {
  assert.is(importSpecifier(tmp("gpc-import-spec")), "gpc");
  assert.is(importSpecifier(join(root, "policies")), "../src/index.js");
  assert.is(importSpecifier(join(root, "test/import/out")), "../../../src/index.js");
});

test("policy names: a lowercase DNS label short enough for every constraint name", () => {
  assert.is(policyNameOf("legacy.apps"), "legacy-apps");
  assert.is(policyNameOf("Restricted_PSP"), "restricted-psp");
  assert.is(policyNameOf("..."), "psp");
  const long = policyNameOf(`a${"-b".repeat(60)}`);
  assert.ok(long.length <= MAX_POLICY_NAME && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(long), long);
  assert.is(MAX_POLICY_NAME, 63 - 1 - "allow-privilege-escalation".length);
});

test("the command line: gpc import psp is registered, with --help", () => {
  const dir = tmp("gpc-import-cli");
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", `import("./src/cli/main.ts").then((m) => m.main(${JSON.stringify(["import", "psp", `${fx}/psps/restricted.yaml`, "--out", dir])}))`], { cwd: root, encoding: "utf8" });
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /wrote\s+\S*restricted\.ts\s+PodSecurityPolicy "restricted", 19 sample cases/);
  assert.match(readFileSync(join(dir, "restricted.ts"), "utf8"), /from "gpc";\n/);
  const stdin = spawnSync(process.execPath, ["--import", "tsx", "-e", `import("./src/cli/main.ts").then((m) => m.main(${JSON.stringify(["import", "psp", "-", "--out", join(dir, "stdin")])}))`], { cwd: root, encoding: "utf8", input: readFileSync(join(root, fx, "psps/list.yaml")) });
  assert.is(stdin.status, 0, stdin.stderr);
  assert.equal(readdirSync(join(dir, "stdin")).sort(), ["host-network.ts", "sysctls.ts"]);
  assert.match(readFileSync(join(dir, "stdin", "sysctls.ts"), "utf8"), /^\/\/ standard input, document 1 \(line \d+\), items\[1\]\.$/m);
  const bad = spawnSync(process.execPath, ["--import", "tsx", "-e", `import("./src/cli/main.ts").then((m) => m.main(["import", "crd", "x.yaml"]))`], { cwd: root, encoding: "utf8" });
  assert.is(bad.status, 2);
  assert.match(bad.stderr, /Invalid values:[\s\S]*psp/);
});


test("the reader's warnings (a duplicate key) are printed and do not stop the import", () => {
  const dir = tmp("gpc-import-dup");
  const out = tmp("gpc-import-dup-out");
  writeFileSync(join(dir, "dup.yaml"), [
    "apiVersion: policy/v1beta1",
    "kind: PodSecurityPolicy",
    "metadata:",
    "  name: dup-keys",
    "spec:",
    "  privileged: true",
    "  privileged: false",
    "  seLinux: {rule: RunAsAny}",
    "  runAsUser: {rule: RunAsAny}",
    "  supplementalGroups: {rule: RunAsAny}",
    "  fsGroup: {rule: RunAsAny}",
    "  volumes: ['*']",
    "",
  ].join("\n"));
  const r = run({ inputs: [dir], out });
  assert.is(r.code, 0, r.err);
  assert.match(r.err, /gpc import psp: .*dup\.yaml.*warning: .*privileged/);
  assert.ok(existsSync(join(out, "dup-keys.ts")));
  // Last one wins, as the API server reads it: the imported PSP forbids privileged containers.
  assert.match(readFileSync(join(out, "dup-keys.ts"), "utf8"), /privileged: false/);
});

test.run();
