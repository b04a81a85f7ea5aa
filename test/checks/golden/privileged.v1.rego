# privileged: no container may set securityContext.privileged to true.
package gpc.privileged
import data.lib.gpc.exempt

violation contains {"msg": msg, "details": {"container": c.name, "field": "securityContext.privileged", "value": true}} if {
	some c in exempt.containers
	c.securityContext.privileged == true
	msg := sprintf("%s must not set securityContext.privileged to true", [c.label])
}
