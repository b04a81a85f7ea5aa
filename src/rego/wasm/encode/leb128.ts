/**
 * LEB128 (unsigned/signed, 32/64-bit) and IEEE754 (f32/f64, little-endian) encodings as the
 * WebAssembly binary format uses them. Pure functions over byte arrays; the growable writer and
 * the bounds-checked reader in bytes.ts build on them.
 */

/** Unsigned LEB128 of a u32 (0 ≤ value < 2^32). */
export function encodeU32(value: number): number[] {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`not a u32: ${value}`);
  const out: number[] = [];
  let v = value;
  do {
    let byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 of an i32 (-2^31 ≤ value < 2^31). */
export function encodeS32(value: number): number[] {
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) throw new RangeError(`not an i32: ${value}`);
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** Unsigned LEB128 of a u64. */
export function encodeU64(value: bigint): number[] {
  if (value < 0n || value > 0xffffffffffffffffn) throw new RangeError(`not a u64: ${value}`);
  const out: number[] = [];
  let v = value;
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return out;
}

/** Signed LEB128 of an i64. */
export function encodeS64(value: bigint): number[] {
  if (value < -0x8000000000000000n || value > 0x7fffffffffffffffn) throw new RangeError(`not an i64: ${value}`);
  const out: number[] = [];
  let v = value;
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n; // arithmetic shift on bigint
    if ((v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** IEEE754 binary32, little-endian. */
export function encodeF32(value: number): number[] {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, value, true);
  return Array.from(b);
}

/** IEEE754 binary64, little-endian. */
export function encodeF64(value: number): number[] {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, value, true);
  return Array.from(b);
}

/** A decoded value and the number of bytes it occupied. */
export interface Decoded<T> { readonly value: T; readonly length: number }

function truncated(offset: number): never {
  throw new RangeError(`truncated LEB128 at offset ${offset}`);
}

/** Decode an unsigned LEB128 u32 at `offset` (at most 5 bytes; rejects values ≥ 2^32). */
export function decodeU32(bytes: Uint8Array, offset: number): Decoded<number> {
  let result = 0, shift = 0, i = offset;
  for (;;) {
    if (i >= bytes.length) truncated(offset);
    const byte = bytes[i++]!;
    if (shift === 28 && (byte & 0x70) !== 0) throw new RangeError(`u32 LEB128 out of range at offset ${offset}`);
    result += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return { value: result, length: i - offset };
    shift += 7;
    if (shift > 28) throw new RangeError(`u32 LEB128 too long at offset ${offset}`);
  }
}

/** Decode a signed LEB128 i32 at `offset` (at most 5 bytes). */
export function decodeS32(bytes: Uint8Array, offset: number): Decoded<number> {
  let result = 0, shift = 0, i = offset, byte: number;
  do {
    if (i >= bytes.length) truncated(offset);
    if (shift > 28) throw new RangeError(`i32 LEB128 too long at offset ${offset}`);
    byte = bytes[i++]!;
    result |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  if (shift < 32 && (byte & 0x40) !== 0) result |= -1 << shift;
  return { value: result | 0, length: i - offset };
}

/** Decode an unsigned LEB128 u64 at `offset` (at most 10 bytes). */
export function decodeU64(bytes: Uint8Array, offset: number): Decoded<bigint> {
  let result = 0n, shift = 0n, i = offset, byte: number;
  do {
    if (i >= bytes.length) truncated(offset);
    if (shift > 63n) throw new RangeError(`u64 LEB128 too long at offset ${offset}`);
    byte = bytes[i++]!;
    result |= BigInt(byte & 0x7f) << shift;
    shift += 7n;
  } while (byte & 0x80);
  return { value: BigInt.asUintN(64, result), length: i - offset };
}

/** Decode a signed LEB128 i64 at `offset` (at most 10 bytes). */
export function decodeS64(bytes: Uint8Array, offset: number): Decoded<bigint> {
  let result = 0n, shift = 0n, i = offset, byte: number;
  do {
    if (i >= bytes.length) truncated(offset);
    if (shift > 63n) throw new RangeError(`i64 LEB128 too long at offset ${offset}`);
    byte = bytes[i++]!;
    result |= BigInt(byte & 0x7f) << shift;
    shift += 7n;
  } while (byte & 0x80);
  if (shift < 64n && (byte & 0x40) !== 0) result |= -1n << shift;
  return { value: BigInt.asIntN(64, result), length: i - offset };
}

/** Decode an IEEE754 binary32 at `offset`. */
export function decodeF32(bytes: Uint8Array, offset: number): number {
  if (offset + 4 > bytes.length) throw new RangeError(`truncated f32 at offset ${offset}`);
  return new DataView(bytes.buffer, bytes.byteOffset + offset, 4).getFloat32(0, true);
}

/** Decode an IEEE754 binary64 at `offset`. */
export function decodeF64(bytes: Uint8Array, offset: number): number {
  if (offset + 8 > bytes.length) throw new RangeError(`truncated f64 at offset ${offset}`);
  return new DataView(bytes.buffer, bytes.byteOffset + offset, 8).getFloat64(0, true);
}
