/**
 * Code-unit order of strings: the same on every machine (`localeCompare` follows the locale, and
 * its first call loads ICU's collation data, some 15 ms of start-up). Every sort of names,
 * kinds, paths and messages in gpc's output uses it.
 */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
