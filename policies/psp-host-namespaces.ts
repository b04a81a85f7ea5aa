/** PodSecurityPolicy `hostPID`, `hostIPC`, `hostNetwork` → check `hostNamespaces`. */
import { allowed, definePolicy, denied, samplePod, tweak } from "../src/index.js";

const ok = samplePod();

export default definePolicy({
  name: "psp-host-namespaces",
  description: "PSP controls `hostPID`, `hostIPC` and `hostNetwork`: pods share no host namespace, except host networking for pods labelled `example.com/network-agent: \"true\"`.",
  checks: { hostNamespaces: { allowHostNetwork: false, allowHostPID: false, allowHostIPC: false } },
  exemptions: { podLabels: { "example.com/network-agent": ["true"] } },
  cases: [
    allowed("compliant", ok),
    allowed("exempt-by-label", tweak(ok, (p) => { p.metadata.labels = { "example.com/network-agent": "true" }; p.spec.hostNetwork = true; })),
    denied("host-network", tweak(ok, (p) => { p.spec.hostNetwork = true; })),
    denied("host-pid", tweak(ok, (p) => { p.spec.hostPID = true; })),
    denied("host-ipc", tweak(ok, (p) => { p.spec.hostIPC = true; })),
  ],
});
