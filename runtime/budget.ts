// The evaluation budget: a step counter ("fuel") and a memory ceiling per evaluation.
//
// Generated code decrements `__gpc_fuel` at every function entry and every loop iteration and
// calls rt_out_of_fuel when it drops below 0; the runtime charges it too where one call does work
// proportional to its input (compare(), inserting into sorted collections, numbers.range, sum,
// product, count of a string). The memory ceiling bounds how far the heap may grow during one
// evaluation (runtime/rt/bump.ts enforces it). Both are armed by opa_eval/eval and disarmed by
// every other host entry (opa_malloc, opa_json_parse, opa_heap_ptr_set), so parsing input or data
// is never cut short by a previous evaluation's budget. Hosts change the budget with
// gpc_set_budget(steps, mebibytes); the defaults are below.
import { abortWith } from "./env";

/** Default steps per evaluation (function calls + loop iterations + runtime charges). */
// @ts-ignore: decorator
@inline export const DEFAULT_STEPS: i32 = 100000000;
/** Default memory per evaluation, in MiB. */
// @ts-ignore: decorator
@inline export const DEFAULT_MEMORY_MIB: i32 = 256;

/** Remaining steps; generated code decrements it (exported as a link-time global). */
export let __gpc_fuel: i32 = 0x7ffffff0;
/**
 * Deepest nesting of generated function calls (Rego has no recursion, so only a runaway `with`
 * mock gets near it); exported so the emitter compares against the same number.
 */
export const __gpc_max_depth: i32 = 1000;
/** Current call depth of generated functions (exported as a link-time global). */
export let __gpc_depth: i32 = 0;

let stepBudget: i32 = DEFAULT_STEPS;
let memoryMiB: i32 = DEFAULT_MEMORY_MIB;

/** Set the budget (0 or negative keeps a value unchanged). */
export function setBudget(steps: i32, mib: i32): void {
  if (steps > 0) stepBudget = steps;
  if (mib > 0) memoryMiB = mib > 4095 ? 4095 : mib;
}
export function budgetSteps(): i32 { return stepBudget; }
export function budgetMiB(): i32 { return memoryMiB; }

/** Arm the budget at the start of an evaluation: full fuel, depth 0, memory ceiling from now. */
export function armBudget(): void {
  __gpc_fuel = stepBudget;
  __gpc_depth = 0;
  __bump_limit(<u32>memoryMiB);
}

let lastSteps: i32 = 0;

/**
 * Inside a host builtin call (runtime/builtins/host.ts) the SDK enters the module again
 * (opa_json_dump, opa_malloc, opa_json_parse): the budget stays armed then, and the steps left
 * are restored when the call returns.
 */
let inHostCall: bool = false;
let hostFuel: i32 = 0;
export function beginHostCall(): void { inHostCall = true; hostFuel = __gpc_fuel; }
export function endHostCall(): void { inHostCall = false; __gpc_fuel = hostFuel; }
/** A host entry outside an evaluation: a host call that threw is over. */
export function clearHostCall(): void { inHostCall = false; }

/** Disarm it (host entries outside an evaluation). */
// @ts-ignore: decorator
@inline export function disarmBudget(): void {
  if (inHostCall) return;
  __gpc_fuel = 0x7ffffff0;
  __bump_limit(0);
}

/** End of an evaluation that completed: remember the steps it used, then disarm. */
export function finishBudget(): void {
  lastSteps = stepBudget - __gpc_fuel;
  disarmBudget();
}

/** Steps used by the last evaluation that completed. */
export function budgetLastSteps(): i32 { return lastSteps; }

/** Charge n steps; aborts when the budget is exhausted. */
// @ts-ignore: decorator
@inline export function charge(n: i32): void {
  let f = __gpc_fuel - n;
  __gpc_fuel = f;
  if (f < 0) outOfFuel();
}

/** Abort: the step budget is exhausted. */
export function outOfFuel(): void {
  disarmBudget();
  abortWith("evaluation exceeded its budget of " + stepBudget.toString() + " steps");
}
