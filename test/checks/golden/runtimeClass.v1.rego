# runtimeClass: spec.runtimeClassName, when set, must be in allowedRuntimeClassNames ("*" = any).
package gpc.runtimeClass
import data.lib.gpc.match
import data.lib.gpc.params
import data.lib.gpc.pod

violation contains {"msg": msg, "details": {"field": "spec.runtimeClassName", "value": name}} if {
	name := pod.spec.runtimeClassName
	allowed := params.get("allowedRuntimeClassNames", [])
	not "*" in allowed
	not name in allowed
	msg := sprintf("pod must not set spec.runtimeClassName to %s (allowed: %s)", [match.quote(name), allowed_text(allowed)])
}

allowed_text(allowed) := "none" if count(allowed) == 0
allowed_text(allowed) := concat(", ", allowed) if count(allowed) > 0
