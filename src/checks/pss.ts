/** Pod Security Standards presets per version (stub until checks land). */
import type { CheckInstance, PssLevel } from "./types.js";

/** PSA versions with fixtures, oldest first; `latest` means the last one. */
export const PSS_VERSIONS: readonly string[] = Array.from({ length: 38 }, (_, i) => `v1.${i}`);

/** Checks + parameters that reproduce Pod Security Admission `level` at `version`. */
export function pssPreset(level: PssLevel, version: string): CheckInstance[] {
  throw new Error(`pssPreset(${level}, ${version}): not implemented yet`);
}
