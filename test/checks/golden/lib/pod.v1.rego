# The Pod under review and the effective security context of each of its containers.
#
# Every check reads the Pod through this library, never `input.review.object` directly.
# A container's securityContext field overrides the pod's for the fields both have
# (`inherited_fields`); pod-only fields (fsGroup, supplementalGroups, sysctls) stay on the pod;
# a missing or null securityContext counts as `{}`.
package lib.gpc.pod

# The Pod's metadata and spec (`{}` when absent).
default metadata := {}

metadata := m if {
	m := input.review.object.metadata
	is_object(m)
}

default spec := {}

spec := s if {
	s := input.review.object.spec
	is_object(s)
}

default annotations := {}

annotations := a if {
	a := metadata.annotations
	is_object(a)
}

# The pod-level securityContext (`{}` when absent or null).
default security_context := {}

security_context := sc if {
	sc := spec.securityContext
	is_object(sc)
}

# The pod targets Windows (`spec.os.name: windows`).
is_windows if spec.os.name == "windows"

# Container securityContext fields that fall back to the pod's value when the container does not set them.
inherited_fields := {"appArmorProfile", "runAsGroup", "runAsNonRoot", "runAsUser", "seccompProfile", "seLinuxOptions", "windowsOptions"}

# The three container lists of a Pod, and how messages name their members.
container_lists := {"containers": "container", "initContainers": "initContainer", "ephemeralContainers": "ephemeralContainer"}

# own_security_context(c) is container c's own securityContext (`{}` when absent or null).
own_security_context(c) := sc if {
	sc := c.securityContext
	is_object(sc)
} else := {}

# has_key(obj, key): `obj` has `key`, whatever its value.
has_key(obj, key) if {
	_ = obj[key]
}

# effective_value(own, key): the container's value when it sets `key`, else the pod's for inherited fields.
effective_value(own, key) := v if {
	v := own[key]
}

effective_value(own, key) := v if {
	not has_key(own, key)
	key in inherited_fields
	v := security_context[key]
}

# effective_security_context(own) merges a container's own securityContext over the pod's.
effective_security_context(own) := {key: v |
	some key in ({k | some k, _ in own} | {k | some k, _ in security_context})
	v := effective_value(own, key)
}

# string_field(obj, key) is obj[key] when it is a string, else "".
string_field(obj, key) := v if {
	v := obj[key]
	is_string(v)
} else := ""

# Every container of the pod (containers, initContainers, ephemeralContainers) as
# {"list", "label", "name", "image", "container", "own", "securityContext"}, where `label` names it
# in messages (`container "app"`), `own` is its own securityContext and `securityContext` the effective one.
containers contains entry if {
	some list, kind in container_lists
	some c in spec[list]
	is_object(c)
	name := string_field(c, "name")
	own := own_security_context(c)
	entry := {
		"list": list,
		"label": concat("", [kind, " \"", name, "\""]),
		"name": name,
		"image": string_field(c, "image"),
		"container": c,
		"own": own,
		"securityContext": effective_security_context(own),
	}
}
