/**
 * A growable byte writer and a bounds-checked byte reader for the WebAssembly binary format,
 * built on leb128.ts. Reader errors are `WasmDecodeError`s naming the byte offset.
 */
import {
  decodeS32, decodeS64, decodeU32, encodeF32, encodeF64, encodeS32, encodeS64, encodeU64,
} from "./leb128.js";

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: true });

/** Appends bytes; `bytes()` returns a copy trimmed to the written length. */
export class ByteWriter {
  private buf: Uint8Array;
  private len = 0;

  constructor(capacity = 256) { this.buf = new Uint8Array(Math.max(16, capacity)); }

  get length(): number { return this.len; }

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  byte(b: number): this {
    this.reserve(1);
    this.buf[this.len++] = b & 0xff;
    return this;
  }

  raw(bytes: ArrayLike<number>): this {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
    return this;
  }

  u32(v: number): this {
    if (v >= 0 && v < 0x80) return this.byte(v);
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`not a u32: ${v}`);
    this.reserve(5);
    do {
      let b = v & 0x7f;
      v = Math.floor(v / 128);
      if (v !== 0) b |= 0x80;
      this.buf[this.len++] = b;
    } while (v !== 0);
    return this;
  }

  s32(v: number): this {
    if (v >= -64 && v < 64) return this.byte(v & 0x7f);
    return this.raw(encodeS32(v));
  }
  u64(v: bigint): this { return this.raw(encodeU64(v)); }
  s64(v: bigint): this { return this.raw(encodeS64(v)); }
  f32(v: number): this { return this.raw(encodeF32(v)); }
  f64(v: number): this { return this.raw(encodeF64(v)); }

  /** A length-prefixed UTF-8 name. */
  name(s: string): this {
    const b = utf8Encoder.encode(s);
    return this.u32(b.length).raw(b);
  }

  /** A length-prefixed byte vector. */
  vecBytes(b: ArrayLike<number>): this { return this.u32(b.length).raw(b); }

  /** A copy of the written bytes. */
  bytes(): Uint8Array { return this.buf.slice(0, this.len); }

  /** The written bytes without copying; valid until the next write. */
  view(): Uint8Array { return this.buf.subarray(0, this.len); }
}

/** A decoding error with the offset of the offending byte. */
export class WasmDecodeError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} (at byte offset 0x${offset.toString(16)})`);
    this.name = "WasmDecodeError";
  }
}

/** Reads from `bytes` between `pos` and `end`, throwing `WasmDecodeError` past the end. */
export class ByteReader {
  constructor(readonly bytes: Uint8Array, public pos = 0, readonly end = bytes.length) {}

  get done(): boolean { return this.pos >= this.end; }

  fail(message: string, at = this.pos): never { throw new WasmDecodeError(message, at); }

  byte(): number {
    if (this.pos >= this.end) this.fail("unexpected end of data");
    return this.bytes[this.pos++]!;
  }

  private leb<T>(decode: (b: Uint8Array, o: number) => { value: T; length: number }): T {
    const at = this.pos;
    try {
      const { value, length } = decode(this.bytes.subarray(0, this.end), at);
      this.pos += length;
      return value;
    } catch (e) {
      return this.fail(e instanceof Error ? e.message.replace(/ at offset \d+$/, "") : String(e), at);
    }
  }

  u32(): number { return this.leb(decodeU32); }
  s32(): number { return this.leb(decodeS32); }
  s64(): bigint { return this.leb(decodeS64); }

  take(n: number): Uint8Array {
    if (n < 0 || this.pos + n > this.end) this.fail(`${n} bytes expected, ${this.end - this.pos} left`);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  name(): string {
    const at = this.pos;
    const b = this.take(this.u32());
    try {
      return utf8Decoder.decode(b);
    } catch {
      return this.fail("name is not valid UTF-8", at);
    }
  }
}
