# volumeTypes: every volume's source type must be allowed; a volume with no source counts as emptyDir.
package gpc.volumeTypes
import future.keywords.contains
import future.keywords.if
import future.keywords.in
import data.lib.gpc.match
import data.lib.gpc.params
import data.lib.gpc.pod

allowed := params.get("allowedTypes", ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"])

# volume_types(v) is the set of non-null source fields of volume v ({"emptyDir"} when it has none).
volume_types(v) := types if {
	types := {k | some k, source in v; k != "name"; source != null}
	count(types) > 0
} else := {"emptyDir"}

type_allowed(t) if "*" in allowed

type_allowed(t) if t in allowed

violation contains {"msg": msg, "details": {"volume": name, "field": "spec.volumes[]", "value": t}} if {
	some v in pod.spec.volumes
	some t in volume_types(v)
	not type_allowed(t)
	name := pod.string_field(v, "name")
	msg := sprintf("pod must not use volume %s of type %s in spec.volumes", [match.quote(name), match.quote(t)])
}
