# hostNamespaces: spec.hostNetwork, spec.hostPID and spec.hostIPC must not be true unless allowed.
package gpc.hostNamespaces
import future.keywords.contains
import future.keywords.if
import future.keywords.in
import data.lib.gpc.params
import data.lib.gpc.pod

# Pod field → the parameter allowing it.
fields := {"hostNetwork": "allowHostNetwork", "hostPID": "allowHostPID", "hostIPC": "allowHostIPC"}

violation contains {"msg": msg, "details": {"field": sprintf("spec.%s", [field]), "value": true}} if {
	some field, allow in fields
	pod.spec[field] == true
	not params.get(allow, false) == true
	msg := sprintf("pod must not set spec.%s to true", [field])
}
