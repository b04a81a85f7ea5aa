// gpc runtime memory manager: a bump allocator whose offset IS the OPA heap pointer.
//
// AssemblyScript's managed objects (String, Array, classes) are allocated here with the standard
// BLOCK/OBJECT header layout of std/assembly/rt/common.ts. Nothing is ever freed individually:
// the host (opa-wasm SDK) resets the heap pointer between evaluations (opa_heap_ptr_set /
// opa_eval's heap_ptr argument), which discards everything allocated since.
import { AL_MASK, OBJECT, OBJECT_OVERHEAD, BLOCK_MAXSIZE, BLOCK_OVERHEAD, BLOCK, OBJECT_MAXSIZE } from "rt/common";

// @ts-ignore: decorator
@lazy let offset: usize = __heap_base;

// Payload pointers are 16-byte aligned; the 4-byte block header sits just before them.
// @ts-ignore: decorator
@inline function alignOffset(o: usize): usize {
  return ((o + BLOCK_OVERHEAD + AL_MASK) & ~AL_MASK) - BLOCK_OVERHEAD;
}

// @ts-ignore: decorator
@external("env", "opa_abort")
declare function bump_opa_abort(addr: usize): void;

/**
 * The evaluation's memory ceiling (runtime/budget.ts arms it): the heap may not grow past
 * `limitEnd` (0xFFFFFFFF when disarmed). `allocLimit` = min(memory size, limitEnd) keeps the hot
 * path to one comparison.
 */
// @ts-ignore: decorator
@lazy let limitEnd: usize = <usize>0xFFFFFFFF;
// @ts-ignore: decorator
@lazy let limitMiB: u32 = 0;
// @ts-ignore: decorator
@lazy let allocLimit: usize = 0;

function putText(at: usize, s: string): usize {
  for (let i = 0, n = s.length; i < n; i++) store<u8>(at++, <u8>s.charCodeAt(i));
  return at;
}

function putU32(at: usize, v: u32): usize {
  let digits = 1;
  for (let x = v; x >= 10; x /= 10) digits++;
  let p = at + <usize>digits;
  for (let i = 0; i < digits; i++) { p--; store<u8>(p, <u8>(48 + v % 10)); v /= 10; }
  return at + <usize>digits;
}

/** Abort through the host without allocating: the budget's ceiling, or the host's memory, is reached. */
function outOfMemory(ceiling: bool = false): void {
  let msgBuf = memory.data(96); // static: the heap is what failed
  let p = msgBuf;
  if (ceiling && limitMiB > 0) {
    p = putText(p, "evaluation exceeded its budget of ");
    p = putU32(p, limitMiB);
    p = putText(p, " MiB of memory");
  } else {
    p = putText(p, "gpc runtime: out of memory (cannot grow beyond ");
    p = putU32(p, <u32>memory.size() << 6);
    p = putText(p, " KiB)");
  }
  store<u8>(p, 0);
  limitEnd = <usize>0xFFFFFFFF; limitMiB = 0; allocLimit = 0;
  bump_opa_abort(msgBuf);
  unreachable();
}

function growTo(end: usize): void {
  if (end > limitEnd) outOfMemory(true);
  let pages = memory.size();
  let limit = <usize>pages << 16;
  if (end > limit) {
    let needed = <i32>((end - limit + 0xffff) >>> 16);
    let wanted = max<i32>(pages, needed); // double memory when possible
    if (limitMiB > 0) { // but not beyond the ceiling
      let cap = <i32>((limitEnd + 0xffff) >>> 16) - pages;
      if (wanted > cap) wanted = max<i32>(cap, needed);
    }
    if (memory.grow(wanted) < 0) {
      if (memory.grow(needed) < 0) outOfMemory();
    }
  }
  let mem = <usize>memory.size() << 16;
  allocLimit = mem < limitEnd ? mem : limitEnd;
}

/**
 * Arm the memory ceiling: from now on the heap may grow by at most `mib` MiB (0 disarms it).
 * Used by runtime/budget.ts.
 */
// @ts-ignore: decorator
@global @unsafe
function __bump_limit(mib: u32): void {
  limitMiB = mib;
  if (mib == 0) limitEnd = <usize>0xFFFFFFFF;
  else {
    let e = <u64>offset + (<u64>mib << 20);
    limitEnd = e >= <u64>0xFFFFFFFF ? <usize>0xFFFFFFFF : <usize>e;
  }
  let mem = <usize>memory.size() << 16;
  allocLimit = mem < limitEnd ? mem : limitEnd;
}

// @ts-ignore: decorator
@inline function computeSize(size: usize): usize {
  return ((size + BLOCK_OVERHEAD + AL_MASK) & ~AL_MASK) - BLOCK_OVERHEAD;
}

/** Current heap pointer (the OPA heap pointer). */
// @ts-ignore: decorator
@global @unsafe
function __bump_get(): usize {
  return offset;
}

/** Reset the heap pointer (any value; allocation realigns). */
// @ts-ignore: decorator
@global @unsafe
function __bump_set(p: usize): void {
  offset = p;
}

// @ts-ignore: decorator
@unsafe @global
function __alloc(size: usize): usize {
  if (size > BLOCK_MAXSIZE) outOfMemory(<u64>size > (<u64>limitMiB << 20));
  let start = alignOffset(offset);
  let ptr = start + BLOCK_OVERHEAD;
  let payloadSize = computeSize(size);
  let end = ptr + payloadSize;
  if (end > allocLimit) growTo(end);
  changetype<BLOCK>(start).mmInfo = payloadSize;
  offset = end;
  return ptr;
}

// @ts-ignore: decorator
@unsafe @global
function __realloc(ptr: usize, size: usize): usize {
  let block = changetype<BLOCK>(ptr - BLOCK_OVERHEAD);
  let actualSize = block.mmInfo;
  let payloadSize = computeSize(size);
  if (ptr + actualSize == offset) { // last block: grow or shrink in place
    if (size > BLOCK_MAXSIZE) outOfMemory(<u64>size > (<u64>limitMiB << 20));
    let end = ptr + payloadSize;
    if (end > allocLimit) growTo(end);
    block.mmInfo = payloadSize;
    offset = end;
    return ptr;
  }
  if (size <= actualSize) return ptr;
  let newPtr = __alloc(max<usize>(payloadSize, actualSize << 1));
  memory.copy(newPtr, ptr, actualSize);
  return newPtr;
}

// @ts-ignore: decorator
@unsafe @global
function __free(ptr: usize): void {
  // nop: the host resets the whole heap
}

// @ts-ignore: decorator
@unsafe @global
function __reset(): void {
  offset = __heap_base;
}

// @ts-ignore: decorator
@unsafe @global
function __new(size: usize, id: u32): usize {
  if (size > OBJECT_MAXSIZE) outOfMemory(<u64>size > (<u64>limitMiB << 20));
  let ptr = __alloc(OBJECT_OVERHEAD + size);
  let object = changetype<OBJECT>(ptr - BLOCK_OVERHEAD);
  object.gcInfo = 0;
  object.gcInfo2 = 0;
  object.rtId = id;
  object.rtSize = <u32>size;
  return ptr + OBJECT_OVERHEAD;
}

// @ts-ignore: decorator
@unsafe @global
function __renew(oldPtr: usize, size: usize): usize {
  if (size > OBJECT_MAXSIZE) outOfMemory(<u64>size > (<u64>limitMiB << 20));
  let newPtr = __realloc(oldPtr - OBJECT_OVERHEAD, OBJECT_OVERHEAD + size);
  changetype<OBJECT>(newPtr - BLOCK_OVERHEAD).rtSize = <u32>size;
  return newPtr + OBJECT_OVERHEAD;
}

// @ts-ignore: decorator
@global @unsafe
function __link(parentPtr: usize, childPtr: usize, expectMultiple: bool): void {}

// @ts-ignore: decorator
@global @unsafe
function __pin(ptr: usize): usize { return ptr; }

// @ts-ignore: decorator
@global @unsafe
function __unpin(ptr: usize): void {}

// @ts-ignore: decorator
@global @unsafe
function __visit(ptr: usize, cookie: u32): void {}

// @ts-ignore: decorator
@global @unsafe
function __collect(): void {}
