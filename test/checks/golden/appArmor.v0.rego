# appArmor: AppArmor profiles of the pod and of every container, from securityContext.appArmorProfile
# (checkFields) and the legacy annotation container.apparmor.security.beta.kubernetes.io/<name>
# (checkAnnotations; an empty value counts as unset); with requireProfile, every container must
# end up with a profile.
package gpc.appArmor
import future.keywords.contains
import future.keywords.if
import future.keywords.in
import data.lib.gpc.exempt
import data.lib.gpc.match
import data.lib.gpc.params
import data.lib.gpc.pod
import data.lib.gpc.profiles

container_annotation_prefix := "container.apparmor.security.beta.kubernetes.io/"

runtime_default_annotations := {"runtime/default"}

check_fields := params.get("checkFields", true)

check_annotations := params.get("checkAnnotations", true)

violation contains {"msg": msg, "details": {"field": field, "value": bad.value}} if {
	check_fields == true
	some sc in exempt.security_contexts
	p := sc.securityContext.appArmorProfile
	bad := profiles.problem(pod.string_field(p, "type"), pod.string_field(p, "localhostProfile"))
	field := sprintf("%s.appArmorProfile.%s", [sc.path, bad.field])
	msg := sprintf("%s must not set %s to %s", [sc.label, field, match.quote(bad.value)])
}

violation contains {"msg": msg, "details": {"field": field, "value": v}} if {
	check_annotations == true
	some key, v in pod.annotations
	startswith(key, container_annotation_prefix)
	name := trim_prefix(key, container_annotation_prefix)
	not name in exempt.exempt_names
	v != ""
	bad := profiles.problem(profiles.annotation_type(v, runtime_default_annotations), trim_prefix(v, "localhost/"))
	field := sprintf("metadata.annotations[%s]", [match.quote(key)])
	msg := sprintf("container %s must not set %s to %s", [match.quote(name), field, match.quote(v)])
}

violation contains {"msg": msg, "details": {"container": c.name, "field": "securityContext.appArmorProfile.type", "allowed": profiles.allowed_types}} if {
	params.get("requireProfile", false) == true
	some c in exempt.containers
	not has_profile(c)
	msg := sprintf("%s must set securityContext.appArmorProfile.type or spec.securityContext.appArmorProfile.type to one of %s", [c.label, profiles.allowed_types_text])
}

has_profile(c) if {
	check_fields == true
	pod.has_key(c.securityContext, "appArmorProfile")
}

has_profile(c) if {
	check_annotations == true
	v := pod.annotations[concat("", [container_annotation_prefix, c.name])]
	v != ""
}
