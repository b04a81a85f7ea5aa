/**
 * Enforcement actions at one enforcement point (gpc evaluates at `gator.gatekeeper.sh`), as in
 * gatekeeper `pkg/util/enforcement_action.go` and the framework's constraint client.
 *
 * Input: a constraint. Output: the actions that apply at the point, or `undefined` when a
 * `scoped` constraint does not list the point (Gatekeeper then does not evaluate it at all).
 */
import { GATOR_POINT } from "./types.js";

/** The values Gatekeeper's webhook accepts for `spec.enforcementAction` (case-sensitive). */
export const ENFORCEMENT_ACTIONS = ["deny", "dryrun", "warn", "scoped"] as const;

const STRENGTH: Record<string, number> = { deny: 3, warn: 2, dryrun: 1 };

/** What a constraint does at an enforcement point. */
export interface PointActions {
  /** `spec.enforcementAction` (`deny` when absent or empty). */
  readonly action: string;
  /** For `scoped`: the scoped actions listed for this point (or `*`), de-duplicated, sorted. */
  readonly scopedActions?: readonly string[];
  /** The action a finding reports: the action itself, or the strongest scoped one. */
  readonly effective: string;
}

interface ScopedEntry { action?: string; enforcementPoints?: { name?: string }[] }

/** Actions of `constraint` at `point`; `undefined` when the constraint is not evaluated there. */
export function actionsAt(constraint: { spec?: unknown; [k: string]: unknown }, point: string = GATOR_POINT): PointActions | undefined {
  const spec = (constraint.spec ?? {}) as { enforcementAction?: string; scopedEnforcementActions?: ScopedEntry[] };
  const action = spec.enforcementAction || "deny";
  if (action !== "scoped") return { action, effective: action };
  const acts = new Set<string>();
  for (const e of spec.scopedEnforcementActions ?? []) {
    if (!e.action) continue;
    if ((e.enforcementPoints ?? []).some((p) => p.name === point || p.name === "*")) acts.add(e.action);
  }
  if (acts.size === 0) return undefined;
  const scopedActions = [...acts].sort();
  const effective = [...scopedActions].sort((a, b) => (STRENGTH[b] ?? 0) - (STRENGTH[a] ?? 0))[0]!;
  return { action, scopedActions, effective };
}

/** True when a violation with these actions blocks (gator exits 1): `deny`, or `deny` among scoped. */
export function isDeny(v: { enforcementAction: string; scopedActions?: readonly string[] }): boolean {
  return v.enforcementAction === "deny" || (v.scopedActions ?? []).includes("deny");
}

/** Problems Gatekeeper's webhook would reject in a constraint's enforcement settings. */
export function enforcementProblems(constraint: { spec?: unknown; [k: string]: unknown }): string[] {
  const spec = (constraint.spec ?? {}) as { enforcementAction?: string; scopedEnforcementActions?: ScopedEntry[] };
  const action = spec.enforcementAction || "deny";
  const out: string[] = [];
  if (!(ENFORCEMENT_ACTIONS as readonly string[]).includes(action)) out.push(`spec.enforcementAction: ${JSON.stringify(action)} is not one of deny, dryrun, warn, scoped`);
  if (action === "scoped") {
    const entries = spec.scopedEnforcementActions ?? [];
    if (entries.length === 0) out.push("spec.scopedEnforcementActions: required when enforcementAction is scoped");
    entries.forEach((e, i) => {
      if (!["deny", "dryrun", "warn"].includes(e.action ?? "")) out.push(`spec.scopedEnforcementActions[${i}].action: ${JSON.stringify(e.action)} is not one of deny, dryrun, warn`);
      if (!e.enforcementPoints || e.enforcementPoints.length === 0) out.push(`spec.scopedEnforcementActions[${i}].enforcementPoints: must not be empty`);
    });
  }
  return out;
}
