/** The shared Rego libraries under templates/lib/ and their import graph. */

/** Names of the shared Rego libraries (`package lib.gpc.<name>`), in dependency order. */
export const LIB_NAMES = ["params", "match", "pod", "exempt", "profiles"] as const;

/** Library name → the libraries it imports (each listed before it in LIB_NAMES). */
const LIB_DEPS: Readonly<Record<string, readonly string[]>> = {
  params: [], match: [], pod: [], exempt: ["match", "params", "pod"], profiles: ["match", "params"],
};

/** Whether `name` is a shared library. */
export const isLib = (name: string): boolean => Object.hasOwn(LIB_DEPS, name);

/** Every library a set of libraries needs, themselves included, in LIB_NAMES order. */
export function libClosure(names: readonly string[]): string[] {
  const want = new Set<string>();
  const add = (n: string) => {
    if (!isLib(n)) throw new Error(`unknown Rego library ${JSON.stringify(n)}`);
    if (want.has(n)) return;
    want.add(n);
    LIB_DEPS[n]!.forEach(add);
  };
  names.forEach(add);
  return LIB_NAMES.filter((n) => want.has(n));
}
