# windowsHostProcess: neither the pod nor any container may set windowsOptions.hostProcess to true.
package gpc.windowsHostProcess
import future.keywords.contains
import future.keywords.if
import future.keywords.in
import data.lib.gpc.exempt

violation contains {"msg": msg, "details": {"field": field, "value": true}} if {
	some sc in exempt.security_contexts
	sc.securityContext.windowsOptions.hostProcess == true
	field := sprintf("%s.windowsOptions.hostProcess", [sc.path])
	msg := sprintf("%s must not set %s to true", [sc.label, field])
}
