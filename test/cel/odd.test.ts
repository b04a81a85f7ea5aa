/**
 * Null and ill-typed fields, and messages: the CEL of every check against its Rego on pods with
 * fields set to null or to the wrong type, with no, restricted and baseline parameters. Both
 * must give the same message pieces, except the differences listed in KNOWN: a field explicitly
 * set to JSON null counts as unset in the CEL (as the API server stores it: a typed Pod has no
 * null fields) and as set to null in the Rego. A difference not listed, or a listed one that is
 * gone, fails.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { CHECKS } from "../../src/checks/registry.js";
import { pssPreset } from "../../src/checks/pss.js";
import { messagePieces } from "../../src/engine/compare.js";
import { compileCheck, reviewInput } from "../checks/harness.js";
import { celMessages } from "./harness.js";
const c = (sc: object, extra: object = {}) => ({ spec: { containers: [{ name: "a", image: "x", securityContext: sc, ...extra }] } });
const odd: [string, unknown][] = [
  ["empty object", {}], ["no spec", { metadata: { name: "p" } }], ["empty spec", { spec: {} }],
  ["null everywhere", { metadata: { annotations: null }, spec: { securityContext: null, containers: null, initContainers: null, volumes: null } }],
  ["null container fields", { spec: { containers: [{ name: "a", image: null, securityContext: null, ports: null, volumeMounts: null, lifecycle: null }] } }],
  ["wrong types", { metadata: { annotations: "x" }, spec: { securityContext: "x", containers: "x", volumes: [1, "v", null], hostNetwork: "true" } }],
  ["container without name", { spec: { containers: [{ image: "x", securityContext: { capabilities: null, seccompProfile: null, seLinuxOptions: null, windowsOptions: null } }] } }],
  ["privileged null", c({ privileged: null })], ["privileged string", c({ privileged: "true" })],
  ["runAsUser null", c({ runAsUser: null, runAsNonRoot: null })], ["runAsUser string", c({ runAsUser: "0", runAsNonRoot: "true" })],
  ["allowPrivilegeEscalation null", c({ allowPrivilegeEscalation: null })], ["ape string", c({ allowPrivilegeEscalation: "false" })],
  ["hostNetwork null", { spec: { hostNetwork: null, hostPID: "true", containers: [{ name: "a" }] } }],
  ["caps null entries", c({ capabilities: { add: [null, 1, "NET_ADMIN"], drop: null } })],
  ["readOnly string", c({ readOnlyRootFilesystem: "true" })],
  ["seccomp type null", c({ seccompProfile: { type: null } })], ["procMount null", c({ procMount: null })],
  ["ports null entries", { spec: { containers: [{ name: "a", ports: [null, { hostPort: null }, { hostPort: "80" }, { hostPort: 80 }] }] } }],
  ["sysctls null", { spec: { securityContext: { sysctls: [null, { name: null }, { name: "kernel.x", value: null }] }, containers: [{ name: "a" }] } }],
];
const paramSets: [string, (id: string) => object | undefined][] = [
  ["none", () => undefined],
  ["restricted", (id) => pssPreset("restricted", "latest").find((x) => x.check === id)?.params ?? {}],
  ["baseline", (id) => pssPreset("baseline", "latest").find((x) => x.check === id)?.params ?? {}],
];
/** `check / parameters / pod`: the documented differences (null = unset in CEL, set in Rego). */
const KNOWN = [
  "runAsUser / restricted / runAsUser null",
  "seccomp / none / container without name",
  "seccomp / restricted / container without name",
  "seccomp / baseline / container without name",
];

test("null and ill-typed fields: the CEL says what the Rego says, but for the documented null differences", async () => {
  const found: string[] = [];
  for (const id of Object.keys(CHECKS)) {
  const rego = await compileCheck(id, "wasm");
  for (const [pname, params] of paramSets) for (const [oname, obj] of odd) {
    const p = params(id);
    const cel = messagePieces(celMessages(id, obj, p));
    const r = messagePieces(rego(reviewInput(obj, p ?? {})).map((v) => v.msg));
    if (cel.some((m) => m.includes("resulted in error"))) found.push(`${id} / ${pname} / ${oname}: CEL error ${cel.join(" | ")}`);
    else if (JSON.stringify(cel) !== JSON.stringify(r)) found.push(`${id} / ${pname} / ${oname}`);
  }
  }
  assert.equal(found, KNOWN);
});

test.run();
