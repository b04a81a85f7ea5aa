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

# ranges_text(ranges) describes ranges for messages, e.g. "1000-2000, 5000-5000".
ranges_text(ranges) := concat(", ", [sprintf("%v-%v", [r.min, r.max]) | some r in ranges])
