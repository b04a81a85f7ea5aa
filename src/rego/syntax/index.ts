/**
 * Rego front end: `parseModule(file, text, {regoVersion})` → `{module?, diagnostics}`.
 * Stage input: Rego source text. Stage output: the AST in ./ast.ts.
 */
export { parseModule, MAX_DEPTH } from "./parser.js";
export type { ParseOptions, ParseResult } from "./parser.js";
export { lex } from "./lexer.js";
export type { Token, TokenKind, LexResult } from "./lexer.js";
export type * from "./ast.js";
export { formatTerm, formatExpr, formatLiteral, formatBody, formatRule, formatModule } from "./format.js";
