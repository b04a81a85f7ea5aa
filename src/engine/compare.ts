/**
 * Comparing the two engines' answers (`--engine both`).
 *
 * Gatekeeper's CEL driver reports one violation per failed validation; gpc's CEL joins the
 * messages of every offending item of a rule with "; " (src/cel/lib.ts), where the Rego reports
 * one violation per item. So both sides are compared as the sorted set of their message pieces
 * (each message split at "; "): equal decisions and equal words, whatever the grouping. Details
 * are not compared (the CEL driver has none).
 */
import { MORE_PIECE, PIECE_SEPARATOR } from "../cel/lib.js";
import { templateCel } from "./cel-driver.js";
import type { ConstraintEntry } from "./engine.js";
import type { K8sObject, Violation } from "./types.js";

/** Which engines `gpc test` / `gpc audit` evaluate with. */
export type EngineSelection = "rego" | "cel" | "both";

const hasCel = (t: K8sObject): boolean => { try { return templateCel(t) !== undefined; } catch { return true; } };

/** `both` when some template carries CEL, else `rego`. */
export function defaultEngine(templates: readonly K8sObject[]): EngineSelection {
  return templates.some(hasCel) ? "both" : "rego";
}

/** The templates and constraints the CEL engine evaluates with `both`: those whose template carries CEL. */
export function celEngineInputs(templates: readonly K8sObject[], constraints: readonly ConstraintEntry[]): { templates: K8sObject[]; constraints: ConstraintEntry[]; kinds: Set<string> } {
  const withCel = templates.filter(hasCel);
  const kinds = new Set(withCel.map((t) => ((t.spec ?? {}) as { crd?: { spec?: { names?: { kind?: string } } } }).crd?.spec?.names?.kind ?? ""));
  return { templates: withCel, constraints: constraints.filter((c) => kinds.has(c.constraint.kind)), kinds };
}

/** The sorted, de-duplicated message pieces of a list of messages. */
export function messagePieces(msgs: readonly string[]): string[] {
  return [...new Set(msgs.flatMap((m) => m.split(PIECE_SEPARATOR)))].sort();
}

/**
 * Differences between the Rego and CEL violations of one reviewed object, one line per
 * constraint that differs, naming the constraint and both answers.
 */
export function diffEngines(rego: readonly Violation[], cel: readonly Violation[]): string[] {
  const group = (vs: readonly Violation[]) => {
    const m = new Map<string, string[]>();
    for (const v of vs) { const k = `${v.constraint.kind}/${v.constraint.name}`; m.set(k, [...(m.get(k) ?? []), v.msg]); }
    return m;
  };
  const a = group(rego), b = group(cel);
  const out: string[] = [];
  for (const k of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const r = a.get(k) ?? [], c = b.get(k) ?? [];
    if (sameAnswer(messagePieces(r), c)) continue;
    const show = (xs: string[]) => (xs.length ? xs.map((x) => JSON.stringify(x)).join(", ") : "no violation");
    out.push(`${k}: rego: ${show(r)}; cel: ${show(c)}`);
  }
  return out;
}

/**
 * Whether the CEL messages `cel` say what the Rego's pieces say. A CEL message cut at
 * `MAX_PIECES` (src/cel/lib.ts: its last piece `(and N more)`, so that it stays under
 * Kubernetes' 5 KiB message limit) agrees when every piece it lists is one of the Rego's and it
 * accounts for all of them: listed + N ≥ the Rego's distinct pieces. Where N counts items of
 * several pieces each (`(and N more, each with one or more findings)`), it agrees when every
 * listed piece is the Rego's and the Rego has at least N pieces more than those listed (an item's
 * pieces name the item, so no two items share one).
 */
export function sameAnswer(regoPieces: readonly string[], cel: readonly string[]): boolean {
  let more = 0, listed = 0, moreItems = 0;
  const pieces: string[] = [];
  for (const m of cel) {
    const ps = m.split(PIECE_SEPARATOR);
    const last = MORE_PIECE.exec(ps[ps.length - 1]!);
    if (last) { if (last[2]) moreItems += Number(last[1]); else more += Number(last[1]); ps.pop(); }
    listed += ps.length;
    pieces.push(...ps);
  }
  const c = [...new Set(pieces)].sort();
  if (more === 0 && moreItems === 0) return JSON.stringify(regoPieces) === JSON.stringify(c);
  const r = new Set(regoPieces);
  if (!c.every((p) => r.has(p))) return false;
  if (moreItems === 0) return listed + more >= r.size;
  return r.size - c.length >= more + moreItems;
}
