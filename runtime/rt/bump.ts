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

/** Abort through the host without allocating (the heap is what failed). */
function outOfMemory(): void {
  bump_opa_abort(memory.data<u8>([103, 112, 99, 32, 114, 117, 110, 116, 105, 109, 101, 58, 32, 111, 117, 116, 32, 111, 102, 32, 109, 101, 109, 111, 114, 121, 0]));
  unreachable();
}

function growTo(end: usize): void {
  let pages = memory.size();
  let limit = <usize>pages << 16;
  if (end > limit) {
    let needed = <i32>((end - limit + 0xffff) >>> 16);
    let wanted = max<i32>(pages, needed); // double memory when possible
    if (memory.grow(wanted) < 0) {
      if (memory.grow(needed) < 0) outOfMemory();
    }
  }
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
  if (size > BLOCK_MAXSIZE) outOfMemory();
  let start = alignOffset(offset);
  let ptr = start + BLOCK_OVERHEAD;
  let payloadSize = computeSize(size);
  let end = ptr + payloadSize;
  if (end > (<usize>memory.size() << 16)) growTo(end);
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
    if (size > BLOCK_MAXSIZE) outOfMemory();
    let end = ptr + payloadSize;
    if (end > (<usize>memory.size() << 16)) growTo(end);
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
  if (size > OBJECT_MAXSIZE) outOfMemory();
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
  if (size > OBJECT_MAXSIZE) outOfMemory();
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
