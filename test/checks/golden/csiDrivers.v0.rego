# csiDrivers: every inline CSI volume's driver must be in allowedDrivers.
package gpc.csiDrivers
import future.keywords.contains
import future.keywords.if
import future.keywords.in
import data.lib.gpc.match
import data.lib.gpc.params
import data.lib.gpc.pod

violation contains {"msg": msg, "details": {"volume": v.name, "field": "spec.volumes[].csi.driver", "value": driver}} if {
	some v in pod.spec.volumes
	driver := v.csi.driver
	not driver in params.get("allowedDrivers", [])
	msg := sprintf("pod must not use CSI driver %s (volume %s)", [match.quote(driver), match.quote(v.name)])
}
