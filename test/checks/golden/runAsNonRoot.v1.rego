# runAsNonRoot: every container must run with an effective runAsNonRoot of true; the pod must not
# set it to false.
package gpc.runAsNonRoot
import data.lib.gpc.exempt
import data.lib.gpc.pod

violation contains {"msg": msg, "details": {"field": "spec.securityContext.runAsNonRoot", "value": false}} if {
	not exempt.pod_skipped
	pod.security_context.runAsNonRoot == false
	msg := "pod must not set spec.securityContext.runAsNonRoot to false"
}

violation contains {"msg": msg, "details": {"container": c.name, "field": "securityContext.runAsNonRoot", "required": true}} if {
	not exempt.pod_skipped
	some c in exempt.containers
	not c.securityContext.runAsNonRoot == true
	msg := sprintf("%s must set securityContext.runAsNonRoot to true (or leave it unset and set spec.securityContext.runAsNonRoot to true)", [c.label])
}
