/**
 * Rego parser: tokens (lexer.ts) → Module AST (ast.ts) + diagnostics.
 *
 * Hand-written recursive descent following OPA 1.x's grammar: precedence levels (lowest first)
 * `:=`/`=`, `in`, comparisons, `|`, `&`, `+ -`, `* / %`; refs and calls continue only on an
 * adjacent `.`, `[` or `(`; body literals are separated by newlines or `;`. Keywords `if`,
 * `contains`, `in`, `every` are on in v1 and switched on in v0 by `future.keywords` / `rego.v1`
 * imports from the import onwards.
 *
 * Never throws. A syntax error aborts the current statement, is reported once, and parsing
 * resumes at the next line that starts in column 1. Nesting is limited to MAX_DEPTH levels.
 */
import { sortDiagnostics, type Diagnostic, type Span } from "../../diagnostics/diagnostic.js";
import type {
  Body, ElseBranch, Every, Expr, Import, Infix, InfixOp, Literal, MetadataBlock, Module, Ref, RegoVersion, Rule,
  Scalar, SomeDecl, SomeIn, Term, Var, WithModifier,
} from "./ast.js";
import { lex, type LineComment, type Token, type TokenKind } from "./lexer.js";

export interface ParseOptions {
  readonly regoVersion: RegoVersion;
}

export interface ParseResult {
  /** Present only when the module parsed without errors. */
  readonly module?: Module;
  readonly diagnostics: Diagnostic[];
}

/** Maximum nesting of brackets, parentheses, bodies and unary minus. */
export const MAX_DEPTH = 500;
/** Parsing stops after this many syntax errors in one file. */
const MAX_ERRORS = 50;

const CORE_KEYWORDS = new Set(["not", "package", "import", "as", "default", "else", "with", "some", "null", "true", "false"]);
const FUTURE_KEYWORDS = ["contains", "every", "if", "in"] as const;
/** `import future.keywords.and|or|not`: OPA's experimental logical operators and `not` bodies. */
const EXPERIMENTAL_KEYWORDS = ["and", "or", "not"] as const;
const ROOTS = new Set(["data", "input"]);

const BIN_PREC: Partial<Record<TokenKind, number>> = {
  "==": 1, "!=": 1, "<": 1, "<=": 1, ">": 1, ">=": 1,
  "|": 2, "&": 3, "+": 4, "-": 4, "*": 5, "/": 5, "%": 5,
};

class ParseError {
  /** `fatal`: not a question of reading the input another way (nesting limit); never retried. */
  constructor(readonly diagnostic: Diagnostic, readonly fatal = false) {}
}

/** One segment of a rule head or package/import path as written. */
/** A parsed operand tree of `and`/`or` (see parseLogicalOr). */
type LogicalNode =
  | { readonly kind: "lit"; readonly lit: Literal }
  | { readonly kind: "body"; readonly body: Body; readonly span: Span }
  | { readonly kind: "and" | "or"; readonly left: LogicalNode; readonly right: LogicalNode };

type Seg =
  | { readonly kind: "dot"; readonly name: string; readonly span: Span }
  | { readonly kind: "bracket"; readonly term: Term; readonly span: Span };

/** Parse one Rego module. Never throws; see ParseResult. */
export function parseModule(file: string, text: string, opts: ParseOptions): ParseResult {
  const { tokens, diagnostics, comments } = lex(file, text);
  const p = new Parser(file, text, tokens, opts.regoVersion, diagnostics);
  let module: Module | undefined;
  try {
    module = p.parseModule();
    if (module && comments) {
      const metadata = metadataBlocks(file, text, comments);
      if (metadata.length) module = { ...module, metadata };
    }
  } catch (e) {
    // Defensive: the parser reports every problem as a diagnostic; reaching here is a bug.
    p.diags.push(diag("rego-parse", file, 0, 0, `internal parser error: ${e instanceof Error ? e.message : String(e)}`));
  }
  const out = sortDiagnostics(p.diags);
  return out.some((d) => d.severity === "error") || module === undefined ? { diagnostics: out } : { module, diagnostics: out };
}

/** OPA's METADATA blocks (v1/ast/parser.go parseAnnotations): see MetadataBlock. */
function metadataBlocks(file: string, text: string, comments: readonly LineComment[]): MetadataBlock[] {
  const body = (c: LineComment): string => {
    const t = text.slice(c.s + 1, c.e);
    return t.endsWith("\r") ? t.slice(0, -1) : t;
  };
  const isStart = (c: LineComment): boolean => body(c).trim().startsWith("METADATA");
  const out: MetadataBlock[] = [];
  let line = 1, counted = 0;
  for (let i = 0; i < comments.length; i++) {
    const head = comments[i]!;
    if (!isStart(head)) continue;
    for (; counted < head.s; counted++) if (text.charCodeAt(counted) === 10) line++;
    const lines: { text: string; span: Span }[] = [];
    // The block continues on the next line while that line is a column-1 comment (the lexer
    // collects no others) that does not start another block.
    while (i + 1 < comments.length && comments[i + 1]!.s === comments[i]!.e + 1 && !isStart(comments[i + 1]!)) {
      const c = comments[++i]!;
      const t = body(c);
      lines.push({ text: t.startsWith(" ") ? t.slice(1) : t, span: { file, start: c.s, end: c.e } });
    }
    out.push({ kind: "metadata", span: { file, start: head.s, end: head.e }, line, lines });
  }
  return out;
}

function diag(code: string, file: string, start: number, end: number, message: string): Diagnostic {
  return { code, severity: "error", message, span: { file, start, end } };
}

function describe(t: Token): string {
  switch (t.t) {
    case "ident": return `"${t.v}"`;
    case "num": return `number ${t.v}`;
    case "str": {
      const s = JSON.stringify(t.v);
      return `string ${s.length > 40 ? s.slice(0, 37) + "...\"" : s}`;
    }
    case "eof": return "end of file";
    case "bad": return `"${t.v}"`;
    case "tmpl": case "tmplStart": return "template string";
    case "tmplMid": case "tmplEnd": return `"}"`;
    default: return `"${t.t}"`;
  }
}

class Parser {
  private p = 0;
  /** The open nesting levels, innermost last (null: a level without a bracket, e.g. unary minus). */
  private readonly openers: (Token | null)[] = [];
  private wildcards = 0;
  private templateVars = 0;
  private readonly kw = new Set<string>();
  private regoV1Import = false;
  /** `import future.keywords.not`: `not { body }` and `not (a or b)`. */
  private notBodies = false;
  private errorCount = 0;
  /** A call to `rego.metadata.chain` / `rego.metadata.rule` was parsed. */
  private callsMetadata = false;
  /** Spans whose `if` is missing / multi-value rules without `contains` (errors in v1 mode). */
  private readonly missingIf: Span[] = [];
  private readonly missingContains: Span[] = [];
  private readonly lexErrorStarts: number[];
  private readonly comprFailures = new Map<number, ParseError>();
  /** How many comprehension attempts (which may be rewound) enclose the current position. */
  private speculating = 0;
  /** Collections parsed successfully, by the token index of their opening bracket (see comprehensionOr). */
  private readonly termCache = new Map<number, { term?: Term; error?: ParseError; end: number }>();

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly toks: Token[],
    private readonly version: RegoVersion,
    readonly diags: Diagnostic[],
  ) {
    if (version === "v1") for (const k of FUTURE_KEYWORDS) this.kw.add(k);
    this.lexErrorStarts = diags.map((d) => d.span!.start).sort((a, b) => a - b);
  }

  // ---- token helpers ------------------------------------------------------------------------

  private cur(): Token { return this.toks[this.p]!; }
  private peek(k = 1): Token { return this.toks[Math.min(this.p + k, this.toks.length - 1)]!; }
  private next(): Token {
    const t = this.toks[this.p]!;
    if (this.p < this.toks.length - 1) this.p++;
    return t;
  }
  private get prevEnd(): number { return this.p > 0 ? this.toks[this.p - 1]!.e : 0; }
  private span(start: number, end: number): Span { return { file: this.file, start, end }; }
  private tspan(t: Token): Span { return this.span(t.s, t.e); }

  private isKeyword(word: string): boolean { return CORE_KEYWORDS.has(word) || this.kw.has(word); }
  private isKw(t: Token, word: string): boolean {
    return t.t === "ident" && t.v === word && this.isKeyword(word) && !(t === this.cur() && this.refHeadFollows());
  }
  /**
   * A keyword directly followed by `.name` is the head of a ref, not a keyword (newer OPA:
   * `false.foo := 1`, `not.p`, `data.x.if`): the current token is followed by "." and a name,
   * with no whitespace in between.
   */
  private refHeadFollows(): boolean {
    const dot = this.peek();
    const id = this.peek(2);
    return dot.t === "." && !dot.ws && id.t === "ident" && !id.ws;
  }

  private fail(start: number, end: number, message: string, code = "rego-parse", fatal = false): never {
    throw new ParseError(diag(code, this.file, start, end, message), fatal);
  }

  private unexpected(t: Token, expected?: string): never {
    if (t.t === "eof") {
      for (let i = this.openers.length - 1; i >= 0; i--) {
        const o = this.openers[i];
        if (!o) continue;
        const close = o.t === "{" ? "}" : o.t === "[" ? "]" : ")";
        this.fail(o.s, o.e, `unclosed "${o.t}": the file ends before the matching "${close}"`);
      }
    }
    let msg = `unexpected ${this.isKeyword(t.v) && t.t === "ident" ? "keyword " : ""}${describe(t)}`;
    if (expected) msg += `: expected ${expected}`;
    if (t.t === "ident" && !this.kw.has(t.v) && (FUTURE_KEYWORDS as readonly string[]).includes(t.v)) {
      msg += ` (hint: \`${t.v}\` is a keyword only with \`import future.keywords.${t.v}\` or \`import rego.v1\`)`;
    }
    this.fail(t.s, Math.max(t.e, t.s), msg);
  }

  private expect(kind: TokenKind, expected?: string): Token {
    const t = this.cur();
    if (t.t !== kind) this.unexpected(t, expected ?? `"${kind}"`);
    return this.next();
  }

  /** Open a nesting level; `opener` is the bracket that opened it (for "unclosed" errors). */
  private enter(opener: Token | null): void {
    this.openers.push(opener);
    if (this.openers.length > MAX_DEPTH) {
      const t = this.cur();
      this.fail(t.s, t.e, `nesting too deep: more than ${MAX_DEPTH} levels of brackets, parentheses or bodies`, "rego-parse", true);
    }
  }
  private leave(): void { this.openers.pop(); }

  private atLineStart(t: Token): boolean {
    if (t.s === 0) return true;
    const c = this.text.charCodeAt(t.s - 1);
    return c === 10 || (t.s === 1 && c === 0xfeff);
  }

  private report(e: ParseError, stmtStart: number): void {
    const d = e.diagnostic;
    // A parse error inside a statement that already has a lexical error is a consequence of it.
    const s = d.span!.start;
    const hasLexError = this.lexErrorStarts.some((x) => x >= stmtStart && x <= Math.max(s, stmtStart));
    if (!hasLexError) this.diags.push(d);
    this.errorCount++;
  }

  // ---- module ---------------------------------------------------------------------------------

  parseModule(): Module | undefined {
    let pkg: { path: string[]; span: Span } | undefined;
    const imports: Import[] = [];
    const rules: Rule[] = [];
    let missingPackage = false;
    while (this.cur().t !== "eof") {
      if (this.cur().t === ";") { this.next(); continue; }
      const stmtTok = this.cur();
      const startP = this.p;
      if (this.termCache.size) this.termCache.clear();
      if (this.comprFailures.size) this.comprFailures.clear();
      this.speculating = 0;
      try {
        if (this.isKw(stmtTok, "package")) {
          const r = this.parsePackage();
          if (pkg) this.fail(stmtTok.s, stmtTok.e, "unexpected second package declaration: a module has exactly one package");
          pkg = r;
        } else {
          if (!pkg && !missingPackage) {
            // Reported once; the statements are still parsed for syntax errors.
            missingPackage = true;
            this.diags.push(diag("rego-parse", this.file, stmtTok.s, stmtTok.e, `expected "package" declaration before ${describe(stmtTok)}`));
          }
          if (this.isKw(stmtTok, "import")) imports.push(this.parseImport());
          else rules.push(this.parseRule());
        }
      } catch (e) {
        this.openers.length = 0;
        if (e instanceof ParseError) this.report(e, stmtTok.s);
        else if (e instanceof RangeError && /call stack/i.test(e.message)) {
          this.diags.push(diag("rego-parse", this.file, stmtTok.s, stmtTok.e, "nesting too deep: the parser ran out of stack"));
          return undefined;
        } else throw e;
        if (this.errorCount >= MAX_ERRORS) {
          this.diags.push(diag("rego-parse", this.file, this.cur().s, this.cur().e, `too many errors (${MAX_ERRORS}); stopped parsing`));
          return undefined;
        }
        // Resume at the next token that starts a line and does not close a bracket.
        if (this.p === startP) this.next();
        while (this.cur().t !== "eof") {
          const t = this.cur();
          if (this.atLineStart(t) && t.t !== "}" && t.t !== "]" && t.t !== ")") break;
          this.next();
        }
      }
    }
    if (!pkg) {
      if (this.diags.length === 0) this.diags.push(diag("rego-parse", this.file, 0, 0, "expected \"package\" declaration: the module is empty"));
      return undefined;
    }
    const v1Rules = this.version === "v1" || this.regoV1Import;
    if (v1Rules) {
      const why = this.version === "v1" ? "in Rego v1" : "with `import rego.v1`";
      for (const s of this.missingIf) this.diags.push(diag("rego-parse", this.file, s.start, s.end, `\`if\` keyword is required before rule body ${why}`));
      for (const s of this.missingContains) this.diags.push(diag("rego-parse", this.file, s.start, s.end, `\`contains\` keyword is required for partial set rules ${why}`));
    }
    return {
      kind: "module",
      span: this.span(0, this.text.length),
      package: pkg.path,
      packageSpan: pkg.span,
      imports,
      rules,
      regoVersion: this.version,
      ...(this.callsMetadata ? { callsMetadata: true as const } : {}),
    };
  }

  /** `name(.name | ["str"])*` as used by package and import paths. */
  private parseNamePath(what: string): { segs: string[]; segSpans: Span[]; span: Span } {
    const first = this.cur();
    if (first.t !== "ident") this.unexpected(first, `a ${what} path`);
    this.next();
    const segs = [first.v];
    const segSpans = [this.tspan(first)];
    while (!this.cur().ws) {
      const t = this.cur();
      if (t.t === ".") {
        const id = this.peek();
        if (id.t !== "ident" || id.ws) this.unexpected(id, `a name after "."`);
        this.next(); this.next();
        segs.push(id.v); segSpans.push(this.tspan(id));
      } else if (t.t === "[") {
        const s = this.peek();
        if (s.t !== "str") this.unexpected(s, `a string in a ${what} path`);
        this.next(); this.next();
        this.expect("]");
        segs.push(s.v); segSpans.push(this.tspan(s));
      } else break;
    }
    return { segs, segSpans, span: this.span(first.s, this.prevEnd) };
  }

  private parsePackage(): { path: string[]; span: Span } {
    this.next();
    const first = this.cur();
    if (first.t === "ident" && this.isKeyword(first.v) && !(this.peek().t === "." && !this.peek().ws)) {
      this.unexpected(first, "a package name");
    }
    const { segs, span } = this.parseNamePath("package");
    return { path: segs, span };
  }

  private parseImport(): Import {
    const start = this.next().s;
    const { segs, segSpans, span } = this.parseNamePath("import");
    const root = segs[0]!;
    let alias: string | undefined;
    if (this.isKw(this.cur(), "as")) {
      this.next();
      const a = this.cur();
      if (a.t !== "ident" || this.isKeyword(a.v)) this.unexpected(a, "an alias name");
      this.next();
      alias = a.v;
    }
    const pathSpan = span;
    if (root === "future") {
      if (segs[1] !== "keywords") this.fail(pathSpan.start, pathSpan.end, "invalid import: must be `future.keywords` or `future.keywords.<keyword>`");
      if (alias !== undefined) this.fail(pathSpan.start, pathSpan.end, "`future` imports cannot be aliased");
      if (segs.length === 2) for (const k of FUTURE_KEYWORDS) this.kw.add(k);
      else if (segs.length === 3 && (FUTURE_KEYWORDS as readonly string[]).includes(segs[2]!)) {
        this.kw.add(segs[2]!);
        if (segs[2] === "every") this.kw.add("in");
      } else if (segs.length === 3 && (EXPERIMENTAL_KEYWORDS as readonly string[]).includes(segs[2]!)) {
        // Newer OPA's experimental logical operators (never switched on by `future.keywords`).
        if (segs[2] === "not") this.notBodies = true;
        else this.kw.add(segs[2]!);
      } else this.fail(segSpans[2]!.start, pathSpan.end, `unexpected keyword in import, must be one of ${FUTURE_KEYWORDS.join(", ")}`);
    } else if (root === "rego") {
      if (segs.length !== 2 || segs[1] !== "v1") this.fail(pathSpan.start, pathSpan.end, `invalid import \`${segs.join(".")}\`: must be \`rego.v1\``);
      if (alias !== undefined) this.fail(pathSpan.start, pathSpan.end, "`rego` imports cannot be aliased");
      for (const k of FUTURE_KEYWORDS) this.kw.add(k);
      if (this.version === "v0") this.regoV1Import = true;
    } else if (ROOTS.has(root)) {
      const last = segs[segs.length - 1]!;
      if (alias === undefined && segs.length > 1 && this.isKeyword(last)) {
        this.fail(segSpans[segs.length - 1]!.start, pathSpan.end, `unexpected import path: must not end with the keyword "${last}" (use an alias)`);
      }
    } else {
      this.fail(segSpans[0]!.start, segSpans[0]!.end, `unexpected import path: must begin with one of data, input, future, rego, got: ${root}`);
    }
    const head: Var = { kind: "var", span: segSpans[0]!, name: root };
    const path: Ref = {
      kind: "ref",
      span: pathSpan,
      head,
      path: segs.slice(1).map((s, i): Scalar => ({ kind: "scalar", span: segSpans[i + 1]!, value: s })),
    };
    return { kind: "import", span: this.span(start, this.prevEnd), path, alias: alias ?? segs[segs.length - 1]! };
  }

  // ---- rules ----------------------------------------------------------------------------------

  private parseRule(): Rule {
    const startTok = this.cur();
    let isDefault = false;
    if (this.isKw(startTok, "default")) { this.next(); isDefault = true; }
    const nameTok = this.cur();
    if (nameTok.t !== "ident") this.unexpected(nameTok, isDefault ? "a rule name after default" : "a rule, import or package");
    if (this.isKeyword(nameTok.v) && !this.refHeadFollows()) {
      if (nameTok.v === "not" || nameTok.v === "some" || nameTok.v === "every" || nameTok.v === "with" || nameTok.v === "else" || nameTok.v === "as") {
        this.fail(nameTok.s, nameTok.e, `unexpected keyword "${nameTok.v}": expected a rule (expressions are only allowed inside rule bodies)`);
      }
      this.fail(nameTok.s, nameTok.e, `unexpected keyword "${nameTok.v}": reserved words cannot be used as rule names`);
    }
    this.next();
    // Head: name (.name | [term])* [(args)]
    const segs: Seg[] = [{ kind: "dot", name: nameTok.v, span: this.tspan(nameTok) }];
    let args: Term[] | undefined;
    while (!this.cur().ws) {
      const t = this.cur();
      if (t.t === ".") {
        const id = this.peek();
        if (id.t !== "ident" || id.ws) this.unexpected(id, `a name after "."`);
        this.next(); this.next();
        segs.push({ kind: "dot", name: id.v, span: this.tspan(id) });
      } else if (t.t === "[") {
        this.next();
        this.enter(t);
        const term = this.parseTermInfix(true);
        this.expect("]");
        this.leave();
        segs.push({ kind: "bracket", term, span: this.span(t.s, this.prevEnd) });
      } else if (t.t === "(") {
        this.next();
        args = this.parseList(")", t);
        break;
      } else break;
    }
    const headEnd = this.prevEnd;
    const nameSpan = this.span(nameTok.s, headEnd);

    let assign: Rule["assign"] = "none";
    let value: Term | undefined;
    let containsKey: Term | undefined;
    const t = this.cur();
    if (this.isKw(t, "contains")) {
      if (args) this.fail(t.s, t.e, "the `contains` keyword can only be used with multi-value rules, not functions");
      if (isDefault) this.fail(t.s, t.e, "default rules cannot use `contains`");
      this.next();
      containsKey = this.parseTermInfix(true);
    } else if (t.t === ":=" || t.t === "=") {
      this.next();
      assign = t.t;
      value = this.parseTermInfix(true);
    } else if (isDefault) {
      this.unexpected(t, `":=" or "=" and a value (default rules must have a value)`);
    }

    if (isDefault) {
      if (this.isKw(this.cur(), "if") || this.cur().t === "{") {
        this.fail(this.cur().s, this.cur().e, "default rules cannot have a body");
      }
      this.checkDefaultValue(value!);
    }

    // Bodies.
    const bodies: Body[] = [];
    let hasIf = false;
    let blockBody = false;
    if (!isDefault) {
      if (this.isKw(this.cur(), "if")) {
        hasIf = true;
        this.next();
        const single = this.cur().t === "{" ? this.braceLiteral() : undefined;
        if (single) bodies.push([single]);
        else if (this.cur().t === "{") { bodies.push(this.parseBlock()); blockBody = true; }
        else bodies.push([this.parseLiteral()]);
      } else if (this.cur().t === "{") {
        this.missingIf.push(this.tspan(this.cur()));
        bodies.push(this.parseBlock());
        blockBody = true;
      }
    }
    const hasBody = bodies.length > 0;
    // A head alone is a statement OPA turns into a rule with body `true` (ParseRuleFromExpr):
    // `f(a, b)` is a function whose value is true where the arguments unify; `p[x]` and `p.q`
    // are partial sets (with element x, "q"); `a.b.c` (3+ segments) is a rule of value true.
    let bodylessSet: Term | undefined;
    if (!hasBody && value === undefined && containsKey === undefined && !isDefault) {
      const nt = this.cur();
      if (args) {
        if (args.length === 0) this.fail(nameTok.s, headEnd, "rule argument list must take at least one argument");
      } else if (segs.length === 2) {
        const l = segs[1]!;
        bodylessSet = l.kind === "bracket" ? l.term : { kind: "scalar", span: l.span, value: l.name } as Term;
      } else if (segs.length === 1) {
        this.unexpected(nt, `":=", "=", "if" or "{" after the rule head`);
      }
    }

    // `f() = x { … }`: a head with an empty argument list declares a rule, not a function (OPA
    // tells functions by their arguments); `f` and `f()` both read its value.
    if (args && args.length === 0) args = undefined;

    // Classify the head.
    const last = segs[segs.length - 1]!;
    let headKind: Rule["headKind"];
    let nameSegs: Seg[] = segs;
    let key: Term | undefined;
    let general: Rule["general"];
    // General ref heads (`p[q].r := v`, `a.b[x][y] contains z`): the ground prefix names the rule,
    // the rest is a path into its object (an array term `[q, "r"]` as the key), as OPA's rule tree.
    const ground = segs.findIndex((x) => x.kind === "bracket" && !isStringScalar(x.term));
    const dynamic = ground < 0 || args !== undefined || bodylessSet !== undefined ? 0 : segs.length - ground;
    const multi = containsKey !== undefined;
    if (dynamic >= (multi ? 1 : 2)) {
      if (isDefault) this.fail(nameSpan.start, nameSpan.end, "default rules cannot have a variable key in their head");
      const rest = segs.slice(ground);
      const items = rest.map((x): Term => (x.kind === "dot" ? { kind: "scalar", span: x.span, value: x.name } : x.term));
      headKind = "partialObject";
      nameSegs = segs.slice(0, ground);
      key = { kind: "array", span: this.span(rest[0]!.span.start, rest[rest.length - 1]!.span.end), items };
      general = { depth: rest.length, multi };
      if (multi) value = containsKey;
    } else if (args) {
      headKind = "function";
    } else if (bodylessSet !== undefined) {
      headKind = "partialSet";
      key = bodylessSet;
      nameSegs = segs.slice(0, -1);
    } else if (containsKey !== undefined) {
      headKind = "partialSet";
      key = containsKey;
    } else if (last.kind === "bracket" && segs.length === 2 && value === undefined && !hasIf) {
      // v0 `p[x] { … }`: a multi-value (set) rule.
      headKind = "partialSet";
      key = last.term;
      nameSegs = segs.slice(0, -1);
      if (!isDefault) this.missingContains.push(nameSpan);
    } else if (last.kind === "bracket" && !isStringScalar(last.term)) {
      headKind = "partialObject";
      key = last.term;
      nameSegs = segs.slice(0, -1);
    } else {
      headKind = "complete";
    }
    if (isDefault && (headKind === "partialSet" || headKind === "partialObject")) {
      this.fail(nameSpan.start, nameSpan.end, "default rules cannot have a variable key in their head");
    }
    const name: string[] = [];
    for (const s of nameSegs) {
      if (s.kind === "dot") name.push(s.name);
      else if (isStringScalar(s.term)) name.push(s.term.value as string);
      else this.fail(s.span.start, s.span.end, "rule heads with a variable before the last segment are only allowed in rules, not functions");
    }
    if (isDefault && args) {
      for (const a of args) if (a.kind !== "var") this.fail(a.span.start, a.span.end, "default function arguments must be variables");
    }

    // v0 multiple bodies: p { a } { b }
    if (blockBody) {
      while (this.cur().t === "{") bodies.push(this.parseBlock());
    }

    // else chain
    const elses: ElseBranch[] = [];
    while (this.isKw(this.cur(), "else")) {
      const et = this.cur();
      if (headKind === "partialSet" || headKind === "partialObject") this.fail(et.s, et.e, "`else` cannot be used on multi-value or object rules");
      if (isDefault || !hasBody) this.fail(et.s, et.e, "`else` must follow a rule body");
      if (bodies.length > 1) this.fail(et.s, et.e, "`else` cannot follow a rule with several bodies");
      elses.push(this.parseElse());
    }
    if (!isDefault && this.cur().t === "{" && elses.length > 0) this.fail(this.cur().s, this.cur().e, "expected `else` keyword before another body");

    const rule: Rule = {
      kind: "rule",
      span: this.span(startTok.s, this.prevEnd),
      headKind,
      name,
      nameSpan,
      isDefault,
      ...(args ? { args } : {}),
      ...(key !== undefined ? { key } : {}),
      ...(value !== undefined ? { value } : {}),
      ...(general ? { general } : {}),
      assign,
      bodies: hasBody ? bodies : [[]],
      else: elses,
    };
    return rule;
  }

  private parseElse(): ElseBranch {
    const start = this.next().s;
    let value: Term | undefined;
    if (this.cur().t === ":=" || this.cur().t === "=") {
      this.next();
      value = this.parseTermInfix(true);
    } else if (!this.isKw(this.cur(), "if") && this.cur().t !== "{") {
      this.unexpected(this.cur(), `":=", "=", "if" or "{" after else`);
    }
    let body: Body = [];
    if (this.isKw(this.cur(), "if")) {
      this.next();
      body = this.cur().t === "{" ? this.parseBlock() : [this.parseLiteral()];
    } else if (this.cur().t === "{") {
      this.missingIf.push(this.tspan(this.cur()));
      body = this.parseBlock();
    }
    return { kind: "else", span: this.span(start, this.prevEnd), ...(value !== undefined ? { value } : {}), body };
  }

  /** A default value must be a constant (comprehensions aside). */
  private checkDefaultValue(v: Term): void {
    const bad = (t: Term): Term | undefined => {
      switch (t.kind) {
        // `set()` is the empty set, a constant (OPA's parser reads it as a set term).
        case "call": return t.name === "set" && t.args.length === 0 ? undefined : t;
        case "var": case "ref": case "infix": case "unary": return t;
        case "array": case "set": for (const x of t.items) { const b = bad(x); if (b) return b; } return undefined;
        case "object": for (const [k, x] of t.entries) { const b = bad(k) ?? bad(x); if (b) return b; } return undefined;
        default: return undefined;
      }
    };
    const b = bad(v);
    if (b) {
      const what = b.kind === "var" ? "a variable" : b.kind === "ref" ? "a reference" : "a function call or operator";
      this.fail(b.span.start, b.span.end, `illegal default rule: the value cannot contain ${what}`);
    }
  }

  // ---- bodies and literals ------------------------------------------------------------------

  /** `{ body }` */
  /**
   * After `if`, a `{` may open a term rather than a body (`f(x) := y if {k: v | …}`): OPA first
   * parses a literal and takes it unless it is a set (`if { true }` is a body). Tried only when a
   * top-level `:` or `|` inside the braces makes a term possible; returns undefined for a body.
   */
  private braceLiteral(): Literal | undefined {
    let depth = 0;
    let maybe = false;
    for (let i = this.p; i < this.toks.length; i++) {
      const t = this.toks[i]!;
      if (t.t === "{" || t.t === "[" || t.t === "(") depth++;
      else if (t.t === "}" || t.t === "]" || t.t === ")") { if (--depth === 0) break; }
      else if (depth === 1 && (t.t === ":" || t.t === "|")) { maybe = true; break; }
      else if (t.t === "eof") break;
    }
    if (!maybe) return undefined;
    const p = this.p, depth0 = this.openers.length;
    this.speculating++;
    try {
      const lit = this.parseLiteral();
      const next = this.cur();
      const ends = next.t === "eof" || next.nl || this.isKw(next, "else");
      if (ends && !(lit.expr.kind === "termExpr" && lit.expr.term.kind === "set")) return lit;
    } catch (e) {
      if (!(e instanceof ParseError) || e.fatal) throw e;
    } finally {
      this.speculating--;
    }
    this.p = p; this.openers.length = depth0;
    return undefined;
  }

  private parseBlock(): Body {
    const open = this.expect("{");
    this.enter(open);
    const body = this.parseBody("}");
    this.expect("}");
    this.leave();
    return body;
  }

  /** Literals separated by newlines or `;`, up to (not including) `close`. */
  private parseBody(close: "}" | "]"): Body {
    if (this.cur().t === close) this.fail(this.cur().s, this.cur().e, "found empty body");
    const lits: Literal[] = [];
    while (true) {
      const lit = this.parseLiteral();
      lits.push(lit);
      const t = this.cur();
      if (t.t === ";") {
        this.next();
        if (this.cur().t === close) break;
        continue;
      }
      if (t.t === close) break;
      if (t.nl && t.t !== "eof") continue;
      // `every x in xs { … }` without the keyword: `every` parsed as a variable.
      const e = lit.expr;
      if (e.kind === "termExpr" && e.term.kind === "var" && !lit.negated && (FUTURE_KEYWORDS as readonly string[]).includes(e.term.name)) {
        const w = e.term.name;
        this.fail(e.term.span.start, e.term.span.end, `unexpected "${w}": expected an expression (hint: \`${w}\` is a keyword only with \`import future.keywords.${w}\` or \`import rego.v1\`)`);
      }
      this.unexpected(t, `a new line, ";" or "${close}"`);
    }
    return lits;
  }

  private parseLiteral(): Literal {
    if (!this.kw.has("and") && !this.kw.has("or") && !this.notBodies) return this.parseSimpleLiteral(true);
    const start = this.cur().s;
    const node = this.parseLogicalOr();
    const withs: WithModifier[] = [];
    while (this.isKw(this.cur(), "with")) withs.push(this.parseWith());
    if (node.kind === "lit") {
      return withs.length === 0 ? node.lit : { ...node.lit, span: this.span(start, this.prevEnd), with: [...node.lit.with, ...withs] };
    }
    const lit = node.kind === "body" ? this.wrapLiteral(node, start, false) : this.logicalLiteral(node);
    return { ...lit, span: this.span(start, this.prevEnd), with: withs };
  }

  // ---- experimental logical operators (`a and b`, `a or b`, `not (…)`) ------------------------
  //
  // Each operand is a body evaluated on its own, as OPA's evalLogicalAnd/evalLogicalOr: it is
  // only asked whether it is defined, and no binding leaves it. An operation is the call
  // `internal.logical_and|or({true | lhs}, {true | rhs})` (closures, so every pass scopes the
  // operands' variables), which the planner evaluates lazily: `and` stops at an undefined lhs,
  // `or` at a defined one. `not (…)`/`not {…}` is `not [true | …][0]`. `and` binds tighter.

  private parseLogicalOr(): LogicalNode {
    let left = this.parseLogicalAnd();
    while (this.isKw(this.cur(), "or")) {
      this.next();
      left = { kind: "or", left, right: this.parseLogicalAnd() };
    }
    return left;
  }

  private parseLogicalAnd(): LogicalNode {
    let left = this.parseLogicalOperand(this.prevIsLogicalOp());
    while (this.isKw(this.cur(), "and")) {
      this.next();
      left = { kind: "and", left, right: this.parseLogicalOperand(true) };
    }
    return left;
  }

  /** Was the token just consumed `and`/`or` (the next operand is a right-hand side)? */
  private prevIsLogicalOp(): boolean {
    const t = this.p > 0 ? this.toks[this.p - 1] : undefined;
    return t !== undefined && t.t === "ident" && (t.v === "and" || t.v === "or") && this.kw.has(t.v);
  }

  private isLogicalOp(t: Token): boolean {
    return this.isKw(t, "and") || this.isKw(t, "or");
  }

  private parseLogicalOperand(rhs: boolean): LogicalNode {
    const start = this.cur().s;
    if (rhs && this.cur().t === "{") {
      // After `and`/`or`, braces are a body (`a and { x := 1; x > 0 }`).
      const body = this.speculate(() => this.parseBlock());
      if (body) return { kind: "body", body, span: this.span(start, this.prevEnd) };
    }
    if (this.isKw(this.cur(), "not") && (this.peek().t === "(" || this.peek().t === "{")) {
      const p = this.p;
      this.next();
      const inner = this.logicalGroup(true);
      if (inner) return { kind: "lit", lit: this.wrapLiteral(inner, start, true) };
      this.p = p;
    }
    const group = this.logicalGroup(false);
    if (group) return group;
    return { kind: "lit", lit: this.parseSimpleLiteral(false) };
  }

  /**
   * `( … )` holding or followed by and/or, or `{ body }` followed by and/or (with `negated`, after
   * `not`, any parenthesised logical expression or body); undefined (position restored) otherwise.
   */
  private logicalGroup(negated: boolean): LogicalNode | undefined {
    const open = this.cur();
    if (open.t !== "(" && open.t !== "{") return undefined;
    const p = this.p, depth = this.openers.length;
    this.speculating++;
    try {
      if (open.t === "(") {
        this.next();
        this.enter(open);
        let inner = this.parseLogicalOr();
        const logical = inner.kind !== "lit";
        if (this.isKw(this.cur(), "with")) {
          // `(a with x as 1)` / `(a or b with x as 1)`: the modifiers apply inside the group.
          const withs: WithModifier[] = [];
          while (this.isKw(this.cur(), "with")) withs.push(this.parseWith());
          const lit = inner.kind === "lit" ? inner.lit : inner.kind === "body" ? this.wrapLiteral(inner, inner.span.start, false) : this.logicalLiteral(inner);
          inner = { kind: "lit", lit: { ...lit, with: [...lit.with, ...withs] } };
        }
        this.expect(")");
        this.leave();
        if (logical || this.isLogicalOp(this.cur()) || (negated && this.notBodies)) return inner;
      } else if (negated ? this.notBodies : true) {
        const body = this.parseBlock();
        if (negated || this.isLogicalOp(this.cur())) return { kind: "body", body, span: this.span(open.s, this.prevEnd) };
      }
    } catch (e) {
      if (!(e instanceof ParseError) || e.fatal) throw e;
    } finally {
      this.speculating--;
    }
    this.p = p; this.openers.length = depth;
    return undefined;
  }

  /** Run a parse attempt; on a (non-fatal) syntax error restore the position and return undefined. */
  private speculate<T>(f: () => T): T | undefined {
    const p = this.p, depth = this.openers.length;
    this.speculating++;
    try {
      return f();
    } catch (e) {
      if (!(e instanceof ParseError) || e.fatal) throw e;
      this.p = p; this.openers.length = depth;
      return undefined;
    } finally {
      this.speculating--;
    }
  }

  private logicalBody(n: LogicalNode): Body {
    switch (n.kind) {
      case "lit": return [n.lit];
      case "body": return n.body;
      default: return [this.logicalLiteral(n)];
    }
  }

  private logicalSpan(n: LogicalNode): Span {
    switch (n.kind) {
      case "lit": return n.lit.span;
      case "body": return n.span;
      default: { const a = this.logicalSpan(n.left), b = this.logicalSpan(n.right); return this.span(a.start, b.end); }
    }
  }

  /** An and/or node as one literal: `internal.logical_and({true | lhs}, {true | rhs})`. */
  private logicalLiteral(n: LogicalNode & { kind: "and" | "or" }): Literal {
    const span = this.logicalSpan(n);
    const operand = (x: LogicalNode): Term => {
      const s = this.logicalSpan(x);
      return { kind: "setCompr", span: s, head: { kind: "scalar", span: s, value: true }, body: this.logicalBody(x) };
    };
    const term: Term = { kind: "call", span, name: `internal.logical_${n.kind}`, nameSpan: span, args: [operand(n.left), operand(n.right)] };
    return { kind: "literal", span, negated: false, expr: { kind: "termExpr", span, term }, with: [] };
  }

  /** `not (…)` / `not { … }` (negated), or a lone `{ … }`: `[not] [true | …][0]`. */
  private wrapLiteral(n: LogicalNode, start: number, negated: boolean): Literal {
    const span = this.span(start, this.prevEnd);
    const compr: Term = { kind: "arrayCompr", span, head: { kind: "scalar", span, value: true }, body: this.logicalBody(n) };
    const term: Term = { kind: "ref", span, head: compr, path: [{ kind: "scalar", span, value: 0, text: "0" }] };
    return { kind: "literal", span, negated, expr: { kind: "termExpr", span, term }, with: [] };
  }

  private parseSimpleLiteral(withs0: boolean): Literal {
    const start = this.cur().s;
    let negated = false;
    if (this.isKw(this.cur(), "not")) {
      negated = true;
      this.next();
      if (this.isKw(this.cur(), "some") || this.isKw(this.cur(), "every")) this.fail(this.cur().s, this.cur().e, `illegal negation of '${this.cur().v}'`);
    }
    const first = this.cur();
    if (first.t === "ident" && this.isKeyword(first.v) && first.v !== "contains" && !["null", "true", "false"].includes(first.v)) {
      const nt = this.peek().t;
      if (nt === ":=" || nt === "=" || nt === "==" || nt === "!=") {
        this.fail(first.s, first.e, `unexpected keyword "${first.v}": reserved words cannot be used as variable names`);
      }
    }
    let expr: Expr;
    if (this.isKw(this.cur(), "some")) expr = this.parseSome();
    else if (this.isKw(this.cur(), "every")) expr = this.parseEvery();
    else {
      let term = this.parseTermInfix(true);
      const t = this.cur();
      if (t.t === ":=" || t.t === "=") {
        this.next();
        const right = this.parseTermInfix(true);
        term = this.infix(t.t, term, right);
      }
      expr = { kind: "termExpr", span: term.span, term };
    }
    const withs: WithModifier[] = [];
    while (withs0 && this.isKw(this.cur(), "with")) withs.push(this.parseWith());
    if (!withs0 && this.isKw(this.cur(), "with") && this.peekLogicalAfterWith()) {
      this.fail(this.cur().s, this.cur().e, "`with` modifier is not allowed on an operand of `and`/`or`: wrap the operand in (…) or {…}, or move `with` after the whole expression");
    }
    if (negated && this.notBodies && expr.kind === "termExpr") {
      // `import future.keywords.not`: `not e` negates the body `{ e }` as written — OPA does not
      // hoist its calls first — and its `with` modifiers stay on the `not`.
      const inner: Literal = { kind: "literal", span: expr.span, negated: false, expr, with: [] };
      return { ...this.wrapLiteral({ kind: "lit", lit: inner }, start, true), with: withs };
    }
    return { kind: "literal", span: this.span(start, this.prevEnd), negated, expr, with: withs };
  }

  /** Is a logical operator ahead on this line, after a `with` (`a with x as 1 and b`)? */
  private peekLogicalAfterWith(): boolean {
    let depth = 0;
    for (let i = this.p + 1; i < this.toks.length; i++) {
      const t = this.toks[i]!;
      if (t.t === "eof" || (depth === 0 && (t.nl || t.t === ";"))) return false;
      if (t.t === "(" || t.t === "[" || t.t === "{") depth++;
      else if (t.t === ")" || t.t === "]" || t.t === "}") { if (--depth < 0) return false; }
      else if (depth === 0 && t.t === "ident" && (t.v === "and" || t.v === "or") && this.kw.has(t.v)) return true;
    }
    return false;
  }

  private parseWith(): WithModifier {
    const start = this.next().s;
    const t = this.cur();
    if (t.t !== "ident" || this.isKeyword(t.v)) this.unexpected(t, "a with target such as input.x, data.x or a function name");
    const target = this.parsePostfix(this.parsePrimary());
    let ref: Ref;
    if (target.kind === "ref") ref = target;
    else if (target.kind === "var") ref = { kind: "ref", span: target.span, head: target, path: [] };
    else this.fail(target.span.start, target.span.end, "expected a with target path such as input.x, data.x or a function name");
    if (!this.isKw(this.cur(), "as")) this.unexpected(this.cur(), `"as"`);
    this.next();
    const value = this.parseTermInfix(true);
    return { kind: "with", span: this.span(start, this.prevEnd), target: ref, value };
  }

  private parseSome(): SomeDecl | SomeIn {
    const start = this.next().s;
    const terms = [this.parseBinary(1)];
    while (this.cur().t === ",") {
      this.next();
      terms.push(this.parseBinary(1));
    }
    if (this.isKw(this.cur(), "in")) {
      const inTok = this.next();
      if (terms.length > 2) this.fail(inTok.s, inTok.e, "expected `some x in xs` or `some k, v in xs`");
      const collection = this.parseBinary(1);
      const span = this.span(start, this.prevEnd);
      return terms.length === 2
        ? { kind: "someIn", span, key: terms[0]!, value: terms[1]!, collection }
        : { kind: "someIn", span, value: terms[0]!, collection };
    }
    const vars: Var[] = [];
    for (const t of terms) {
      if (t.kind !== "var") this.fail(t.span.start, t.span.end, "expected a variable name after `some` (or `some x in xs`)");
      vars.push(t);
    }
    return { kind: "someDecl", span: this.span(start, this.prevEnd), vars };
  }

  private parseEvery(): Every {
    const start = this.next().s;
    let value = this.parseVarName("after every");
    let key: Var | undefined;
    if (this.cur().t === ",") {
      this.next();
      key = value;
      value = this.parseVarName("after every k,");
    }
    if (!this.isKw(this.cur(), "in")) this.unexpected(this.cur(), `"in" (every x in xs { … })`);
    this.next();
    const collection = this.parseBinary(1);
    if (this.cur().t !== "{") this.unexpected(this.cur(), `"{" and the body of every`);
    const body = this.parseBlock();
    return { kind: "every", span: this.span(start, this.prevEnd), ...(key ? { key } : {}), value, collection, body };
  }

  private parseVarName(where: string): Var {
    const t = this.cur();
    if (t.t !== "ident" || this.isKeyword(t.v)) this.unexpected(t, `a variable name ${where}`);
    this.next();
    return this.makeVar(t);
  }

  // ---- terms ----------------------------------------------------------------------------------

  /**
   * A template string, desugared as OPA's compiler rewrites it: `$"a{e}b"` is
   * `internal.template_string(["a", {$t | $t = e}, "b"])` — each expression a set of its values
   * (empty when undefined, printed `<undefined>`); `with` modifiers inside `{…}` apply to it.
   */
  private parseTemplate(): Term {
    const first = this.next();
    const str = (tok: Token): Term => ({ kind: "scalar", span: this.tspan(tok), value: tok.v });
    const parts: Term[] = [];
    if (first.v !== "" || first.t === "tmpl") parts.push(str(first));
    if (first.t === "tmplStart") {
      this.enter(first);
      for (;;) {
        const e = this.parseTermInfix(false);
        const withs: WithModifier[] = [];
        while (this.isKw(this.cur(), "with")) withs.push(this.parseWith());
        // Also a lone name: it may be a rule (undefined prints `<undefined>`), which only
        // resolveRefs can tell from a local variable.
        const v: Var = { kind: "var", span: e.span, name: `$template${this.templateVars++}` };
        const eq: Term = { kind: "infix", span: e.span, op: "=", left: v, right: e };
        parts.push({
          kind: "setCompr", span: e.span, head: v,
          body: [{ kind: "literal", span: this.span(e.span.start, this.prevEnd), negated: false, expr: { kind: "termExpr", span: e.span, term: eq }, with: withs }],
        });
        const m = this.cur();
        if (m.t !== "tmplMid" && m.t !== "tmplEnd") this.unexpected(m, `"}" closing the template expression`);
        this.next();
        if (m.v !== "") parts.push(str(m));
        if (m.t === "tmplEnd") break;
      }
      this.leave();
    }
    const span = this.span(first.s, this.prevEnd);
    return { kind: "call", span, name: "internal.template_string", nameSpan: this.tspan(first), args: [{ kind: "array", span, items: parts }] };
  }

  private makeVar(t: Token): Var {
    if (t.v === "_") return { kind: "var", span: this.tspan(t), name: `$wildcard${this.wildcards++}` };
    return { kind: "var", span: this.tspan(t), name: t.v };
  }

  private infix(op: InfixOp, left: Term, right: Term, key?: Term): Infix {
    const start = (key ?? left).span.start;
    return { kind: "infix", span: this.span(start, right.span.end), op, left, right, ...(key ? { key } : {}) };
  }

  /**
   * The `in` level and everything above it. With `keyVal`, `k, v in xs` is accepted (expression
   * level); in lists (array items, call arguments) a comma always separates items.
   */
  private parseTermInfix(keyVal: boolean, lhs?: Term): Term {
    let left = this.parseBinary(1, lhs);
    if (keyVal && this.cur().t === ",") {
      const comma = this.cur();
      this.next();
      const mid = this.parseBinary(1);
      if (!this.isKw(this.cur(), "in")) {
        if (this.cur().t === ",") this.unexpected(this.cur(), `"in" after "k, v" (only \`k, v in xs\` may use a comma here)`);
        this.fail(comma.s, comma.e, `unexpected ",": a comma here must be part of \`k, v in xs\``);
      }
      this.next();
      const right = this.parseBinary(1);
      left = this.infix("in", mid, right, left);
    }
    while (this.isKw(this.cur(), "in")) {
      this.next();
      const right = this.parseBinary(1);
      left = this.infix("in", left, right);
    }
    return left;
  }

  /** Precedence climbing over the binary operators from `minPrec` up. */
  private parseBinary(minPrec: number, lhs?: Term): Term {
    let left = lhs ?? this.parseUnary();
    while (true) {
      const t = this.cur();
      const prec = BIN_PREC[t.t];
      if (prec === undefined || prec < minPrec) return left;
      this.next();
      const right = this.parseBinary(prec + 1);
      left = this.infix(t.t as InfixOp, left, right);
    }
  }

  private parseUnary(): Term {
    const t = this.cur();
    if (t.t === "-") {
      const n1 = this.peek();
      if (n1.t === "num") {
        this.next(); this.next();
        return this.parsePostfix(this.number("-" + n1.v, t.s, n1.e));
      }
      if (n1.t === "." && !n1.ws && this.peek(2).t === "num" && !this.peek(2).ws) {
        const n2 = this.peek(2);
        this.next(); this.next(); this.next();
        return this.parsePostfix(this.number("-." + n2.v, t.s, n2.e));
      }
      this.next();
      this.enter(null);
      const operand = this.parseUnary();
      this.leave();
      return { kind: "unary", span: this.span(t.s, operand.span.end), op: "-", operand };
    }
    return this.parsePostfix(this.parsePrimary());
  }

  private number(text: string, start: number, end: number): Scalar {
    // beyond the f64 range (2e308) the value is Infinity and the text is the number, as OPA keeps
    // it; like OPA's parser, a binary exponent beyond ±100,000 is "number too big"
    const value = Number(text);
    if (!Number.isFinite(value) || value === 0) {
      const m = /^-?([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(text);
      const digits = m ? (m[1] ?? "") + (m[2] ?? "") : "";
      const lead = digits.search(/[1-9]/);
      if (m && lead >= 0) {
        const mag10 = (m[1] ?? "").length - lead + Number(m[3] ?? "0");
        if (Math.abs(mag10 * Math.log2(10)) > 1e5) this.fail(start, end, "number too big", "rego-parse");
      }
    }
    return { kind: "scalar", span: this.span(start, end), value, text };
  }

  private parsePrimary(): Term {
    const t = this.cur();
    switch (t.t) {
      case "num":
        this.next();
        return this.number(t.v, t.s, t.e);
      case "str":
        this.next();
        return { kind: "scalar", span: this.tspan(t), value: t.v };
      case "ident": {
        const refHead = this.refHeadFollows();
        if (t.v === "null" && !refHead) { this.next(); return { kind: "scalar", span: this.tspan(t), value: null }; }
        if ((t.v === "true" || t.v === "false") && !refHead) { this.next(); return { kind: "scalar", span: this.tspan(t), value: t.v === "true" }; }
        // `contains` is a keyword only in rule heads; elsewhere it names the builtin.
        if (this.isKeyword(t.v) && t.v !== "contains" && !refHead) {
          this.fail(t.s, t.e, `unexpected keyword "${t.v}": reserved words cannot be used as variable names`);
        }
        this.next();
        const v = this.makeVar(t);
        return v;
      }
      case "tmpl":
      case "tmplStart":
        return this.parseTemplate();
      case "[": return this.parseArray();
      case "{": return this.parseBraces();
      case "(": {
        this.next();
        this.enter(t);
        const inner = this.parseTermInfix(true);
        this.expect(")", `")"`);
        this.leave();
        return inner;
      }
      case ".": {
        const n = this.peek();
        if (n.t === "num" && !n.ws) {
          this.next(); this.next();
          return this.number("." + n.v, t.s, n.e);
        }
        return this.unexpected(t, "a term");
      }
      default:
        return this.unexpected(t, "a term");
    }
  }

  /** Adjacent `.name`, `[term]` and `(args)` after a term. */
  private parsePostfix(head: Term): Term {
    const first = this.cur();
    if (first.ws || (first.t !== "." && first.t !== "[" && first.t !== "(")) {
      if (head.kind === "var" && ROOTS.has(head.name)) return { kind: "ref", span: head.span, head, path: [] };
      return head;
    }
    let base = head;
    let path: Term[] = [];
    const start = head.span.start;
    while (!this.cur().ws) {
      const t = this.cur();
      if (t.t !== "." && t.t !== "[" && t.t !== "(") break;
      if (base.kind === "scalar" || base.kind === "infix" || base.kind === "unary") {
        const what = base.kind === "scalar" ? (base.value === null ? "null" : typeof base.value) : "an operator expression";
        this.fail(t.s, t.e, `illegal ref: ${what === "an operator expression" ? what : "a " + what} cannot be indexed or called`);
      }
      if (t.t === ".") {
        const id = this.peek();
        if (id.t !== "ident" || id.ws) this.unexpected(id, `a name after "."`);
        this.next(); this.next();
        path.push({ kind: "scalar", span: this.tspan(id), value: id.v });
      } else if (t.t === "[") {
        this.next();
        this.enter(t);
        const k = this.parseTermInfix(true);
        this.expect("]");
        this.leave();
        path.push(k);
      } else {
        const name = this.calleeName(base, path);
        if (name === undefined) this.fail(start, t.s, "illegal call: the function must be named by a dotted name such as f, strings.f or data.lib.f");
        const nameSpan = this.span(start, t.s);
        this.next();
        const args = this.parseList(")", t);
        base = { kind: "call", span: this.span(start, this.prevEnd), name, nameSpan, args };
        if (name === "rego.metadata.chain" || name === "rego.metadata.rule") this.callsMetadata = true;
        path = [];
      }
    }
    if (path.length === 0) {
      if (base.kind === "var" && ROOTS.has(base.name)) return { kind: "ref", span: base.span, head: base, path: [] };
      return base;
    }
    if (base.kind === "ref") return { kind: "ref", span: this.span(start, this.prevEnd), head: base.head, path: [...base.path, ...path] };
    return { kind: "ref", span: this.span(start, this.prevEnd), head: base, path };
  }

  private calleeName(base: Term, path: readonly Term[]): string | undefined {
    let head: Term = base;
    let segs: readonly Term[] = path;
    if (base.kind === "ref") { head = base.head; segs = [...base.path, ...path]; }
    if (head.kind !== "var" || head.name.startsWith("$")) return undefined;
    const parts = [head.name];
    for (const s of segs) {
      if (s.kind !== "scalar" || typeof s.value !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(s.value)) return undefined;
      parts.push(s.value);
    }
    return parts.join(".");
  }

  /** Items up to `close` (consumed), separated by commas, trailing comma allowed. */
  private parseList(close: ")" | "]" | "}", opener: Token | null): Term[] {
    this.enter(opener);
    const items: Term[] = [];
    while (this.cur().t !== close) {
      items.push(this.parseTermInfix(false));
      if (this.cur().t === ",") { this.next(); continue; }
      if (this.cur().t !== close) this.unexpected(this.cur(), `"," or "${close}"`);
    }
    this.next();
    this.leave();
    return items;
  }

  /**
   * At a `|` after the first item of `[`/`{`: a comprehension if its body parses up to `close`,
   * else `fallback()` (e.g. `{"u": a | b, "i": a & b}` is an object whose value is `a | b`, as in
   * OPA). Failed attempts are memoised by position so that nested retries stay polynomial.
   */
  private comprehensionOr(close: "]" | "}", make: (body: Body) => Term, fallback: () => Term): Term {
    const bar = this.p;
    let err = this.comprFailures.get(bar);
    if (err === undefined) {
      // Wildcard numbers are not rewound: terms cached during the attempt keep theirs.
      const p = this.p, depth = this.openers.length;
      this.speculating++;
      try {
        this.next();
        const body = this.parseBody(close);
        this.expect(close);
        this.speculating--;
        return make(body);
      } catch (e) {
        this.speculating--;
        if (!(e instanceof ParseError) || e.fatal) throw e;
        this.p = p; this.openers.length = depth;
        err = e;
        this.comprFailures.set(bar, e);
      }
    }
    try {
      return fallback();
    } catch (e) {
      // Report whichever reading got further: usually the comprehension's own error.
      if (e instanceof ParseError && e.diagnostic.span!.start < err.diagnostic.span!.start) throw err;
      throw e;
    }
  }

  private parseArray(): Term {
    return this.cached(() => this.parseArrayUncached());
  }

  private parseBraces(): Term {
    return this.cached(() => this.parseBracesUncached());
  }

  /**
   * Parse a collection at most once per position (success or syntax error), keeping retries
   * linear. Only results produced inside a comprehension attempt can be asked for again.
   */
  private cached(parse: () => Term): Term {
    const start = this.p;
    const hit = this.termCache.size > 0 ? this.termCache.get(start) : undefined;
    if (hit) {
      if (hit.error) throw hit.error;
      this.p = hit.end;
      return hit.term!;
    }
    if (this.speculating === 0) return parse();
    try {
      const term = parse();
      this.termCache.set(start, { term, end: this.p });
      return term;
    } catch (e) {
      if (e instanceof ParseError && !e.fatal) this.termCache.set(start, { error: e, end: this.p });
      throw e;
    }
  }

  private parseArrayUncached(): Term {
    const open = this.next();
    this.enter(open);
    let result: Term;
    if (this.cur().t === "]") {
      this.next();
      result = { kind: "array", span: this.span(open.s, this.prevEnd), items: [] };
    } else if (this.cur().t === ",") {
      // `[, x]`: a leading comma, accepted by OPA for backwards compatibility (never a comprehension).
      this.next();
      const items = this.parseList("]", null);
      result = { kind: "array", span: this.span(open.s, this.prevEnd), items };
    } else {
      // The first item is parsed as a single term so that `[x | …]` is a comprehension.
      const first = this.parseUnary();
      const rest = (): Term => {
        const items = [this.parseTermInfix(false, first)];
        if (this.cur().t === ",") {
          this.next();
          for (const x of this.parseList("]", null)) items.push(x);
        } else this.expect("]", `"," or "]"`);
        return { kind: "array", span: this.span(open.s, this.prevEnd), items };
      };
      result = this.cur().t === "|"
        ? this.comprehensionOr("]", (body) => ({ kind: "arrayCompr", span: this.span(open.s, this.prevEnd), head: first, body }), rest)
        : rest();
    }
    this.leave();
    return result;
  }

  /** `{}` object, `{k: v, …}`, `{a, b}` set, and set/object comprehensions. */
  private parseBracesUncached(): Term {
    const open = this.next();
    this.enter(open);
    let result: Term;
    if (this.cur().t === "}") {
      this.next();
      result = { kind: "object", span: this.span(open.s, this.prevEnd), entries: [] };
    } else if (this.cur().t === ",") {
      // `{, …}`: a leading comma, as OPA accepts (never a comprehension).
      this.next();
      const k0 = this.parseTermInfix(false);
      if (this.cur().t === ":") {
        this.next();
        result = this.parseObjectEntries(open, k0, this.parseTermInfix(false));
      } else result = this.parseSetRest(open, k0);
    } else {
      const first = this.parseUnary();
      const rest = (): Term => {
        const k0 = this.parseTermInfix(false, first);
        return this.cur().t === ":" ? this.parseObjectRest(open, k0) : this.parseSetRest(open, k0);
      };
      result = this.cur().t === "|"
        ? this.comprehensionOr("}", (body) => ({ kind: "setCompr", span: this.span(open.s, this.prevEnd), head: first, body }), rest)
        : rest();
    }
    this.leave();
    return result;
  }

  /** After the first key of an object, at `:`. */
  private parseObjectRest(open: Token, k0: Term): Term {
    this.next();
    const v0 = this.parseUnary();
    const rest = (): Term => this.parseObjectEntries(open, k0, this.parseTermInfix(false, v0));
    return this.cur().t === "|"
      ? this.comprehensionOr("}", (body) => ({ kind: "objectCompr", span: this.span(open.s, this.prevEnd), key: k0, value: v0, body }), rest)
      : rest();
  }

  /** After the first entry `k0: v0` of an object: `, k: v`… `}`. */
  private parseObjectEntries(open: Token, k0: Term, v0: Term): Term {
    const entries: [Term, Term][] = [[k0, v0]];
    while (this.cur().t === ",") {
      this.next();
      if (this.cur().t === "}") break;
      const k = this.parseTermInfix(false);
      this.expect(":", `":" in an object`);
      entries.push([k, this.parseTermInfix(false)]);
    }
    this.expect("}", `"," or "}"`);
    return { kind: "object", span: this.span(open.s, this.prevEnd), entries };
  }

  /** After the first item of a set: `, x`… `}`. */
  private parseSetRest(open: Token, k0: Term): Term {
    const items = [k0];
    if (this.cur().t === ",") {
      this.next();
      for (const x of this.parseList("}", null)) items.push(x);
    } else this.expect("}", `",", ":" or "}"`);
    return { kind: "set", span: this.span(open.s, this.prevEnd), items };
  }
}

function isStringScalar(t: Term): t is Scalar & { value: string } {
  return t.kind === "scalar" && typeof t.value === "string";
}
