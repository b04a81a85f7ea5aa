/**
 * PSA agreement: `pssPreset(level, version)` on the Pod Security Admission fixtures of
 * ../shared/conformance/psa: pass pods must produce no violation, fail pods at least one.
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { load as loadYaml } from "js-yaml";
import { pssPreset } from "../../src/checks/pss.js";
import { compileCheck, reviewInput, type Executor } from "./harness.js";

export const PSA_DIR = new URL("../../../shared/conformance/psa/", import.meta.url).pathname;

/** One disagreement between the preset and a fixture. */
export interface Disagreement { level: string; version: string; file: string; expected: "pass" | "fail"; checks: string[]; msgs: string[] }

/**
 * Per level/version: `agree` counts fixtures with the right decision; `attributed` counts fail
 * fixtures denied by (at least) the check their file name names; `misattributed` lists the others.
 */
export interface Agreement { level: string; version: string; pass: number; fail: number; agree: number; attributed: number; misattributed: Disagreement[]; disagreements: Disagreement[] }

/** Fixture file-name prefix (PSA check id, lower case) → gpc check id. */
export const FIXTURE_CHECK: Readonly<Record<string, string>> = {
  allowprivilegeescalation: "allowPrivilegeEscalation", apparmorprofile: "appArmor",
  capabilities_baseline: "capabilities", capabilities_restricted: "capabilities", hostnamespaces: "hostNamespaces",
  hostpathvolumes: "hostPathVolumes", hostports: "hostPorts", hostprobesandhostlifecycle: "hostProbesAndLifecycle",
  privileged: "privileged", procmount: "procMount", procmount_restricted: "procMount", restrictedvolumes: "volumeTypes",
  runasnonroot: "runAsNonRoot", runasuser: "runAsUser", seccompprofile_baseline: "seccomp",
  seccompprofile_restricted: "seccomp", selinuxoptions: "seLinux", sysctls: "sysctls", windowshostprocess: "windowsHostProcess",
};

const podCache = new Map<string, unknown>();
function loadPod(path: string): unknown {
  if (!podCache.has(path)) podCache.set(path, loadYaml(readFileSync(path, "utf8")));
  return podCache.get(path);
}

export function psaVersions(level: string): string[] {
  if (!existsSync(join(PSA_DIR, level))) return [];
  return readdirSync(join(PSA_DIR, level)).sort((a, b) => Number(a.split(".")[1]) - Number(b.split(".")[1]));
}

/** Evaluate one level/version. */
export async function agreement(level: "baseline" | "restricted", version: string, executor?: Executor): Promise<Agreement> {
  const preset = pssPreset(level, version);
  const evals = await Promise.all(preset.map((c) => compileCheck(c.check, executor)));
  const out: Agreement = { level, version, pass: 0, fail: 0, agree: 0, attributed: 0, misattributed: [], disagreements: [] };
  for (const expected of ["pass", "fail"] as const) {
    const dir = join(PSA_DIR, level, version, expected);
    for (const file of readdirSync(dir).sort()) {
      const pod = loadPod(join(dir, file));
      const checks: string[] = [];
      const msgs: string[] = [];
      preset.forEach((c, i) => {
        const vs = evals[i]!(reviewInput(pod, c.params));
        if (vs.length) { checks.push(c.check); msgs.push(...vs.map((v) => v.msg)); }
      });
      out[expected]++;
      const ok = expected === "pass" ? checks.length === 0 : checks.length > 0;
      const d: Disagreement = { level, version, file: `${level}/${version}/${expected}/${file}`, expected, checks, msgs };
      if (ok) out.agree++;
      else out.disagreements.push(d);
      if (expected === "fail") {
        const named = FIXTURE_CHECK[file.replace(/\d*\.yaml$/, "")];
        if (named && checks.includes(named)) out.attributed++;
        else out.misattributed.push(d);
      }
    }
  }
  return out;
}
