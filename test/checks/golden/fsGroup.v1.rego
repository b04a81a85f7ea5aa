# fsGroup: spec.securityContext.fsGroup by rule (MustRunAs: set and in range; MayRunAs: in range
# when set; RunAsAny). Pod-level only.
package gpc.fsGroup
import data.lib.gpc.match
import data.lib.gpc.params
import data.lib.gpc.pod

rule := params.get("rule", "RunAsAny")

ranges := params.get("ranges", [])

violation contains {"msg": msg, "details": {"field": "spec.securityContext.fsGroup", "value": v, "ranges": ranges}} if {
	rule in {"MustRunAs", "MayRunAs"}
	v := pod.security_context.fsGroup
	not match.in_ranges(v, ranges)
	msg := sprintf("pod must not set spec.securityContext.fsGroup to %s (allowed: %s)", [match.number(v), match.ranges_text(ranges)])
}

violation contains {"msg": msg, "details": {"field": "spec.securityContext.fsGroup", "ranges": ranges}} if {
	rule == "MustRunAs"
	not pod.has_key(pod.security_context, "fsGroup")
	msg := sprintf("pod must set spec.securityContext.fsGroup (allowed: %s)", [match.ranges_text(ranges)])
}
