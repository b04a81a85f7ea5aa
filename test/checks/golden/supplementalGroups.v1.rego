# supplementalGroups: spec.securityContext.supplementalGroups by rule (MustRunAs: non-empty and in
# range; MayRunAs: in range; RunAsAny). Pod-level only.
package gpc.supplementalGroups
import data.lib.gpc.match
import data.lib.gpc.params
import data.lib.gpc.pod

rule := params.get("rule", "RunAsAny")

ranges := params.get("ranges", [])

violation contains {"msg": msg, "details": {"field": "spec.securityContext.supplementalGroups", "value": g, "ranges": ranges}} if {
	rule in {"MustRunAs", "MayRunAs"}
	some g in pod.security_context.supplementalGroups
	not match.in_ranges(g, ranges)
	msg := sprintf("pod must not set spec.securityContext.supplementalGroups to include %s (allowed: %s)", [match.number(g), match.ranges_text(ranges)])
}

violation contains {"msg": msg, "details": {"field": "spec.securityContext.supplementalGroups", "ranges": ranges}} if {
	rule == "MustRunAs"
	count([g | some g in pod.security_context.supplementalGroups]) == 0
	msg := sprintf("pod must set spec.securityContext.supplementalGroups (allowed: %s)", [match.ranges_text(ranges)])
}
