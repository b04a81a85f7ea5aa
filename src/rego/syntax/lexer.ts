/**
 * Rego lexer: source text → flat token array (+ lexical diagnostics).
 *
 * Context-free: every word is an `ident` token; whether a word is a keyword (`if`, `in`, …)
 * depends on the module's imports and is decided by the parser. Whitespace and comments are
 * not tokens; instead each token records whether whitespace (`ws`) or a newline (`nl`) came
 * before it, which is all the parser needs (refs and calls must be adjacent, statements in a
 * body are separated by newlines or `;`). Offsets are UTF-16 code units into the text.
 *
 * Never throws: a malformed literal still yields a token (flagged `bad`) plus a diagnostic.
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.js";

/** Token kinds: `ident`, `num`, `str`, `eof`, `bad` (illegal character) or the punctuation itself. */
export type TokenKind =
  | "ident" | "num" | "str" | "eof" | "bad"
  | "tmpl" | "tmplStart" | "tmplMid" | "tmplEnd"
  | "[" | "]" | "{" | "}" | "(" | ")" | "," | ";" | ":" | "." | "|" | "&"
  | ":=" | "=" | "==" | "!=" | "<" | "<=" | ">" | ">="
  | "+" | "-" | "*" | "/" | "%";

export interface Token {
  readonly t: TokenKind;
  /** Start and end offsets (UTF-16, half-open). */
  readonly s: number;
  readonly e: number;
  /**
   * ident: the name; num: the literal text; str: the decoded value; bad: the offending text.
   * Template strings (`$"a{x}b"`) are `tmplStart` ("a"), the tokens of `x`, then `tmplEnd` ("b");
   * `tmplMid` separates expressions; `tmpl` is a template without expressions. `v` is the
   * decoded literal text of the chunk.
   */
  readonly v: string;
  /** Whitespace or a comment precedes this token. */
  readonly ws: boolean;
  /** A newline precedes this token. */
  readonly nl: boolean;
  /** The token is lexically malformed; a diagnostic has already been reported. */
  readonly bad: boolean;
}

export interface LexResult {
  readonly tokens: Token[];
  readonly diagnostics: Diagnostic[];
  /**
   * The comments that start a line (`#` in column 1), as offsets of the `#` and of the line end:
   * only collected when the text contains `METADATA` (OPA's annotation blocks, read by the
   * parser), so other modules pay nothing for them.
   */
  readonly comments?: readonly LineComment[];
}

/** A comment in column 1: `text[s]` is `#`, `e` the offset of the newline (or the end of the text). */
export interface LineComment {
  readonly s: number;
  readonly e: number;
}

/** Lexical errors reported per file; the rest are counted in one final diagnostic. */
const MAX_LEX_ERRORS = 50;

const CH_NL = 10, CH_CR = 13, CH_SP = 32, CH_TAB = 9;

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHex(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** Single-character punctuation by char code. */
const PUNCT1: (TokenKind | undefined)[] = [];
for (const c of "[]{}(),;.|&+-*/%") PUNCT1[c.charCodeAt(0)] = c as TokenKind;

/** Split `text` into tokens. The last token is always `eof`. */
export function lex(file: string, text: string): LexResult {
  const tokens: Token[] = [];
  const diagnostics: Diagnostic[] = [];
  const n = text.length;
  let i = 0;
  if (n > 0 && text.charCodeAt(0) === 0xfeff) i = 1; // byte-order mark

  let dropped = 0;
  let firstDropped = 0;
  /** `message` is a function so that dropped errors cost nothing to describe. */
  const err = (start: number, end: number, message: () => string, code = "rego-parse"): void => {
    if (diagnostics.length >= MAX_LEX_ERRORS) {
      if (dropped++ === 0) firstDropped = start;
      return;
    }
    diagnostics.push({ code, severity: "error", message: message(), span: { file, start, end } });
  };

  const comments: LineComment[] | undefined = text.includes("METADATA") ? [] : undefined;
  let ws = false, nl = false;
  /** Open template strings: raw (backquoted) or not, and the `{` nesting inside the current expression. */
  const templates: { raw: boolean; depth: number }[] = [];
  while (true) {
    // Skip whitespace and comments.
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === CH_SP || c === CH_TAB || c === CH_CR) { ws = true; i++; }
      else if (c === CH_NL) { ws = true; nl = true; i++; }
      else if (c === 35 /* # */) {
        ws = true;
        const j = text.indexOf("\n", i);
        if (comments && (i === 0 || text.charCodeAt(i - 1) === CH_NL)) comments.push({ s: i, e: j < 0 ? n : j });
        i = j < 0 ? n : j;
      } else break;
    }
    if (i >= n) {
      tokens.push({ t: "eof", s: n, e: n, v: "", ws, nl, bad: false });
      break;
    }
    const start = i;
    const c = text.charCodeAt(i);
    let t: TokenKind;
    let v = "";
    let bad = false;
    if (isLetter(c)) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (isLetter(d) || isDigit(d)) i++; else break;
      }
      t = "ident";
      v = text.slice(start, i);
    } else if (isDigit(c)) {
      t = "num";
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      if (i < n && text.charCodeAt(i) === 46 /* . */) {
        i++;
        const f = i;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
        if (i === f) { bad = true; err(start, i, () => `invalid number "${text.slice(start, i)}": expected digits after the decimal point`); }
      }
      if (i < n && (text.charCodeAt(i) | 0x20) === 101 /* e */) {
        i++;
        if (i < n && (text.charCodeAt(i) === 43 || text.charCodeAt(i) === 45)) i++;
        const f = i;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
        if (i === f && !bad) { bad = true; err(start, i, () => `invalid number "${text.slice(start, i)}": expected digits in the exponent`); }
      }
      if (i < n && isLetter(text.charCodeAt(i))) {
        while (i < n && (isLetter(text.charCodeAt(i)) || isDigit(text.charCodeAt(i)))) i++;
        if (!bad) { bad = true; err(start, i, () => `invalid number "${text.slice(start, i)}"`); }
      }
      v = text.slice(start, i);
      if (!bad && v.length > 1 && v.charCodeAt(0) === 48 && isDigit(v.charCodeAt(1))) {
        bad = true;
        err(start, i, () => `invalid number "${v}": leading zeros are not allowed`);
      }
    } else if (c === 34 /* " */) {
      t = "str";
      const r = lexString(text, i, err);
      i = r.end; v = r.value; bad = r.bad;
    } else if (c === 96 /* ` */) {
      t = "str";
      const j = text.indexOf("`", i + 1);
      if (j < 0) {
        bad = true;
        err(start, start + 1, () => "unterminated raw string: missing closing `");
        v = text.slice(i + 1);
        i = n;
      } else {
        v = text.slice(i + 1, j);
        i = j + 1;
      }
    } else {
      const c2 = i + 1 < n ? text.charCodeAt(i + 1) : -1;
      const p1 = c < 128 ? PUNCT1[c] : undefined;
      const open = templates.length > 0 ? templates[templates.length - 1]! : undefined;
      if (open && c === 125 /* } */ && open.depth === 0) {
        // The end of a template expression: the template's literal text continues.
        const r = lexTemplateChunk(text, i + 1, open.raw, err);
        i = r.end; v = r.value; bad = r.bad;
        t = r.more ? "tmplMid" : "tmplEnd";
        if (!r.more) templates.pop();
      } else if (p1 !== undefined) {
        t = p1; i++;
        if (open && c === 123) open.depth++;
        else if (open && c === 125) open.depth--;
      }
      else if (c === 58 /* : */) { if (c2 === 61) { t = ":="; i += 2; } else { t = ":"; i++; } }
      else if (c === 61 /* = */) { if (c2 === 61) { t = "=="; i += 2; } else { t = "="; i++; } }
      else if (c === 33 /* ! */ && c2 === 61) { t = "!="; i += 2; }
      else if (c === 60 /* < */) { if (c2 === 61) { t = "<="; i += 2; } else { t = "<"; i++; } }
      else if (c === 62 /* > */) { if (c2 === 61) { t = ">="; i += 2; } else { t = ">"; i++; } }
      else if (c === 36 /* $ */ && (c2 === 34 || c2 === 96)) {
        // OPA's template strings: $"…{expr}…" (JSON escapes, \{ for a literal brace) and $`…{expr}…`.
        const raw = c2 === 96;
        const r = lexTemplateChunk(text, i + 2, raw, err);
        i = r.end; v = r.value; bad = r.bad;
        t = r.more ? "tmplStart" : "tmpl";
        if (r.more) templates.push({ raw, depth: 0 });
      } else {
        t = "bad";
        bad = true;
        const cp = text.codePointAt(i)!;
        i += cp > 0xffff ? 2 : 1;
        const end1 = i;
        // A run of illegal characters is one token and one diagnostic.
        while (i < n && isIllegal(text.charCodeAt(i), i + 1 < n ? text.charCodeAt(i + 1) : -1)) i++;
        v = text.slice(start, i);
        err(start, end1, () => `unexpected character ${describeChar(cp)}`);
      }
    }
    tokens.push({ t, s: start, e: i, v, ws, nl, bad });
    ws = false; nl = false;
  }
  if (dropped > 0) {
    diagnostics.push({
      code: "rego-parse", severity: "error",
      message: `too many errors: ${dropped} more lexical errors not shown`,
      span: { file, start: firstDropped, end: firstDropped },
    });
  }
  return comments ? { tokens, diagnostics, comments } : { tokens, diagnostics };
}

/** Characters that start no token (`!` only before `=`). */
function isIllegal(c: number, next: number): boolean {
  if (isLetter(c) || isDigit(c) || c === CH_SP || c === CH_TAB || c === CH_CR || c === CH_NL) return false;
  if (c < 128 && (PUNCT1[c] !== undefined || ":=<>\"`#".includes(String.fromCharCode(c)))) return false;
  if (c === 33 /* ! */) return next !== 61;
  return true;
}

function describeChar(cp: number): string {
  const hex = "U+" + cp.toString(16).toUpperCase().padStart(4, "0");
  if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp <= 0x9f) || cp === 0xfeff) return hex;
  return `'${String.fromCodePoint(cp)}' (${hex})`;
}

/** Scan a `"…"` string starting at `start`, decoding JSON escapes. */
function lexString(text: string, start: number, report: (s: number, e: number, message: () => string) => void): { end: number; value: string; bad: boolean } {
  const n = text.length;
  let i = start + 1;
  let out = "";
  let chunk = i;
  let bad = false;
  const err = (s: number, e: number, message: () => string): void => {
    bad = true;
    report(s, e, message);
  };
  while (true) {
    if (i >= n || text.charCodeAt(i) === CH_NL) {
      out += text.slice(chunk, i);
      err(start, start + 1, () => "unterminated string: missing closing \"");
      return { end: i, value: out, bad };
    }
    const c = text.charCodeAt(i);
    if (c === 34) {
      out += text.slice(chunk, i);
      return { end: i + 1, value: out, bad };
    }
    if (c !== 92 /* \ */) { i++; continue; }
    out += text.slice(chunk, i);
    const e = i + 1 < n ? text[i + 1]! : "";
    switch (e) {
      case "\"": out += "\""; i += 2; break;
      case "\\": out += "\\"; i += 2; break;
      case "/": out += "/"; i += 2; break;
      case "b": out += "\b"; i += 2; break;
      case "f": out += "\f"; i += 2; break;
      case "n": out += "\n"; i += 2; break;
      case "r": out += "\r"; i += 2; break;
      case "t": out += "\t"; i += 2; break;
      case "u": {
        const cu = hex4(text, i + 2);
        if (cu < 0) {
          let j = i + 2;
          while (j < n && j < i + 6 && isHex(text.charCodeAt(j))) j++;
          err(i, j, () => `invalid escape "${text.slice(i, j)}" in string: expected \\u followed by 4 hex digits`);
          i = j;
          break;
        }
        i += 6;
        if (cu >= 0xd800 && cu <= 0xdbff && text.charCodeAt(i) === 92 && text.charCodeAt(i + 1) === 117) {
          const lo = hex4(text, i + 2);
          if (lo >= 0xdc00 && lo <= 0xdfff) {
            out += String.fromCharCode(cu, lo);
            i += 6;
            break;
          }
        }
        // A lone surrogate decodes to U+FFFD, as Go's JSON decoder (and so OPA) does.
        out += cu >= 0xd800 && cu <= 0xdfff ? "\ufffd" : String.fromCharCode(cu);
        break;
      }
      default: {
        if (e === "" || e === "\n") { i++; break; } // reported as unterminated on the next turn
        const cp = text.codePointAt(i + 1)!;
        const len = cp > 0xffff ? 3 : 2;
        err(i, i + len, () => `invalid escape "${text.slice(i, i + len)}" in string`);
        i += len;
      }
    }
    chunk = i;
  }
}

/**
 * Scan template-string text from `start` up to the closing quote (`more` false) or an unescaped
 * `{` that opens an expression (`more` true). `\{` is a literal brace; non-raw text also
 * decodes JSON escapes.
 */
function lexTemplateChunk(text: string, start: number, raw: boolean, report: (s: number, e: number, message: () => string) => void): { end: number; value: string; bad: boolean; more: boolean } {
  const n = text.length;
  const close = raw ? 96 : 34;
  let out = "";
  let i = start;
  while (true) {
    if (i >= n || (!raw && text.charCodeAt(i) === CH_NL)) {
      report(start, Math.min(i, n), () => `unterminated template string: missing closing ${raw ? "`" : "\""}`);
      return { end: i, value: out, bad: true, more: false };
    }
    const c = text.charCodeAt(i);
    if (c === close) return { end: i + 1, value: out, bad: false, more: false };
    if (c === 123 /* { */) return { end: i + 1, value: out, bad: false, more: true };
    if (c === 92 && text.charCodeAt(i + 1) === 123) { out += "{"; i += 2; continue; }
    if (!raw && c === 92) {
      // Decode one escape with the string lexer: `"` + the escape + `"`.
      let j = i + 2;
      if (text[i + 1] === "u") j = i + 6;
      const r = lexString("\"" + text.slice(i, j) + "\"", 0, (s, e, m) => report(i + s - 1, i + e - 1, m));
      out += r.value;
      i = j;
      continue;
    }
    out += text[i];
    i++;
  }
}

function hex4(text: string, at: number): number {
  if (at + 4 > text.length) return -1;
  let v = 0;
  for (let k = 0; k < 4; k++) {
    const c = text.charCodeAt(at + k);
    if (!isHex(c)) return -1;
    v = v * 16 + parseInt(text[at + k]!, 16);
  }
  return v;
}
