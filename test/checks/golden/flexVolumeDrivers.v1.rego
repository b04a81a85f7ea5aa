# flexVolumeDrivers: every flexVolume volume's driver must be in allowedDrivers.
package gpc.flexVolumeDrivers
import data.lib.gpc.match
import data.lib.gpc.params
import data.lib.gpc.pod

violation contains {"msg": msg, "details": {"volume": v.name, "field": "spec.volumes[].flexVolume.driver", "value": driver}} if {
	some v in pod.spec.volumes
	driver := v.flexVolume.driver
	not driver in params.get("allowedDrivers", [])
	msg := sprintf("pod must not use flexVolume driver %s (volume %s)", [match.quote(driver), match.quote(v.name)])
}
