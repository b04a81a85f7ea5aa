# hostPathVolumes: hostPath volumes must be under an allowed path prefix (whole path segments);
# when every matching prefix is readOnly, each container mount of the volume must be readOnly.
package gpc.hostPathVolumes
import data.lib.gpc.exempt
import data.lib.gpc.match
import data.lib.gpc.params
import data.lib.gpc.pod

allowed := params.get("allowedHostPaths", [])

# under(prefix, path): `path` is `prefix` or below it, comparing whole segments.
under(prefix, path) if {
	trim_suffix(path, "/") == trim_suffix(prefix, "/")
}

under(prefix, path) if {
	startswith(path, concat("", [trim_suffix(prefix, "/"), "/"]))
}

path_allowed(path) if {
	some a in allowed
	under(a.pathPrefix, path)
}

writable_allowed(path) if {
	some a in allowed
	under(a.pathPrefix, path)
	not a.readOnly == true
}

violation contains {"msg": msg, "details": {"volume": v.name, "field": "spec.volumes[].hostPath.path", "value": path}} if {
	some v in pod.spec.volumes
	path := v.hostPath.path
	not path_allowed(path)
	msg := sprintf("pod must not use hostPath volume %s with path %s", [match.quote(v.name), match.quote(path)])
}

violation contains {"msg": msg, "details": {"container": c.name, "volume": v.name, "field": "volumeMounts[].readOnly", "required": true}} if {
	some v in pod.spec.volumes
	path := v.hostPath.path
	path_allowed(path)
	not writable_allowed(path)
	some c in exempt.containers
	some m in c.container.volumeMounts
	m.name == v.name
	not m.readOnly == true
	msg := sprintf("%s must mount hostPath volume %s read-only (volumeMounts[].readOnly: true)", [c.label, match.quote(v.name)])
}
