/**
 * The command line without yargs, for the plain invocations CI and editors make
 * (`gpc audit --policy p.ts pod.yaml`, `gpc test`, `gpc build --check`): loading yargs is a sizeable
 * part of gpc's start-up (its modules, and string-width's `Intl.Segmenter`).
 *
 * Input: a command module (the same `CommandModule` yargs gets) and the arguments. Output: the
 * arguments object yargs would hand the command's handler — or undefined whenever the arguments
 * are anything but plain, and then yargs parses them as always. So help, usage errors, and every
 * form this parser does not know are yargs' own, byte for byte.
 *
 * The command's options are read from its own `builder`, run against a recorder (one declaration
 * of each option, used by both parsers); a builder that calls anything but `positional`, `option`
 * and `parserConfiguration`, or an option with a setting not listed here, makes the command
 * yargs-only. Plain means: the command name first; options by their exact name or alias as
 * `--name value`, `--name=value`, `-a value` or a boolean `--name`; values that do not start with
 * `-` and are valid for the option (a choice, an integer for numbers); positionals that do not
 * look like options or numbers (`-` only where the command keeps unknown options as arguments);
 * a string option given twice becomes a list (yargs' duplicate-arguments-array), any other
 * repetition goes to yargs. `test/cli-build/fast-argv.test.ts` checks this against yargs itself.
 */
import type { CommandModule } from "yargs";

interface OptionSpec {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly type: "string" | "boolean" | "number";
  readonly choices?: readonly string[];
  readonly default?: unknown;
  readonly requiresArg: boolean;
  readonly demand: boolean;
}

interface PositionalSpec {
  readonly name: string;
  readonly variadic: boolean;
  readonly required: boolean;
  readonly choices?: readonly string[];
  readonly default?: unknown;
}

interface CommandSpec {
  readonly name: string;
  readonly positionals: readonly PositionalSpec[];
  readonly options: readonly OptionSpec[];
  readonly unknownOptionsAsArgs: boolean;
}

const OPTION_KEYS = new Set(["alias", "type", "choices", "default", "requiresArg", "demandOption", "describe"]);
const POSITIONAL_KEYS = new Set(["type", "array", "choices", "default", "demandOption", "describe"]);

const specs = new WeakMap<object, CommandSpec | null>();

/** The command's declarations, or null when the fast parser must leave the command to yargs. */
function specOf(cmd: CommandModule): CommandSpec | null {
  const memo = specs.get(cmd);
  if (memo !== undefined) return memo;
  const spec = record(cmd);
  specs.set(cmd, spec);
  return spec;
}

function record(cmd: CommandModule): CommandSpec | null {
  if (typeof cmd.command !== "string" || (cmd.builder !== undefined && typeof cmd.builder !== "function")) return null;
  const words = cmd.command.trim().split(/\s+/);
  const name = words[0]!;
  if (!/^[a-z][a-z-]*$/.test(name)) return null;
  const declared: { name: string; variadic: boolean; required: boolean }[] = [];
  for (const w of words.slice(1)) {
    const m = /^(<|\[)([a-z][a-z0-9-]*)(\.\.)?(>|\])$/.exec(w);
    if (!m || (m[1] === "<") !== (m[4] === ">")) return null;
    declared.push({ name: m[2]!, variadic: !!m[3], required: m[1] === "<" });
  }
  if (declared.some((p, i) => p.variadic && i !== declared.length - 1)) return null;
  const positionals = new Map<string, Record<string, unknown>>();
  const options: OptionSpec[] = [];
  let unknownOptionsAsArgs = false;
  let ok = true;
  const recorder: object = new Proxy({}, {
    get(_t, method) {
      if (method === "positional") {
        return (n: string, o: Record<string, unknown>) => {
          if (positionals.has(n) || !Object.keys(o).every((k) => POSITIONAL_KEYS.has(k)) || (o.type !== undefined && o.type !== "string")) ok = false;
          positionals.set(n, o);
          return recorder;
        };
      }
      if (method === "option") {
        return (n: string, o: Record<string, unknown>) => {
          if (!Object.keys(o).every((k) => OPTION_KEYS.has(k)) || !["string", "boolean", "number"].includes(o.type as string)) ok = false;
          const aliases = o.alias === undefined ? [] : Array.isArray(o.alias) ? o.alias : [o.alias];
          const choices = o.choices;
          if (!aliases.every((a) => typeof a === "string") || (choices !== undefined && (!Array.isArray(choices) || !choices.every((c) => typeof c === "string")))) ok = false;
          options.push({
            name: n, aliases: aliases as string[], type: o.type as OptionSpec["type"],
            ...(choices !== undefined ? { choices: choices as string[] } : {}),
            ...("default" in o ? { default: o.default } : {}),
            requiresArg: o.requiresArg === true, demand: o.demandOption === true,
          });
          return recorder;
        };
      }
      if (method === "parserConfiguration") {
        return (c: Record<string, unknown>) => {
          for (const [k, v] of Object.entries(c)) {
            if (k === "unknown-options-as-args" && typeof v === "boolean") unknownOptionsAsArgs = v;
            else ok = false;
          }
          return recorder;
        };
      }
      return () => { ok = false; return recorder; };
    },
  });
  try {
    if (cmd.builder) (cmd.builder as (y: unknown) => unknown)(recorder);
  } catch {
    return null;
  }
  if (!ok) return null;
  const ps: PositionalSpec[] = [];
  for (const d of declared) {
    const o = positionals.get(d.name) ?? {};
    if (o.array !== undefined && o.array !== d.variadic) return null;
    if (o.demandOption !== undefined && o.demandOption !== d.required) return null;
    const choices = o.choices;
    if (choices !== undefined && (!Array.isArray(choices) || !choices.every((c) => typeof c === "string"))) return null;
    ps.push({ name: d.name, variadic: d.variadic, required: d.required, ...(choices !== undefined ? { choices: choices as string[] } : {}), ...("default" in o ? { default: o.default } : {}) });
  }
  if ([...positionals.keys()].some((n) => !declared.some((d) => d.name === n))) return null;
  // Names must not collide (yargs would merge them); every name is a plain word.
  const names = [...ps.map((p) => p.name), ...options.flatMap((o) => [o.name, ...o.aliases]), "help", "h"];
  if (new Set(names).size !== names.length || !names.every((n) => /^[a-z][a-z0-9-]*$/i.test(n))) return null;
  return { name, positionals: ps, options, unknownOptionsAsArgs };
}

const camel = (s: string) => s.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** A value yargs might read as a number or a boolean (yargs-parser's `isNumber`); such positionals go to yargs. */
const AMBIGUOUS = /^(0x[0-9a-f]+|[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?|true|false|)$/i;

/** yargs' arguments object for `argv` (the command name first), or undefined: let yargs parse it. */
export function fastArgs(cmd: CommandModule, argv: readonly string[]): Record<string, unknown> | undefined {
  const spec = specOf(cmd);
  if (!spec || argv[0] !== spec.name) return undefined;
  const byName = new Map<string, OptionSpec>();
  for (const o of spec.options) for (const n of [o.name, ...o.aliases]) byName.set(n, o);
  const values = new Map<OptionSpec, unknown>();
  const positionals: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const tok = argv[i]!;
    if (tok === "-" && spec.unknownOptionsAsArgs) { positionals.push(tok); continue; }
    if (!tok.startsWith("-")) {
      if (AMBIGUOUS.test(tok)) return undefined;
      positionals.push(tok);
      continue;
    }
    const long = /^--([a-z][a-z0-9-]*)(=(.*))?$/i.exec(tok);
    const short = /^-([a-z])$/i.exec(tok);
    const key = long ? long[1]! : short ? short[1]! : undefined;
    const opt = key === undefined ? undefined : byName.get(key);
    // Short options are single letters; long ones full names (yargs accepts more forms of each).
    if (!opt || (long && key!.length === 1) || (short && key === opt.name && opt.name.length > 1)) return undefined;
    if (opt.type === "boolean") {
      if (long?.[2] !== undefined || values.has(opt)) return undefined;
      const next = argv[i + 1];
      if (next === "true" || next === "false") return undefined;
      values.set(opt, true);
      continue;
    }
    let raw: string | undefined;
    if (long?.[2] !== undefined) raw = long[3];
    else raw = argv[++i];
    if (raw === undefined || raw.startsWith("-")) return undefined;
    let value: unknown = raw;
    if (opt.type === "number") {
      if (!/^\d{1,9}$/.test(raw)) return undefined;
      value = Number(raw);
    } else if (AMBIGUOUS.test(raw)) {
      return undefined;
    }
    if (opt.choices && !opt.choices.includes(raw)) return undefined;
    if (values.has(opt)) {
      if (opt.type !== "string" || opt.choices) return undefined;
      const prev = values.get(opt);
      values.set(opt, Array.isArray(prev) ? [...prev, value] : [prev, value]);
    } else {
      values.set(opt, value);
    }
  }
  const args: Record<string, unknown> = { _: [spec.name], $0: "gpc" };
  const put = (name: string, aliases: readonly string[], v: unknown) => {
    for (const n of new Set([name, camel(name), ...aliases])) args[n] = v;
  };
  let next = 0;
  for (const p of spec.positionals) {
    if (p.variadic) {
      const rest = positionals.slice(next);
      next = positionals.length;
      if (p.required && rest.length === 0) return undefined;
      if (p.choices && !rest.every((v) => p.choices!.includes(v))) return undefined;
      put(p.name, [], rest);
    } else if (next < positionals.length) {
      const v = positionals[next++]!;
      if (p.choices && !p.choices.includes(v)) return undefined;
      put(p.name, [], v);
    } else if (p.required) {
      return undefined;
    } else if ("default" in p) {
      put(p.name, [], p.default);
    }
  }
  if (next < positionals.length) return undefined;
  for (const o of spec.options) {
    if (values.has(o)) put(o.name, o.aliases, values.get(o));
    else if (o.demand) return undefined;
    else if ("default" in o) put(o.name, o.aliases, o.default);
  }
  return args;
}
