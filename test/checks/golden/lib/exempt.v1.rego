# Exemptions: the containers a check looks at, after `exemptImages` and `exemptContainers`.
package lib.gpc.exempt
import data.lib.gpc.match
import data.lib.gpc.params
import data.lib.gpc.pod

# is_exempt(c): container entry c's name is in `exemptContainers`, or its image matches `exemptImages`
# (exact, or prefix when the entry ends with `*`).
is_exempt(c) if {
	some name in params.get("exemptContainers", [])
	c.name == name
}

is_exempt(c) if {
	match.matches_any(c.image, params.get("exemptImages", []))
}

# The pod's container entries (see lib.gpc.pod.containers) that are not exempt.
containers contains c if {
	some c in pod.containers
	not is_exempt(c)
}

# The pod is skipped: `skipWindowsPods` is set and the pod targets Windows, or
# `skipUserNamespacePods` is set and the pod runs in a user namespace (`spec.hostUsers: false`).
pod_skipped if {
	params.get("skipWindowsPods", false) == true
	pod.is_windows
}

pod_skipped if {
	params.get("skipUserNamespacePods", false) == true
	pod.spec.hostUsers == false
}

# Every securityContext a policy author wrote, as {"label", "path", "securityContext"}: the pod's
# (`spec.securityContext`) and each non-exempt container's own (`securityContext`). Checks that
# forbid values use these, so a bad pod-level value is reported once, at the pod.
security_contexts contains {"label": "pod", "path": "spec.securityContext", "securityContext": pod.security_context}

security_contexts contains {"label": c.label, "path": "securityContext", "securityContext": c.own} if {
	some c in containers
}

# Names of the pod's exempt containers (for settings keyed by container name, like annotations).
exempt_names contains c.name if {
	some c in pod.containers
	is_exempt(c)
}

exempt_names contains name if {
	some name in params.get("exemptContainers", [])
}
