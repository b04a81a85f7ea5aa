/**
 * The CEL driver's cache of parse trees (src/engine/cel-programs.ts): a decoded tree is the tree
 * @bufbuild/cel's parser gives; a cached template evaluates as an uncached one and parses nothing;
 * another gpc or @bufbuild/cel (identity), a corrupt, truncated or foreign entry is a miss and is
 * written again; concurrent writers leave whole entries only.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { parse } from "@bufbuild/cel";
import { load } from "js-yaml";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { CelTemplate, templateCel, type CelSource } from "../../src/engine/cel-driver.js";
import { celProgramStats, CelTreeStore, decodeTree, TreeEncoder } from "../../src/engine/cel-programs.js";
import type { K8sObject } from "../../src/engine/types.js";

const ROOT = join(import.meta.dirname, "../..");
const tmp = mkdtempSync(join(tmpdir(), "gpc-cel-cache-"));

/** Every generated template's CEL source. */
const templates: { name: string; source: CelSource }[] = readdirSync(join(ROOT, "generated/templates")).sort().flatMap((f) => {
  const t = load(readFileSync(join(ROOT, "generated/templates", f), "utf8")) as K8sObject;
  const source = templateCel(t);
  return source ? [{ name: t.metadata!.name!, source }] : [];
});
const textsOf = (s: CelSource) => [...s.variables.map((v) => v.expression), ...s.validations.flatMap((v) => [v.expression, ...(v.messageExpression ? [v.messageExpression] : [])]), ...s.matchCondition.map((m) => m.expression)];

test("a decoded tree is the parser's tree, for every generated expression and odd literals", () => {
  const odd = [
    "b'\\x00\\xff' == bytes('a')", "9223372036854775807 + -9223372036854775808", "18446744073709551615u", "-0.0 == 0.0", "1e300 * 1e300",
    "'\\u0001x' + \"\\\"\"", "[1, 2].exists(x, x > 1) && [1].all(x, x == 1) && [1].exists_one(x, x == 1)", "{'a': 1}.a == 1 && has({'a': 1}.a)",
    "[1, 2].map(x, x * 2).filter(y, y > 2)", "a.b.c[0]['k'] ? null : true", "google.protobuf.Duration{seconds: 1}", "x in [1, 2] || !(y < 3)",
  ];
  const texts = [...new Set([...templates.flatMap((t) => textsOf(t.source)), ...odd])];
  assert.ok(texts.length > 100, `${texts.length} expressions`);
  const enc = new TreeEncoder();
  const encoded = texts.map((t) => enc.encode(parse(t).expr));
  // Through JSON, as the store keeps it.
  const back = JSON.parse(JSON.stringify({ shapes: enc.shapes, encoded })) as { shapes: (string | null)[][]; encoded: unknown[] };
  texts.forEach((t, i) => assert.ok(isDeepStrictEqual(decodeTree(back.shapes, back.encoded[i]), parse(t).expr), t));
  assert.throws(() => decodeTree(back.shapes, [99]), /bad tree/);
  assert.throws(() => decodeTree(back.shapes, { a: 1 }), /bad tree/);
});

// A privileged pod and its review, as the engine hands them to the driver.
const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "n" }, spec: { hostNetwork: true, containers: [{ name: "c", image: "i", securityContext: { privileged: true, runAsUser: 0 } }] } };
const review = { kind: { group: "", version: "v1", kind: "Pod" }, name: "p", namespace: "n", operation: "CREATE", object: pod };
const constraint: K8sObject = { apiVersion: "constraints.gatekeeper.sh/v1beta1", kind: "X", metadata: { name: "x" }, spec: {} };
const uncached = templates.map((t) => new CelTemplate(t.name, t.source, "gatekeeper", new CelTreeStore(false)).evaluate(review, constraint));

// A new process (nothing parsed or planned yet) building and evaluating templates on a store.
const driver = pathToFileURL(join(ROOT, "src/engine/cel-driver.ts")).href, programs = pathToFileURL(join(ROOT, "src/engine/cel-programs.ts")).href;
writeFileSync(join(tmp, "input.json"), JSON.stringify({ templates, review, constraint }));
writeFileSync(join(tmp, "child.mts"), [
  `import { readFileSync } from "node:fs";`,
  `import { CelTemplate } from ${JSON.stringify(driver)};`,
  `import { celProgramStats, CelTreeStore } from ${JSON.stringify(programs)};`,
  `const [dir, identity, only] = process.argv.slice(2);`,
  `const { templates, review, constraint } = JSON.parse(readFileSync(${JSON.stringify(join(tmp, "input.json"))}, "utf8"));`,
  `const store = new CelTreeStore(dir, { identity });`,
  `const results = templates.filter((t) => !only || t.name === only).map((t) => new CelTemplate(t.name, t.source, "gatekeeper", store).evaluate(review, constraint));`,
  `process.stdout.write(JSON.stringify({ results, parsed: celProgramStats.parsed, cached: celProgramStats.cachedTemplates }));`,
].join("\n"));
function child(dir: string, identity: string, only = ""): Promise<{ code: number | null; out: { results: unknown[]; parsed: number; cached: number } }> {
  return new Promise((done) => {
    const p = spawn(process.execPath, ["--import", "tsx", join(tmp, "child.mts"), dir, identity, only], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    p.stdout.on("data", (d: Buffer) => (out += d));
    p.on("exit", (code) => done({ code, out: out ? JSON.parse(out) : { results: [], parsed: -1, cached: -1 } }));
  });
}

test("a cached template evaluates as an uncached one and parses nothing", async () => {
  const dir = join(tmp, "a");
  const first = await child(dir, "gpc-1");
  assert.equal(first.out.results, uncached);
  assert.ok(first.out.parsed > 100, "the first process parses");
  assert.is(readdirSync(join(dir, "cel")).filter((f) => f.endsWith(".json")).length, templates.length, "one entry per template");
  const second = await child(dir, "gpc-1");
  assert.equal(second.out.results, uncached);
  assert.is(second.out.parsed, 0, "the second parses nothing");
  assert.ok(second.out.cached > 0, "and reads the entries");
});

test("another identity (gpc, @bufbuild/cel) is another entry", async () => {
  const dir = join(tmp, "a");
  const texts = textsOf(templates[0]!.source);
  assert.ok(new CelTreeStore(dir, { identity: "gpc-1" }).get(texts));
  assert.is(new CelTreeStore(dir, { identity: "gpc-2" }).get(texts), undefined);
  assert.not.equal(new CelTreeStore(dir, { identity: "gpc-1" }).key(texts), new CelTreeStore(dir, { identity: "gpc-1" }).key([...texts, "true"]), "another text, another key");
  const other = await child(dir, "gpc-2", templates[0]!.name);
  assert.ok(other.out.parsed > 0, "another gpc parses");
  assert.equal(other.out.results, [uncached[0]]);
});

test("a corrupt, truncated or foreign entry is a miss, and is written again", async () => {
  const dir = join(tmp, "b");
  const store = new CelTreeStore(dir, { identity: "gpc-1" });
  const i = Math.max(0, templates.findIndex((x) => x.name === "gpcprivileged"));
  const t = templates[i]!;
  const texts = textsOf(t.source);
  store.set(texts, texts.map((x) => parse(x).expr));
  const file = join(dir, "cel", `${store.key(texts)}.json`);
  const good = readFileSync(file, "utf8");
  const other = templates.find((x) => x !== t)!;
  const otherStore = new CelTreeStore(join(tmp, "c"), { identity: "gpc-1" });
  const otherTexts = textsOf(other.source);
  otherStore.set(otherTexts, otherTexts.map((x) => parse(x).expr));
  const foreign = readFileSync(join(tmp, "c", "cel", `${otherStore.key(otherTexts)}.json`), "utf8");
  const nl = good.indexOf("\n");
  const at = good.indexOf("[", nl + 20);
  const damaged = [
    good.slice(0, good.length >> 1), // truncated
    good.slice(0, at) + "[" + good.slice(at), // one byte more in the payload
    "{ not json\n" + good.slice(nl + 1),
    good.slice(nl + 1), // no header
    foreign, // a whole entry, of other texts
    "",
  ];
  for (const bad of damaged) {
    writeFileSync(file, bad);
    assert.is(store.get(texts), undefined, JSON.stringify(bad.slice(0, 60)));
    // The driver parses, evaluates as ever, and writes the entry again.
    const r = await child(dir, "gpc-1", t.name);
    assert.equal(r.out.results, [uncached[i]]);
    assert.ok(r.out.parsed > 0);
    const trees = store.get(texts);
    assert.ok(trees, "written again");
    trees.forEach((tree, k) => assert.ok(isDeepStrictEqual(tree(), parse(texts[k]!).expr)));
  }
});

test("concurrent writers leave whole entries only", async () => {
  const dir = join(tmp, "d");
  const runs = await Promise.all(Array.from({ length: 4 }, () => child(dir, "gpc-1")));
  assert.equal(runs.map((r) => r.code), [0, 0, 0, 0]);
  for (const r of runs) assert.equal(r.out.results, uncached);
  const names = readdirSync(join(dir, "cel"));
  assert.equal(names.filter((n) => !/^[0-9a-f]{64}\.json$/.test(n)), [], "no temporary files left");
  const store = new CelTreeStore(dir, { identity: "gpc-1" });
  for (const t of templates) assert.ok(store.get(textsOf(t.source)), `${t.name}: a whole entry`);
});

test.run();
