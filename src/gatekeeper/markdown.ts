/**
 * Markdown escaping for the generated READMEs (GitHub-flavoured Markdown, tables included).
 * User strings reach Markdown only through these: `mdText` for prose, `mdCode` for a code span,
 * `mdCell` for already-rendered Markdown placed in a table cell, `mdComment` inside `<!-- -->`.
 * Every one keeps a value on one line and inside its table cell: line breaks (LF, CR, NEL, LS,
 * PS) become spaces, other control characters become `\u{…}` text, and every `|` is preceded by
 * an odd number of backslashes, so GFM's cell splitter never sees it.
 */

const BREAKS = /\r\n|[\n\r\u0085\u2028\u2029]/g;
const CONTROLS = /[\x00-\x08\x0B-\x1F\x7F-\x9F\uFEFF\uFFFE\uFFFF]/g;

function oneLine(s: string): string {
  return s.replace(BREAKS, " ").replace(CONTROLS, (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`);
}

/**
 * Escape every `|` for GFM's cell splitter: an odd run of backslashes before it (idempotent: a
 * pipe already escaped stays as it is). Inside a code span GFM removes the escaping backslash.
 */
function escapePipes(s: string): string {
  return s.replace(/(\\*)\|/g, (_m, bs: string) => `${bs}${bs.length % 2 === 0 ? "\\" : ""}|`);
}

/** Prose: shown as written (Markdown punctuation that could format, link or open HTML is escaped). */
export function mdText(s: string): string {
  return oneLine(s).replace(/[\\`*_[\]<>|~$&]/g, (c) => `\\${c}`);
}

/** A code span showing `s` literally, fenced with more backticks than `s` holds in a row. */
export function mdCode(s: string): string {
  const body = oneLine(s);
  if (body === "") return "(empty)";
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((r) => r.length));
  const fence = "`".repeat(longest + 1);
  const pad = body.startsWith("`") || body.endsWith("`") || (body.startsWith(" ") && body.endsWith(" ") && body.trim() !== "") ? " " : "";
  return escapePipes(`${fence}${pad}${body}${pad}${fence}`);
}

/** Already-rendered Markdown (from gpc's own describe texts) made safe for one table cell. */
export function mdCell(s: string): string {
  return escapePipes(oneLine(s));
}

/** Text inside an HTML comment: one line, and `--` (which could end it) broken up. */
export function mdComment(s: string): string {
  return oneLine(s).replace(/--/g, "-\u00AD-");
}
