# seccomp: seccomp profiles of the pod and of every container, from securityContext.seccompProfile
# (checkFields) and the legacy annotations (checkAnnotations); with requireProfile, every container
# must end up with a profile.
package gpc.seccomp
import future.keywords.contains
import future.keywords.if
import future.keywords.in
import data.lib.gpc.exempt
import data.lib.gpc.match
import data.lib.gpc.params
import data.lib.gpc.pod
import data.lib.gpc.profiles

pod_annotation := "seccomp.security.alpha.kubernetes.io/pod"

container_annotation_prefix := "container.seccomp.security.alpha.kubernetes.io/"

runtime_default_annotations := {"runtime/default", "docker/default"}

check_fields := params.get("checkFields", true)

check_annotations := params.get("checkAnnotations", false)

violation contains {"msg": msg, "details": {"field": field, "value": bad.value}} if {
	not exempt.pod_skipped
	check_fields == true
	some sc in exempt.security_contexts
	p := sc.securityContext.seccompProfile
	bad := profiles.problem(pod.string_field(p, "type"), pod.string_field(p, "localhostProfile"))
	field := sprintf("%s.seccompProfile.%s", [sc.path, bad.field])
	msg := sprintf("%s must not set %s to %s", [sc.label, field, match.quote(bad.value)])
}

violation contains {"msg": msg, "details": {"field": field, "value": v}} if {
	not exempt.pod_skipped
	check_annotations == true
	some key, v in pod.annotations
	label := annotation_subject(key)
	bad := profiles.problem(profiles.annotation_type(v, runtime_default_annotations), trim_prefix(v, "localhost/"))
	field := sprintf("metadata.annotations[%s]", [match.quote(key)])
	msg := sprintf("%s must not set %s to %s", [label, field, match.quote(v)])
}

violation contains {"msg": msg, "details": {"container": c.name, "field": "securityContext.seccompProfile.type", "allowed": profiles.allowed_types}} if {
	not exempt.pod_skipped
	params.get("requireProfile", true) == true
	some c in exempt.containers
	not has_profile(c)
	msg := sprintf("%s must set securityContext.seccompProfile.type or spec.securityContext.seccompProfile.type to one of %s", [c.label, profiles.allowed_types_text])
}

# annotation_subject(key) names who a seccomp annotation applies to: the pod, or a non-exempt
# container of the pod (annotations naming no container are ignored, as the kubelet ignores them).
annotation_subject(key) := "pod" if {
	key == pod_annotation
}

annotation_subject(key) := c.label if {
	startswith(key, container_annotation_prefix)
	some c in exempt.containers
	c.name == trim_prefix(key, container_annotation_prefix)
}

has_profile(c) if {
	check_fields == true
	pod.has_key(c.securityContext, "seccompProfile")
}

has_profile(c) if {
	check_annotations == true
	pod.has_key(pod.annotations, pod_annotation)
}

has_profile(c) if {
	check_annotations == true
	pod.has_key(pod.annotations, concat("", [container_annotation_prefix, c.name]))
}
