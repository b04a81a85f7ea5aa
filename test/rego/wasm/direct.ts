/**
 * Run a module linked with its link-time exports kept (`emitModule(p, rt, {dropExports: () => false})`)
 * by calling `__gpc_eval` directly, with the runtime's own JSON parse/dump. This isolates the
 * emitter from the runtime's ABI layer (`opa_eval`), and returns what `evaluate` would:
 * `[{result}]`, `[]`, or a thrown abort message.
 */
export type DirectEval = (entrypoint: number, input: unknown) => unknown;

export function instantiateDirect(bytes: Uint8Array, data: unknown = {}): DirectEval {
  const memory = new WebAssembly.Memory({ initial: 5 });
  const cstr = (a: number): string => {
    const b = new Uint8Array(memory.buffer);
    let end = a;
    while (b[end]) end++;
    return new TextDecoder().decode(b.subarray(a, end));
  };
  const ex = new WebAssembly.Instance(new WebAssembly.Module(bytes as BufferSource), {
    env: { memory, opa_abort: (a: number) => { throw cstr(a); }, opa_builtin1: () => 0 },
  }).exports as Record<string, (...a: number[]) => number>;
  const load = (v: unknown): number => {
    const t = new TextEncoder().encode(JSON.stringify(v));
    const at = ex.opa_malloc!(t.length);
    new Uint8Array(memory.buffer).set(t, at);
    return ex.opa_json_parse!(at, t.length);
  };
  const d = load(data);
  const base = ex.opa_heap_ptr_get!();
  return (ep, input) => {
    ex.opa_heap_ptr_set!(base);
    // Falsy inputs count as "no input", as in the SDK.
    const i = input ? load(input) : 0;
    const r = ex.__gpc_eval!(ep, i, d);
    return r === 0 ? [] : [{ result: JSON.parse(cstr(ex.opa_json_dump!(r))) }];
  };
}
