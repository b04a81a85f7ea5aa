# Seccomp and AppArmor profiles: allowed types and localhost profiles, and the legacy annotation values.
package lib.gpc.profiles
import future.keywords.contains
import future.keywords.if
import future.keywords.in
import data.lib.gpc.match
import data.lib.gpc.params

allowed_types := params.get("allowedProfileTypes", ["RuntimeDefault", "Localhost"])

# The allowed types as a message lists them: "(none allowed)" for none (never a trailing space,
# which Kubernetes trims from a CEL message).
allowed_types_text := "(none allowed)" if count(allowed_types) == 0

allowed_types_text := concat(", ", allowed_types) if count(allowed_types) > 0

type_allowed(t) if {
	some a in allowed_types
	a == t
}

localhost_allowed(name) if {
	match.matches_any(name, params.get("allowedLocalhostProfiles", ["*"]))
}

# problem(t, name) is {"field", "value"} naming what is not allowed in a profile of type `t` with
# localhost profile `name`; undefined when the profile is allowed.
problem(t, name) := {"field": "type", "value": t} if {
	not type_allowed(t)
}

problem(t, name) := {"field": "localhostProfile", "value": name} if {
	t == "Localhost"
	type_allowed(t)
	not localhost_allowed(name)
}

# annotation_type(v, runtime_default) is the profile type of a legacy annotation value:
# a member of `runtime_default` is RuntimeDefault, `localhost/<name>` Localhost, `unconfined`
# Unconfined, anything else itself (and so not an allowed type).
annotation_type(v, runtime_default) := "RuntimeDefault" if {
	v in runtime_default
} else := "Localhost" if {
	startswith(v, "localhost/")
} else := "Unconfined" if {
	v == "unconfined"
} else := v
