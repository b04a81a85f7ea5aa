// All natively implemented builtins of the runtime proper (runtime/lib/ adds the string family).
export {
  bi_plus, bi_minus, bi_mul, bi_div, bi_rem, bi_and, bi_or, bi_equal, bi_neq, bi_lt, bi_lte, bi_gt, bi_gte,
  bi_internal$member_2, bi_internal$member_3, bi_abs, bi_round, bi_ceil, bi_floor, bi_numbers$range,
} from "./ops";
export {
  bi_count, bi_sum, bi_product, bi_max, bi_min, bi_sort, bi_union, bi_intersection,
} from "./aggregates";
export {
  bi_type_name, bi_is_number, bi_is_string, bi_is_boolean, bi_is_array, bi_is_set, bi_is_object, bi_is_null,
  bi_to_number, bi_format_int,
} from "./types";
export {
  bi_object$get, bi_object$keys, bi_object$remove, bi_object$filter, bi_object$union,
  bi_array$concat, bi_array$slice, bi_array$reverse, bi_any, bi_all,
} from "./objects";
export {
  bi_json$marshal, bi_json$unmarshal, bi_json$is_valid,
  bi_base64$encode, bi_base64$decode, bi_base64$is_valid,
  bi_base64url$encode, bi_base64url$decode, bi_base64url$encode_no_pad,
  bi_hex$encode, bi_hex$decode, bi_units$parse, bi_units$parse_bytes,
} from "./encoding";
export {
  bi_object$union_n, bi_cast_array, bi_cast_set, bi_cast_string, bi_cast_boolean, bi_cast_null, bi_cast_object,
  bi_set_diff, bi_numbers$range_step, bi_bits$and, bi_bits$or, bi_bits$xor, bi_bits$negate, bi_bits$lsh, bi_bits$rsh,
  bi_trace,
} from "./extra";
export {
  bi_walk, bi_object$subset, bi_array$flatten, bi_json$filter, bi_json$remove, bi_json$patch,
  bi_json$marshal_with_options, bi_graph$reachable, bi_graph$reachable_paths, bi_internal$template_string,
} from "./documents";
export { bi_net$cidr_merge, bi_net$cidr_expand, bi_net$cidr_contains_matches } from "./netcidr";
export {
  bi_time$date, bi_time$clock, bi_time$weekday, bi_time$add_date, bi_time$diff, bi_time$parse_duration_ns,
  bi_time$format, bi_time$parse_ns, bi_time$parse_rfc3339_ns,
} from "./time";
export {
  bi_strings$split_n, bi_urlquery$encode, bi_urlquery$decode, bi_urlquery$encode_object, bi_urlquery$decode_object,
  bi_io$jwt$decode,
} from "./web";
