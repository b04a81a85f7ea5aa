# Value matching shared by the checks: name patterns with a trailing `*`, and inclusive ranges.
package lib.gpc.match
import future.keywords.contains
import future.keywords.if
import future.keywords.in

# matches(value, pattern): `pattern` equals `value`, or ends with `*` and the rest is a prefix of it.
matches(value, pattern) if {
	not endswith(pattern, "*")
	value == pattern
}

matches(value, pattern) if {
	endswith(pattern, "*")
	startswith(value, trim_suffix(pattern, "*"))
}

# matches_any(value, patterns): some pattern in `patterns` matches `value`.
matches_any(value, patterns) if {
	some pattern in patterns
	matches(value, pattern)
}

# in_ranges(value, ranges): `value` lies in some `{min, max}` of `ranges` (both ends inclusive).
in_ranges(value, ranges) if {
	some r in ranges
	value >= r.min
	value <= r.max
}

# quote(s) is `s` in double quotes, for messages.
quote(s) := concat("", ["\"", s, "\""])

# number(x) writes a number for messages as people write it. Gatekeeper decodes the reviewed
# object and the parameters as JSON into float64, and sprintf("%v") prints such a 2147483647 as
# 2.147483647e+09; integers are therefore written with format_int, anything else with %v.
number(x) := format_int(x, 10) if {
	is_number(x)
	x == floor(x)
}

number(x) := sprintf("%v", [x]) if {
	is_number(x)
	x != floor(x)
}

number(x) := sprintf("%v", [x]) if not is_number(x)

# ranges_text(ranges) describes ranges for messages, e.g. "1000-2000, 5000-5000".
ranges_text(ranges) := concat(", ", [sprintf("%s-%s", [number(r.min), number(r.max)]) | some r in ranges])
