# readOnlyRootFilesystem: every container must set securityContext.readOnlyRootFilesystem to true.
package gpc.readOnlyRootFilesystem
import data.lib.gpc.exempt

violation contains {"msg": msg, "details": {"container": c.name, "field": "securityContext.readOnlyRootFilesystem", "required": true}} if {
	some c in exempt.containers
	not c.securityContext.readOnlyRootFilesystem == true
	msg := sprintf("%s must set securityContext.readOnlyRootFilesystem to true", [c.label])
}
