/**
 * The policy's static data, appended after the runtime's: the constant table (one i32 value
 * address per constant, filled by `__gpc_init`), JSON texts of constants, and NUL-terminated
 * ASCII abort messages. Identical byte strings are stored once.
 */
import type { Loc } from "../ir/ir.js";

const utf8 = new TextEncoder();

export const align8 = (n: number): number => (n + 7) & ~7;

export class StaticData {
  /** Address of the constant table. */
  readonly tableAddr: number;
  private readonly blobStart: number;
  private readonly chunks: Uint8Array[] = [];
  private size = 0;
  private readonly interned = new Map<string, number>();

  constructor(base: number, constantCount: number) {
    this.tableAddr = align8(base);
    this.blobStart = this.tableAddr + 4 * constantCount;
  }

  /** Address of the table slot of constant `i`. */
  slot(i: number): number { return this.tableAddr + 4 * i; }

  private add(key: string, bytes: Uint8Array): number {
    const hit = this.interned.get(key);
    if (hit !== undefined) return hit;
    const addr = this.blobStart + this.size;
    this.chunks.push(bytes);
    this.size += bytes.length;
    this.interned.set(key, addr);
    return addr;
  }

  /** UTF-8 text (no terminator): address and byte length. */
  text(s: string): { addr: number; len: number } {
    const bytes = utf8.encode(s);
    return { addr: this.add("t" + s, bytes), len: bytes.length };
  }

  /** A NUL-terminated ASCII message `<file>:<row>:<col>: <message>` (non-ASCII → `?`). */
  message(loc: Loc, message: string): number {
    const s = `${loc.file}:${loc.row}:${loc.col}: ${message}`.replace(/[^\x01-\x7f]/gu, "?");
    const bytes = new Uint8Array(s.length + 1);
    for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
    return this.add("m" + s, bytes);
  }

  /** A NUL-terminated ASCII string (non-ASCII → `?`). */
  cstr(text: string): number {
    const s = text.replace(/[^\x01-\x7f]/gu, "?");
    const bytes = new Uint8Array(s.length + 1);
    for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
    return this.add("m" + s, bytes);
  }

  /** The blob (everything after the table) and where it goes. */
  segment(): { offset: number; bytes: Uint8Array } {
    const bytes = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) { bytes.set(c, at); at += c.length; }
    return { offset: this.blobStart, bytes };
  }

  /** First free address after all static data, aligned to 8: the new heap base. */
  end(): number { return align8(this.blobStart + this.size); }
}
