// runtime/lib entry: re-exports the bi_* builtins of runtime/lib (see README.md). Only bi_* names
// may be exported here: every export becomes a Rego builtin of the runtime.
export {
  bi_concat, bi_split, bi_startswith, bi_endswith, bi_contains, bi_indexof, bi_indexof_n,
  bi_substring, bi_replace, bi_lower, bi_upper, bi_trim, bi_trim_left, bi_trim_right,
  bi_trim_prefix, bi_trim_suffix, bi_trim_space, bi_strings$replace_n, bi_strings$any_prefix_match,
  bi_strings$any_suffix_match, bi_strings$count, bi_strings$reverse, bi_sprintf, bi_regex$match,
  bi_re_match, bi_regex$is_valid, bi_regex$find_n, bi_regex$find_all_string_submatch_n,
  bi_regex$split, bi_regex$template_match, bi_regex$replace, bi_glob$match, bi_glob$quote_meta, bi_semver$is_valid,
  bi_semver$compare, bi_net$cidr_contains, bi_net$cidr_overlap, bi_net$cidr_intersects, bi_net$cidr_is_valid,
} from "./builtins";
