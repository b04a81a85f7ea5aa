/** Registry of every check by id (filled as check files land). */
import type { CheckDefinition } from "./types.js";

/** Every check, keyed by id. */
export const CHECKS: Readonly<Record<string, CheckDefinition<any>>> = {};
