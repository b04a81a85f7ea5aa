# allowPrivilegeEscalation: containers must not allow privilege escalation (explicit false when
# requireExplicitFalse, the default).
package gpc.allowPrivilegeEscalation
import future.keywords.contains
import future.keywords.if
import future.keywords.in
import data.lib.gpc.exempt
import data.lib.gpc.params

violation contains {"msg": msg, "details": {"container": c.name, "field": "securityContext.allowPrivilegeEscalation", "value": true}} if {
	not exempt.pod_skipped
	some c in exempt.containers
	c.securityContext.allowPrivilegeEscalation == true
	msg := sprintf("%s must not set securityContext.allowPrivilegeEscalation to true", [c.label])
}

violation contains {"msg": msg, "details": {"container": c.name, "field": "securityContext.allowPrivilegeEscalation", "required": false}} if {
	not exempt.pod_skipped
	params.get("requireExplicitFalse", true) == true
	some c in exempt.containers
	not c.securityContext.allowPrivilegeEscalation == false
	not c.securityContext.allowPrivilegeEscalation == true
	msg := sprintf("%s must set securityContext.allowPrivilegeEscalation to false", [c.label])
}
