# procMount: securityContext.procMount, when set, must be an allowed type.
package gpc.procMount
import future.keywords.contains
import future.keywords.if
import future.keywords.in
import data.lib.gpc.exempt
import data.lib.gpc.match
import data.lib.gpc.params
import data.lib.gpc.pod

allowed(t) if {
	some a in params.get("allowedProcMountTypes", ["Default"])
	a == t
}

allowed(t) if {
	t == "Unmasked"
	params.get("allowUnmaskedWithUserNamespace", false) == true
	pod.spec.hostUsers == false
}

violation contains {"msg": msg, "details": {"container": c.name, "field": "securityContext.procMount", "value": t}} if {
	some c in exempt.containers
	t := c.securityContext.procMount
	not allowed(t)
	msg := sprintf("%s must not set securityContext.procMount to %s", [c.label, match.quote(t)])
}
