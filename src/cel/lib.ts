/**
 * The CEL counterpart of templates/lib/*.rego.hbs: the pod under review, its container entries
 * with their own and effective security contexts, exemptions, parameter defaults and value
 * matching — one builder per template that checks compose.
 *
 * Input: calls from a check's `cel` form. Output: a `CelProgram` (variables in dependency order,
 * validations). Semantics follow the Rego library exactly, with one documented exception: a field
 * explicitly set to JSON `null` counts as unset (Rego treats it as set; the API server never
 * stores such nulls in the fields checked), so that cel-go and @bufbuild/cel — which differ in
 * `has()` on null-valued keys — decide alike.
 *
 * Each per-item rule becomes one validation over a variable holding the list of its offending
 * items (`size(variables.x) == 0`; message: the items' pieces joined with "; ", built by the
 * messageExpression for at most MAX_PIECES items, see `splitPieces`): Gatekeeper reports one
 * violation per failed validation, where the Rego reports one per item. Each message piece is the
 * Rego message of that item, word for word.
 */
import {
  and, bin, call, cond, eq, FALSE, filterMapMacro, has, ident, index, isIn, list, lit, macro, map, method, ne, not, NULL, or, plus, sel, str, TRUE, typeName,
  type CelForm, type CelProgram, type Expr, type Validation,
} from "./ast.js";

/** Separator between the message pieces of one validation. */
export const PIECE_SEPARATOR = "; ";

/** `variables.<name>`. */
export const v = (name: string): Expr => sel(ident("variables"), name);

/** `type(x) == t`. */
export const isType = (x: Expr, t: Extract<Expr, { kind: "Type" }>["name"]): Expr => eq(call("type", x), typeName(t));

/** `has(x.f) && x.f != null`: the field is set (see the header on null). */
export const present = (x: Expr, f: string): Expr => and(has(x, f), ne(sel(x, f), NULL));

/** `has(x.f) && type(x.f) == t`. */
export const hasTyped = (x: Expr, f: string, t: Extract<Expr, { kind: "Type" }>["name"]): Expr => and(has(x, f), isType(sel(x, f), t));

/** `x.f` when it is of type t, else `dflt` (Rego's `is_object`/`is_array`/`string_field` guards). */
export const typedOr = (x: Expr, f: string, t: Extract<Expr, { kind: "Type" }>["name"], dflt: Expr): Expr => cond(hasTyped(x, f, t), sel(x, f), dflt);

/** `x` when x is a map (guarding a `has()` on it), for chains like `x.a.b`. */
export const isMap = (x: Expr): Expr => isType(x, "map");

/** `"\"" + s + "\""`, as `match.quote`. */
export const quote = (s: Expr): Expr => plus(str('"'), s, str('"'));

/** `(s.endsWith(suffix) ? s.substring(0, size(s) - n) : s)`, as Rego's `trim_suffix`. */
export const trimSuffix = (s: Expr, suffix: string): Expr =>
  cond(method(s, "endsWith", str(suffix)), method(s, "substring", lit(0), bin("-", call("size", s), lit(BigInt([...suffix].length)))), s);

/** Rego `match.matches(value, pattern)`: equal, or a prefix match when the pattern ends with `*`. */
export const matches = (value: Expr, pattern: Expr): Expr =>
  cond(method(pattern, "endsWith", str("*")), method(value, "startsWith", method(pattern, "substring", lit(0), bin("-", call("size", pattern), lit(1)))), eq(value, pattern));

/** Rego `match.matches_any(value, patterns)`. */
export const matchesAny = (value: Expr, patterns: Expr, it = "pat"): Expr => macro("exists", patterns, it, matches(value, ident(it)));

/** Rego `match.in_ranges(value, ranges)`. */
export const inRanges = (value: Expr, ranges: Expr, it = "r"): Expr =>
  macro("exists", ranges, it, and(bin(">=", value, sel(ident(it), "min")), bin("<=", value, sel(ident(it), "max"))));

/** A number in a message, as the Rego prints it (integer text: `2147483647`). */
export const num = (x: Expr): Expr => call("string", x);

/** Rego `match.ranges_text(ranges)`: `1000-2000, 5000-5000`. */
export const rangesText = (ranges: Expr, it = "r"): Expr =>
  method(macro("map", ranges, it, plus(num(sel(ident(it), "min")), str("-"), num(sel(ident(it), "max")))), "join", str(", "));


/** `xs.map(x, f(x)).filter(s, s != "")` joined pieces: a list of non-empty message strings. */
export const nonEmpty = (xs: Expr): Expr => macro("filter", xs, "s", ne(ident("s"), str("")));

/**
 * Most message pieces one validation's message lists. Kubernetes drops a message over 5 KiB
 * (`celconfig.MaxEvaluatedMessageExpressionSizeBytes`) for "failed expression: …"; 12 pieces of
 * the longest messages the cost bounds allow stay under it, and joining them costs little.
 */
export const MAX_PIECES = 12;

/**
 * The text of the last piece of a message cut at `MAX_PIECES`: `(and N more)`, N further pieces;
 * or, where each item of a rule joins several pieces (`nested`), `(and N more, each with one or
 * more findings)`, N further items.
 */
export const MORE_PIECE = /^\(and ([1-9][0-9]*) more(, each with one or more findings)?\)$/;
const MORE_GROUPED = ", each with one or more findings";

/**
 * The message of a rule: its pieces joined with "; ", or the first `MAX_PIECES` of them and
 * `(and N more)` when there are more.
 */
export function boundedMessage(xs: Expr): Expr {
  const first = Array.from({ length: MAX_PIECES }, (_, i) => index(xs, lit(i)));
  return cond(bin("<=", call("size", xs), lit(MAX_PIECES)), joinPieces(xs),
    plus(...first.flatMap((x) => [x, str(PIECE_SEPARATOR)]), morePiece(call("size", xs))));
}

/** The last piece of a message of `n` items cut at MAX_PIECES (`MORE_PIECE`), `"; "` before it when `separated`. */
export function morePiece(n: Expr, { separated = false, grouped = false } = {}): Expr {
  return plus(str(`${separated ? PIECE_SEPARATOR : ""}(and `), call("string", bin("-", n, lit(MAX_PIECES))), str(` more${grouped ? MORE_GROUPED : ""})`));
}

/**
 * `boundedMessage(xs.map(it, piece))` with each piece built only for the items it lists: the
 * same text, at the cost of at most `MAX_PIECES` pieces however many items there are.
 */
export function lazyBoundedMessage(xs: Expr, it: string, piece: Expr, grouped = false): Expr {
  const first = list(...Array.from({ length: MAX_PIECES }, (_, i) => index(xs, lit(i))));
  return cond(bin("<=", call("size", xs), lit(MAX_PIECES)), joinPieces(macro("map", xs, it, piece)),
    plus(joinPieces(macro("map", first, it, piece)), morePiece(call("size", xs), { separated: true, grouped })));
}

/**
 * A rule's messages as the items they are about and the piece of one item, when they have one
 * of the shapes the builders produce: `xs.map(it, pred, piece)` (filterMap), `xs.map(it, piece)`
 * (piecesOf), `nested(xs, it, inner)` whose inner list is of these shapes, and any of them under
 * `cond(c, …, [])`. Undefined for other shapes (their messages stay as they are).
 * The items of `nested` are those whose inner list has an item (`exists`): each inner piece
 * starts with the item's label, so a non-empty inner list joins to a non-empty piece.
 */
export function splitPieces(m: Expr): { items: Expr; var: string; piece: Expr; grouped?: true } | undefined {
  const empty = (x: Expr) => x.kind === "List" && x.items.length === 0;
  if (m.kind === "Cond" && empty(m.else)) { const s = splitPieces(m.then); return s && { ...s, items: cond(m.cond, s.items, list()) }; }
  if (m.kind === "Cond" && empty(m.then)) { const s = splitPieces(m.else); return s && { ...s, items: cond(m.cond, list(), s.items) }; }
  // `A + B + …`: each item as a list of i + 1 copies of itself, i its part (a list literal is
  // cheaper than a map and keeps HomogeneousAggregateLiterals), one piece for all parts.
  if (m.kind === "Binary" && m.op === "+") {
    const parts: Expr[] = [];
    const flat = (x: Expr) => { if (x.kind === "Binary" && x.op === "+") { flat(x.left); flat(x.right); } else parts.push(x); };
    flat(m);
    const splits = parts.map(splitPieces);
    if (splits.some((x) => !x) || splits.length > 4) return undefined;
    const it = "t";
    const tagged = (x: { items: Expr; var: string }, i: number): Expr => {
      const tag = list(...Array.from({ length: i + 1 }, () => ident(x.var)));
      // A filter's items tagged in the same comprehension.
      return x.items.kind === "Macro" && x.items.fn === "filter" ? filterMapMacro(x.items.target, x.var, x.items.body, tag) : macro("map", x.items, x.var, tag);
    };
    const items = splits.map((x, i) => tagged(x!, i)).reduce((a, b) => plus(a, b));
    const piece = splits.map((x, i) => substitute(x!.piece, x!.var, index(ident(it), lit(0))))
      .reduceRight((rest, p, i) => (i === splits.length - 1 ? p : cond(eq(call("size", ident(it)), lit(i + 1)), p, rest)));
    return { items, var: it, piece, ...(splits.some((x) => x!.grouped) ? { grouped: true as const } : {}) };
  }
  if (m.kind !== "Macro") return undefined;
  if (m.fn === "map" && m.filter) return { items: macro("filter", m.target, m.var, m.filter), var: m.var, piece: m.body };
  if (m.fn === "map") return { items: m.target, var: m.var, piece: m.body };
  // nonEmpty(xs.map(it, inner.join("; "))).
  const isNonEmptyFilter = m.fn === "filter" && m.body.kind === "Binary" && m.body.op === "!=" && m.body.left.kind === "Ident" && m.body.left.name === m.var && m.body.right.kind === "Lit" && m.body.right.value === "";
  const inner = m.target;
  if (!isNonEmptyFilter || inner.kind !== "Macro" || inner.fn !== "map" || inner.filter) return undefined;
  const join = inner.body;
  if (join.kind !== "Call" || join.fn !== "join" || !join.target || join.args.length !== 1 || join.args[0]!.kind !== "Lit" || join.args[0]!.value !== PIECE_SEPARATOR) return undefined;
  const some = anyPiece(join.target);
  return some && { items: macro("filter", inner.target, inner.var, some), var: inner.var, piece: join, grouped: true };
}

/** `e` with the free identifier `name` replaced by `by` (macros binding `name` shadow it). */
function substitute(e: Expr, name: string, by: Expr): Expr {
  const s = (x: Expr) => substitute(x, name, by);
  switch (e.kind) {
    case "Ident": return e.name === name ? by : e;
    case "Lit": case "Type": return e;
    case "Select": return { ...e, operand: s(e.operand) };
    case "Index": return { ...e, operand: s(e.operand), index: s(e.index) };
    case "Has": return { ...e, operand: s(e.operand) };
    case "Call": return { ...e, ...(e.target ? { target: s(e.target) } : {}), args: e.args.map(s) };
    case "Unary": return { ...e, arg: s(e.arg) };
    case "Binary": return { ...e, left: s(e.left), right: s(e.right) };
    case "Cond": return { ...e, cond: s(e.cond), then: s(e.then), else: s(e.else) };
    case "List": return { ...e, items: e.items.map(s) };
    case "Map": return { ...e, entries: e.entries.map(([k, v]) => [s(k), s(v)] as const) };
    case "Macro": return e.var === name ? { ...e, target: s(e.target) } : { ...e, target: s(e.target), body: s(e.body), ...(e.filter ? { filter: s(e.filter) } : {}) };
  }
}

/** Whether a pieces list of the shapes `splitPieces` knows has an element, without building it. */
function anyPiece(m: Expr): Expr | undefined {
  const empty = (x: Expr) => x.kind === "List" && x.items.length === 0;
  if (m.kind === "Cond" && empty(m.else)) { const s = anyPiece(m.then); return s && and(m.cond, s); }
  if (m.kind === "Cond" && empty(m.then)) { const s = anyPiece(m.else); return s && and(not(m.cond), s); }
  if (m.kind === "Macro" && m.fn === "map" && m.filter) return macro("exists", m.target, m.var, m.filter);
  return undefined;
}

/** `xs.join("; ")`. */
export const joinPieces = (xs: Expr): Expr => method(xs, "join", str(PIECE_SEPARATOR));

/** The three container lists of a Pod and how messages name their members (lib.gpc.pod). */
const CONTAINER_LISTS = [["containers", "container"], ["initContainers", "initContainer"], ["ephemeralContainers", "ephemeralContainer"]] as const;

/** How messages name container `c` of a list whose members are `label`s: `container "<name>"`. */
export const containerLabel = (c: Expr, label: string): Expr => plus(str(`${label} "`), typedOr(c, "name", "string", str("")), str('"'));

/** Container securityContext fields that fall back to the pod's (lib.gpc.pod `inherited_fields`). */
export const INHERITED_FIELDS = ["appArmorProfile", "runAsGroup", "runAsNonRoot", "runAsUser", "seccompProfile", "seLinuxOptions", "windowsOptions"] as const;

/** Builds the CEL program of one template. */
export class CelBuilder {
  private readonly vars = new Map<string, Expr>();
  private readonly validations: Validation[] = [];

  /** Defines (once) and references a variable; `make` may reference other variables first. */
  define(name: string, make: () => Expr): Expr {
    if (!this.vars.has(name)) {
      const e = make();
      if (!this.vars.has(name)) this.vars.set(name, e);
    }
    return v(name);
  }

  /** `variables.param_<name>`: the constraint parameter, or `dflt` when unset or null (lib.gpc.params `get`). */
  param(name: string, dflt: Expr): Expr {
    return this.define(`param_${name}`, () => {
      const P = v("params");
      return cond(and(ne(P, NULL), has(P, name), ne(sel(P, name), NULL)), sel(P, name), dflt);
    });
  }

  /** The Pod's `spec` (`{}` when absent). */
  get spec(): Expr { return this.define("spec", () => cond(and(isMap(v("anyObject")), hasTyped(v("anyObject"), "spec", "map")), sel(v("anyObject"), "spec"), map({}))); }
  /** The Pod's `metadata` (`{}` when absent). */
  get metadata(): Expr { return this.define("metadata", () => cond(and(isMap(v("anyObject")), hasTyped(v("anyObject"), "metadata", "map")), sel(v("anyObject"), "metadata"), map({}))); }
  /** The Pod's annotations (`{}` when absent). */
  get annotations(): Expr { return this.define("annotations", () => typedOr(this.metadata, "annotations", "map", map({}))); }
  /** The pod-level securityContext (`{}` when absent). */
  get podSecurityContext(): Expr { return this.define("podSecurityContext", () => typedOr(this.spec, "securityContext", "map", map({}))); }

  /** `spec.<field>` is set and equals `value`. */
  specIs(field: string, value: Expr): Expr { return and(present(this.spec, field), eq(sel(this.spec, field), value)); }

  /** The pod targets Windows (`spec.os.name: windows`). */
  get isWindows(): Expr {
    return and(hasTyped(this.spec, "os", "map"), present(sel(this.spec, "os"), "name"), eq(sel(this.spec, "os", "name"), str("windows")));
  }

  /**
   * Every container entry of the pod (containers, initContainers, ephemeralContainers) as
   * `{"label", "name", "image", "c", "sc"}`: `label` names it in messages, `c` is the container,
   * `sc` its own securityContext (`{}` when absent).
   */
  get containers(): Expr {
    // One comprehension per list, each element built once: no intermediate list (cost, src/cel/cost.ts).
    return this.define("containers", () => CONTAINER_LISTS.map(([field, label]) => {
      const c = ident("c");
      const name = typedOr(c, "name", "string", str(""));
      return cond(hasTyped(this.spec, field, "list"),
        filterMapMacro(sel(this.spec, field), "c", isMap(c), map({
          label: containerLabel(c, label),
          name,
          image: typedOr(c, "image", "string", str("")),
          c,
          sc: typedOr(c, "securityContext", "map", map({})),
        })),
        list());
    }).reduce((a, b) => plus(a, b)));
  }

  /** Container entry `e` is exempt: its name is in `exemptContainers` or its image matches `exemptImages`. */
  isExempt(e: Expr): Expr { return this.isExemptNamed(sel(e, "name"), sel(e, "image")); }

  /** A container with this name and image is exempt (`isExempt` of an entry). */
  isExemptNamed(name: Expr, image: Expr): Expr {
    return or(isIn(name, this.param("exemptContainers", list())), matchesAny(image, this.param("exemptImages", list())));
  }

  /** The container entries that are not exempt (lib.gpc.exempt `containers`). */
  get checked(): Expr { return this.define("checked", () => macro("filter", this.containers, "e", not(this.isExempt(ident("e"))))); }

  /**
   * A variable `name` that walks the container lists itself, for checks whose cost cannot carry
   * `variables.containers` (src/cel/cost.ts): per container `c` that is a map, not exempt, and
   * for which `keep(c)` holds, the list `entry(c, label)` (`label`: "container", "initContainer"
   * or "ephemeralContainer"), each element wrapped in `dyn` so that entries of mixed types form
   * one list.
   */
  scanContainers(name: string, entry: (c: Expr, label: string) => Expr[], keep?: (c: Expr) => Expr): Expr {
    const c = ident("c"), spec = this.spec;
    const exempt = this.isExemptNamed(typedOr(c, "name", "string", str("")), typedOr(c, "image", "string", str("")));
    return this.define(name, () => CONTAINER_LISTS.map(([field, label]) => cond(hasTyped(spec, field, "list"),
      filterMapMacro(sel(spec, field), "c", and(isMap(c), not(exempt), ...(keep ? [keep(c)] : [])), list(...entry(c, label).map((x) => call("dyn", x)))),
      list())).reduce((a, b) => plus(a, b)));
  }

  /** Names of the exempt containers, plus `exemptContainers` (lib.gpc.exempt `exempt_names`). */
  get exemptNames(): Expr {
    return this.define("exemptNames", () => plus(macro("map", macro("filter", this.containers, "e", this.isExempt(ident("e"))), "e", sel(ident("e"), "name")), this.param("exemptContainers", list())));
  }

  /** `skipWindowsPods` / `skipUserNamespacePods` apply (lib.gpc.exempt `pod_skipped`). */
  get podSkipped(): Expr {
    return this.define("podSkipped", () => or(
      and(eq(this.param("skipWindowsPods", FALSE), TRUE), this.isWindows),
      and(eq(this.param("skipUserNamespacePods", FALSE), TRUE), this.specIs("hostUsers", FALSE))));
  }

  /**
   * Every securityContext a policy author wrote, as `{"label", "path", "sc"}`: the pod's and each
   * non-exempt container's own (lib.gpc.exempt `security_contexts`).
   */
  get securityContexts(): Expr {
    return this.define("securityContexts", () => plus(
      list(map({ label: str("pod"), path: str("spec.securityContext"), sc: this.podSecurityContext })),
      macro("map", this.checked, "e", map({ label: sel(ident("e"), "label"), path: str("securityContext"), sc: sel(ident("e"), "sc") }))));
  }

  /** The effective value of an inherited securityContext field of entry `e`, or null (lib.gpc.pod `effective_value`). */
  effective(e: Expr, field: (typeof INHERITED_FIELDS)[number]): Expr {
    const own = sel(e, "sc"), pod = this.podSecurityContext;
    return cond(present(own, field), sel(own, field), cond(present(pod, field), sel(pod, field), NULL));
  }

  /**
   * A rule: `messages` (variable `bad_<name>`) is a list of message strings, one per offending
   * item, each Rego's message; the object passes when it is empty.
   */
  deny(name: string, messages: Expr): void {
    if (this.vars.has(`bad_${name}`)) throw new Error(`CEL rule ${JSON.stringify(name)} is defined twice`);
    // Where the messages are one piece per offending item, the variable holds the items and only
    // the message pass builds pieces, of at most MAX_PIECES items (cost, src/cel/cost.ts).
    const split = splitPieces(messages);
    const list = this.define(`bad_${name}`, () => split?.items ?? messages);
    this.validations.push({ expression: eq(call("size", list), lit(0)), messageExpression: split ? lazyBoundedMessage(list, split.var, split.piece, split.grouped) : boundedMessage(list) });
  }

  /**
   * A rule whose test and message a check writes itself: `expression` must hold, else one
   * violation with `messageExpression` (for checks that share one scan between rules, where
   * `deny`'s `size(variables.bad_<name>) == 0` would evaluate each rule's items twice).
   */
  validate(expression: Expr, messageExpression: Expr): void {
    this.validations.push({ expression, messageExpression });
  }

  /** A rule without items: fails with `message` when `bad` holds. */
  denyIf(bad: Expr, message: string): void {
    this.validations.push({ expression: not(bad), message });
  }

  /** The finished program. */
  program(): CelProgram {
    return { variables: [...this.vars].map(([name, expression]) => ({ name, expression })), validations: [...this.validations] };
  }
}

/** A check's CEL form from a builder function. */
export function celForm(build: (b: CelBuilder) => void): CelForm {
  const b = new CelBuilder();
  build(b);
  return { kind: "Cel", program: b.program() };
}

/** `xs.map(x, f(x))` as a list of message pieces, with pieces from an inner list joined. */
export function piecesOf(xs: Expr, it: string, piece: (x: Expr) => Expr): Expr {
  return macro("map", xs, it, piece(ident(it)));
}

export { and, bin, call, cond, eq, FALSE, has, ident, isIn, list, lit, macro, map, method, ne, not, NULL, or, plus, sel, str, TRUE };

/** `xs.map(it, pred(it), msg(it))`: the messages of the items for which `pred` holds, in one comprehension. */
export function filterMap(xs: Expr, it: string, pred: (x: Expr) => Expr, msg: (x: Expr) => Expr): Expr {
  const x = ident(it);
  return filterMapMacro(xs, it, pred(x), msg(x));
}

/** Per item of `xs`, the pieces of an inner list joined; empty joins dropped: a flat list of messages. */
export function nested(xs: Expr, it: string, inner: (x: Expr) => Expr): Expr {
  return nonEmpty(macro("map", xs, it, joinPieces(inner(ident(it)))));
}

/** `e.sc.<field>` is set and equals `value` (the container's own securityContext). */
export const ownIs = (e: Expr, field: string, value: Expr): Expr => and(present(sel(e, "sc"), field), eq(sel(e, "sc", field), value));

/** `type(x) == int || type(x) == double`, as Rego's `is_number`. */
export const isNumber = (x: Expr): Expr => or(isType(x, "int"), isType(x, "double"));

/** `p[key]` when `p` is a map holding a string there, else "" (lib.gpc.pod `string_field`). */
export const stringField = (p: Expr, key: string): Expr => cond(and(isMap(p), hasTyped(p, key, "string")), sel(p, key), str(""));

/** `s` without a leading `prefix` (Rego `trim_prefix`). */
export const trimPrefix = (s: Expr, prefix: string): Expr =>
  cond(method(s, "startsWith", str(prefix)), method(s, "substring", lit([...prefix].length)), s);

/** Seccomp and AppArmor profiles (lib.gpc.profiles), for one template. */
export class Profiles {
  constructor(private readonly b: CelBuilder) {}
  get allowedTypes(): Expr { return this.b.param("allowedProfileTypes", list(str("RuntimeDefault"), str("Localhost"))); }
  get allowedLocalhost(): Expr { return this.b.param("allowedLocalhostProfiles", list(str("*"))); }
  /** The allowed types as a message lists them, `(none allowed)` for none (`allowed_types_text`). */
  get allowedTypesText(): Expr {
    return cond(eq(call("size", this.allowedTypes), lit(0)), str("(none allowed)"), method(this.allowedTypes, "join", str(", ")));
  }
  /** A profile of type `t` with localhost profile `n` is not allowed (`problem(t, n)` is defined). */
  problem(t: Expr, n: Expr): Expr {
    return or(not(isIn(t, this.allowedTypes)), and(eq(t, str("Localhost")), not(matchesAny(n, this.allowedLocalhost))));
  }
  /** `type to "<t>"` or `localhostProfile to "<n>"`: the rest of the message of `problem(t, n)`. */
  problemText(t: Expr, n: Expr): Expr {
    return cond(not(isIn(t, this.allowedTypes)), plus(str("type to "), quote(t)), plus(str("localhostProfile to "), quote(n)));
  }
  /** The profile type of a legacy annotation value (`annotation_type`). */
  annotationType(value: Expr, runtimeDefault: readonly string[]): Expr {
    return cond(isIn(value, list(...runtimeDefault.map(str))), str("RuntimeDefault"),
      cond(method(value, "startsWith", str("localhost/")), str("Localhost"),
        cond(eq(value, str("unconfined")), str("Unconfined"), value)));
  }
  /**
   * Messages for the profile field `field` (`seccompProfile`, `appArmorProfile`) of every
   * securityContext written (pod's and non-exempt containers' own).
   */
  fieldMessages(field: string): Expr {
    const b = this.b;
    const y = ident("y");
    const entries = macro("map", macro("filter", b.securityContexts, "x", present(sel(ident("x"), "sc"), field)), "x",
      map({ label: sel(ident("x"), "label"), path: sel(ident("x"), "path"), t: stringField(sel(ident("x"), "sc", field), "type"), n: stringField(sel(ident("x"), "sc", field), "localhostProfile") }));
    return macro("map", macro("filter", entries, "y", this.problem(sel(y, "t"), sel(y, "n"))), "y",
      plus(sel(y, "label"), str(" must not set "), sel(y, "path"), str(`.${field}.`), this.problemText(sel(y, "t"), sel(y, "n"))));
  }
}

/**
 * The id rules of `runAsUser` / `runAsGroup` (MustRunAs, MayRunAs; MustRunAsNonRoot for users):
 * set values are checked where they are written, MustRunAs needs an effective value.
 */
export function idRule(b: CelBuilder, field: "runAsUser" | "runAsGroup", opts: { skippable: boolean; nonRoot: boolean }): void {
  const rule = b.param("rule", str("RunAsAny")), ranges = b.param("ranges", list());
  const guard = (x: Expr) => (opts.skippable ? and(not(b.podSkipped), x) : x);
  const val = (x: Expr) => sel(x, "sc", field);
  const allowed = plus(str(" (allowed: "), b.define("rangesText", () => rangesText(ranges)), str(")"));
  b.deny("outOfRange", cond(guard(isIn(rule, list(str("MustRunAs"), str("MayRunAs")))),
    filterMap(b.securityContexts, "x", (x) => and(present(sel(x, "sc"), field), not(and(isNumber(val(x)), inRanges(val(x), ranges)))),
      (x) => plus(sel(x, "label"), str(" must not set "), sel(x, "path"), str(`.${field} to `), num(val(x)), allowed)),
    list()));
  b.deny("unset", cond(guard(eq(rule, str("MustRunAs"))),
    filterMap(b.checked, "e", (e) => eq(b.effective(e, field), NULL), (e) => plus(sel(e, "label"), str(` must set securityContext.${field} or spec.securityContext.${field}`), allowed)),
    list()));
  if (!opts.nonRoot) return;
  b.deny("root", cond(guard(eq(rule, str("MustRunAsNonRoot"))),
    filterMap(b.securityContexts, "x", (x) => and(present(sel(x, "sc"), field), eq(val(x), lit(0))), (x) => plus(sel(x, "label"), str(" must not set "), sel(x, "path"), str(`.${field} to 0`))),
    list()));
  b.deny("maybeRoot", cond(guard(eq(rule, str("MustRunAsNonRoot"))),
    filterMap(b.checked, "e", (e) => and(not(eq(b.effective(e, "runAsNonRoot"), TRUE)), not(and(isNumber(b.effective(e, "runAsUser")), ne(b.effective(e, "runAsUser"), lit(0))))),
      (e) => plus(sel(e, "label"), str(" must set securityContext.runAsNonRoot to true or securityContext.runAsUser to a non-zero value (here or in spec.securityContext)"))),
    list()));
}

export type { CelForm, CelProgram, Expr } from "./ast.js";
export { index, typeName } from "./ast.js";
