// Messages and engines: a rule's message cut at MAX_PIECES pieces agrees with the Rego's
// violations; Kubernetes' 5 KiB message limit; `gpc verify` evaluates a dual-engine template's
// CEL (as gator does) and, with `both`, fails a case on which its Rego differs.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MAX_PIECES } from "../../src/cel/lib.js";
import { diffEngines, sameAnswer } from "../../src/engine/compare.js";
import { CelTemplate, MAX_MESSAGE_BYTES } from "../../src/engine/cel-driver.js";
import { verifyPaths } from "../../src/verify/index.js";
import { compileCheck, reviewInput } from "../checks/harness.js";
import { celMessages, constraintWith, podReview } from "./harness.js";

const pod = (n: number) => ({ metadata: { name: "p" }, spec: { containers: Array.from({ length: n }, (_, i) => ({ name: `c${i}`, image: "x", securityContext: { privileged: true } })) } });
const asViolations = (msgs: string[]) => msgs.map((msg) => ({ msg, constraint: { kind: "K", name: "c" } })) as never[];

test("a message with more than MAX_PIECES pieces lists MAX_PIECES and '(and N more)', and agrees with the Rego", async () => {
  const cel = celMessages("privileged", pod(20), undefined);
  assert.is(cel.length, 1);
  assert.ok(cel[0]!.endsWith(`; (and ${20 - MAX_PIECES} more)`), cel[0]);
  const rego = (await compileCheck("privileged", "wasm"))(reviewInput(pod(20), {})).map((v) => v.msg);
  assert.is(rego.length, 20);
  assert.equal(diffEngines(asViolations(rego), asViolations(cel)), []);
  // …but not when a listed piece is not the Rego's, or the count falls short.
  assert.is(sameAnswer(["a", "b", "c"], ["a; x; (and 1 more)"]), false);
  assert.is(sameAnswer(["a", "b", "c", "d"], ["a; b; (and 1 more)"]), false);
  assert.is(sameAnswer(["a", "b", "c"], ["a; b; (and 1 more)"]), true);
});

test("pieces are built from the offending items: per container in order, cut at MAX_PIECES, parts of a rule in order", async () => {
  // capabilities (nested): one piece per container, its capabilities joined.
  const caps = (n: number) => ({ metadata: { name: "p" }, spec: { containers: Array.from({ length: n }, (_, i) => ({ name: `c${i}`, image: "x", securityContext: { capabilities: { add: ["NET_ADMIN", "SYS_TIME"], drop: ["ALL"] } } })) } });
  const piece = (i: number) => `container "c${i}" must not add capability "NET_ADMIN" in securityContext.capabilities.add; container "c${i}" must not add capability "SYS_TIME" in securityContext.capabilities.add`;
  const params = { allowedCapabilities: ["NET_BIND_SERVICE"], requiredDropCapabilities: ["ALL"], caseSensitive: true };
  assert.equal(celMessages("capabilities", caps(3), params), [[0, 1, 2].map(piece).join("; ")]);
  const cut = celMessages("capabilities", caps(15), params);
  assert.equal(cut, [[...Array.from({ length: MAX_PIECES }, (_, i) => piece(i)), `(and ${15 - MAX_PIECES} more, each with one or more findings)`].join("; ")]);
  // …and agrees with the Rego's 30 violations, one per capability: the count is of containers.
  const capRego = (await compileCheck("capabilities", "wasm"))(reviewInput(caps(15), params)).map((v) => v.msg);
  assert.is(capRego.length, 30);
  assert.equal(diffEngines(asViolations(capRego), asViolations(cut)), []);
  // A count of items differs when the Rego has fewer further pieces than the count says.
  assert.is(sameAnswer(["a1", "a2", "b1"], ["a1; a2; (and 1 more, each with one or more findings)"]), true);
  assert.is(sameAnswer(["a1", "a2", "b1"], ["a1; a2; (and 2 more, each with one or more findings)"]), false);
  assert.is(sameAnswer(["a1", "a2", "b1"], ["a1; x; (and 1 more, each with one or more findings)"]), false);
  // hostProbesAndLifecycle (two parts): every httpGet piece, then every tcpSocket piece.
  const probe = { httpGet: { host: "h", port: 80 } }, tcp = { tcpSocket: { host: "t", port: 80 } };
  const pod = { metadata: { name: "p" }, spec: { containers: [{ name: "a", image: "x", livenessProbe: { ...probe, ...tcp } }, { name: "b", image: "x", livenessProbe: probe }] } };
  assert.equal(celMessages("hostProbesAndLifecycle", pod, { allowedHosts: [] }), [
    'container "a" must not set livenessProbe.httpGet.host to "h"; container "b" must not set livenessProbe.httpGet.host to "h"; container "a" must not set livenessProbe.tcpSocket.host to "t"',
  ]);
  const rego = (await compileCheck("hostProbesAndLifecycle", "wasm"))(reviewInput(pod, { allowedHosts: [] })).map((v) => v.msg);
  assert.equal(diffEngines(asViolations(rego), asViolations(celMessages("hostProbesAndLifecycle", pod, { allowedHosts: [] }))), []);
});

test("hostProbesAndLifecycle: httpGet pieces, then tcpSocket ones, of all container lists, cut at MAX_PIECES", async () => {
  // Even containers set tcpSocket.host, odd ones httpGet.host; one initContainer sets both.
  const probe = (i: number) => (i % 2 ? { httpGet: { host: `h${i}` } } : { tcpSocket: { host: `t${i}` } });
  const pod = (n: number) => ({ metadata: { name: "p" }, spec: {
    containers: Array.from({ length: n }, (_, i) => ({ name: `c${i}`, image: "x", livenessProbe: probe(i) })),
    initContainers: [{ name: "i", image: "x", livenessProbe: { httpGet: { host: "hi" }, tcpSocket: { host: "" } } }, { name: "j", image: "x", livenessProbe: { httpGet: { host: "hj" }, tcpSocket: { host: "tj" } } }],
  } });
  const http = (c: string, h: string) => `${c} must not set livenessProbe.httpGet.host to "${h}"`;
  const tcp = (c: string, h: string) => `${c} must not set livenessProbe.tcpSocket.host to "${h}"`;
  assert.equal(celMessages("hostProbesAndLifecycle", pod(3), undefined),
    [[http('container "c1"', "h1"), http('initContainer "i"', "hi"), http('initContainer "j"', "hj"), tcp('container "c0"', "t0"), tcp('container "c2"', "t2"), tcp('initContainer "j"', "tj")].join("; ")]);
  const pieces = [...[1, 3, 5, 7, 9, 11, 13].map((i) => http(`container "c${i}"`, `h${i}`)), http('initContainer "i"', "hi"), http('initContainer "j"', "hj"),
    ...[0, 2, 4, 6, 8, 10, 12].map((i) => tcp(`container "c${i}"`, `t${i}`)), tcp('initContainer "j"', "tj")];
  const cel = celMessages("hostProbesAndLifecycle", pod(14), undefined);
  assert.equal(cel, [[...pieces.slice(0, MAX_PIECES), `(and ${pieces.length - MAX_PIECES} more)`].join("; ")]);
  const rego = (await compileCheck("hostProbesAndLifecycle", "wasm"))(reviewInput(pod(14), {})).map((v) => v.msg);
  assert.equal(rego.sort(), [...pieces].sort());
  assert.equal(diffEngines(asViolations(rego), asViolations(cel)), []);
  // Allowed hosts and exempt containers drop out of the message and its count.
  assert.equal(celMessages("hostProbesAndLifecycle", pod(3), { allowedHosts: ["h1", "tj"], exemptContainers: ["c0"] }),
    [[http('initContainer "i"', "hi"), http('initContainer "j"', "hj"), tcp('container "c2"', "t2")].join("; ")]);
});

test("seccomp and AppArmor with no allowed profile type: both engines say '(none allowed)', no trailing space", async () => {
  const pod = { metadata: { name: "p" }, spec: { containers: [{ name: "a", image: "x" }] } };
  for (const [check, field] of [["seccomp", "seccompProfile"], ["appArmor", "appArmorProfile"]] as const) {
    const params = { allowedProfileTypes: [], ...(check === "appArmor" ? { requireProfile: true } : {}) };
    const want = [`container "a" must set securityContext.${field}.type or spec.securityContext.${field}.type to one of (none allowed)`];
    const rego = (await compileCheck(check, "wasm"))(reviewInput(pod, params)).map((v) => v.msg);
    assert.equal(rego, want, check);
    assert.equal(celMessages(check, pod, params), want, check);
  }
});

test("an evaluated message over 5 KiB, or with a line break, falls back as Kubernetes does", () => {
  const t = new CelTemplate("t", { variables: [], matchCondition: [], failurePolicy: "Fail", validations: [
    { expression: "false", messageExpression: `"${"y".repeat(MAX_MESSAGE_BYTES + 1)}"`, message: " static " },
    { expression: "false", messageExpression: `"a\\nb"` },
    { expression: "false", messageExpression: `"  ${"z".repeat(10)}  "` },
  ] });
  assert.equal(t.evaluate(podReview({}), constraintWith(undefined)).map((v) => v.msg), ["static", "failed expression: false", "z".repeat(10)]);
});

test("gpc verify: a dual-engine template is decided by its CEL; with both, a differing Rego fails the case", async () => {
  const dir = mkdtempSync(join(tmpdir(), "gpc-verify-cel-"));
  try {
    const gen = new URL("../../generated/", import.meta.url).pathname;
    cpSync(join(gen, "pss-baseline"), join(dir, "pss-baseline"), { recursive: true });
    cpSync(join(gen, "templates"), join(dir, "templates"), { recursive: true });
    // Break the Rego of the privileged template: it never fires; its CEL is unchanged.
    const tpl = join(dir, "templates", "gpcprivileged.yaml");
    const text = readFileSync(tpl, "utf8");
    assert.ok(text.includes("c.securityContext.privileged == true"));
    writeFileSync(tpl, text.replace("c.securityContext.privileged == true", "c.securityContext.privileged == \"never\""));
    const run = async (engine: "rego" | "cel" | "both") => {
      const r = await verifyPaths([join(dir, "pss-baseline", "suite.yaml")], { engine, run: "pss-baseline-privileged//^privileged$" });
      return r.results.flatMap((s) => s.tests.flatMap((t) => t.cases.filter((c) => !c.skipped).map((c) => c.error ?? "ok")));
    };
    assert.equal(await run("cel"), ["ok"]);
    const rego = await run("rego");
    assert.is(rego.length, 1);
    assert.ok(rego[0] !== "ok", "the broken Rego alone does not deny");
    const both = await run("both");
    assert.is(both.length, 1);
    assert.match(both[0]!, /the template's CEL and Rego differ: GpcPrivileged\/pss-baseline-privileged: rego: no violation; cel: /);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test.run();
