/**
 * Diagnostics: the one error currency of gpc.
 *
 * Every stage reports problems as `Diagnostic` values with a stable `code`. Source-level problems
 * (Rego) carry a byte `span` into a named file; policy-level problems (DSL) carry a property
 * `path`. Rendering (`file:line:col: code: message`) happens only when printing.
 */
import { byCodeUnits as cmp } from "../order.js";

/** A half-open range `[start, end)` of UTF-16 code-unit offsets into the source string of `file`. */
export interface Span {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

export type Severity = "error" | "warning";

/** One problem found by a stage. */
export interface Diagnostic {
  /** Stable machine-readable code, e.g. `rego-parse`, `rego-unsupported`, `dsl-invalid`. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** Source location, for Rego and other text inputs. */
  readonly span?: Span;
  /** Property path for DSL values, e.g. `policy "x": checks.runAsUser.ranges[1]`. */
  readonly path?: string;
}

/** Thrown by library entry points when one or more error diagnostics were collected. */
export class DiagnosticError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[], sources?: SourceMap) {
    super(diagnostics.map((d) => formatDiagnostic(d, sources)).join("\n"));
    this.name = "DiagnosticError";
    this.diagnostics = diagnostics;
  }
}

/** File name → source text, used to turn byte offsets into line:col when printing. */
export type SourceMap = Readonly<Record<string, string>>;

/** 1-based line and column (column counted in code points, as editors do) of a string offset. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const nl = before.lastIndexOf("\n");
  let line = 1;
  for (let i = 0; i < before.length; i++) if (before.charCodeAt(i) === 10) line++;
  return { line, col: [...before.slice(nl + 1)].length + 1 };
}

/** `file:line:col: code: message` (or `path: message` for DSL diagnostics). */
export function formatDiagnostic(d: Diagnostic, sources?: SourceMap): string {
  if (d.span) {
    const text = sources?.[d.span.file];
    const where = text === undefined ? `${d.span.file}:@${d.span.start}` : (() => {
      const { line, col } = lineCol(text, d.span!.start);
      return `${d.span!.file}:${line}:${col}`;
    })();
    return `${where}: ${d.code}: ${d.message}`;
  }
  if (d.path) return `${d.path}: ${d.message}`;
  return `${d.code}: ${d.message}`;
}


/** De-duplicate and sort diagnostics by file, offset, code and message. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of ds) {
    const key = JSON.stringify([d.code, d.message, d.span, d.path]);
    if (!seen.has(key)) { seen.add(key); out.push(d); }
  }
  return out.sort((a, b) =>
    cmp(a.span?.file ?? "", b.span?.file ?? "") ||
    (a.span?.start ?? 0) - (b.span?.start ?? 0) ||
    cmp(a.path ?? "", b.path ?? "") ||
    cmp(a.code, b.code) || cmp(a.message, b.message));
}
