# Constraint parameters with defaults: the one way templates read `input.parameters`.
package lib.gpc.params

# get(name, dflt) is parameter `name`, or `dflt` when the constraint does not set it (or sets null).
get(name, dflt) := v if {
	v := input.parameters[name]
	v != null
} else := dflt
