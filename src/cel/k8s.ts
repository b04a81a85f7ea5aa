/**
 * Kubernetes' CEL libraries that gpc's generated CEL may use, beyond what @bufbuild/cel ships
 * (the standard library and the strings extension: `startsWith`, `endsWith`, `substring`,
 * `upperAscii`, `join`, `replace`, `split`, …, all in Kubernetes' environment too).
 *
 * Generated expressions keep to that common set, so this list is empty; a function added here
 * must follow Kubernetes' definition exactly and be tested against the Kubernetes
 * documentation's examples (test/cel/k8s.test.ts).
 */
import type { CelFunc } from "@bufbuild/cel";

/** Extension functions registered in the engine's CEL environment. */
export const K8S_CEL_FUNCS: readonly CelFunc[] = [];
