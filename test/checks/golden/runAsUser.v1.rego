# runAsUser: the pod's and every container's runAsUser by rule (MustRunAs, MayRunAs,
# MustRunAsNonRoot, RunAsAny). Set values are checked where they are written; MustRunAs and
# MustRunAsNonRoot also check each container's effective context.
package gpc.runAsUser
import data.lib.gpc.exempt
import data.lib.gpc.match
import data.lib.gpc.params
import data.lib.gpc.pod

rule := params.get("rule", "RunAsAny")

ranges := params.get("ranges", [])

violation contains {"msg": msg, "details": {"field": sprintf("%s.runAsUser", [sc.path]), "value": v, "ranges": ranges}} if {
	not exempt.pod_skipped
	rule in {"MustRunAs", "MayRunAs"}
	some sc in exempt.security_contexts
	v := sc.securityContext.runAsUser
	not match.in_ranges(v, ranges)
	msg := sprintf("%s must not set %s.runAsUser to %s (allowed: %s)", [sc.label, sc.path, match.number(v), match.ranges_text(ranges)])
}

violation contains {"msg": msg, "details": {"container": c.name, "field": "securityContext.runAsUser", "ranges": ranges}} if {
	not exempt.pod_skipped
	rule == "MustRunAs"
	some c in exempt.containers
	not pod.has_key(c.securityContext, "runAsUser")
	msg := sprintf("%s must set securityContext.runAsUser or spec.securityContext.runAsUser (allowed: %s)", [c.label, match.ranges_text(ranges)])
}

violation contains {"msg": msg, "details": {"field": sprintf("%s.runAsUser", [sc.path]), "value": 0}} if {
	not exempt.pod_skipped
	rule == "MustRunAsNonRoot"
	some sc in exempt.security_contexts
	sc.securityContext.runAsUser == 0
	msg := sprintf("%s must not set %s.runAsUser to 0", [sc.label, sc.path])
}

violation contains {"msg": msg, "details": {"container": c.name, "field": "securityContext.runAsNonRoot", "required": true}} if {
	not exempt.pod_skipped
	rule == "MustRunAsNonRoot"
	some c in exempt.containers
	not c.securityContext.runAsNonRoot == true
	# object.get: OPA evaluates the argument before the `not`, so a missing runAsUser in the
	# argument itself would make the whole expression undefined and the rule never fire.
	not non_zero(object.get(c.securityContext, "runAsUser", null))
	msg := sprintf("%s must set securityContext.runAsNonRoot to true or securityContext.runAsUser to a non-zero value (here or in spec.securityContext)", [c.label])
}

non_zero(v) if {
	is_number(v)
	v != 0
}
