# runAsGroup: the pod's and every container's runAsGroup by rule (MustRunAs, MayRunAs, RunAsAny).
# Set values are checked where they are written; MustRunAs also checks each container's effective
# context.
package gpc.runAsGroup
import future.keywords.contains
import future.keywords.if
import future.keywords.in
import data.lib.gpc.exempt
import data.lib.gpc.match
import data.lib.gpc.params
import data.lib.gpc.pod

rule := params.get("rule", "RunAsAny")

ranges := params.get("ranges", [])

violation contains {"msg": msg, "details": {"field": sprintf("%s.runAsGroup", [sc.path]), "value": v, "ranges": ranges}} if {
	rule in {"MustRunAs", "MayRunAs"}
	some sc in exempt.security_contexts
	v := sc.securityContext.runAsGroup
	not match.in_ranges(v, ranges)
	msg := sprintf("%s must not set %s.runAsGroup to %s (allowed: %s)", [sc.label, sc.path, match.number(v), match.ranges_text(ranges)])
}

violation contains {"msg": msg, "details": {"container": c.name, "field": "securityContext.runAsGroup", "ranges": ranges}} if {
	rule == "MustRunAs"
	some c in exempt.containers
	not pod.has_key(c.securityContext, "runAsGroup")
	msg := sprintf("%s must set securityContext.runAsGroup or spec.securityContext.runAsGroup (allowed: %s)", [c.label, match.ranges_text(ranges)])
}
