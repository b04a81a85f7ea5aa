// builtins: filled below
export function bi_equal(a: usize, b: usize): usize { return 0; }
