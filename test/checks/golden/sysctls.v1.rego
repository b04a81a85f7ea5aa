# sysctls: every name in spec.securityContext.sysctls must match allowedSysctls and no
# forbiddenSysctls pattern (trailing `*` matches by prefix).
package gpc.sysctls
import data.lib.gpc.match
import data.lib.gpc.params
import data.lib.gpc.pod

# The default allowed set: Kubernetes' safe sysctls.
safe_sysctls := ["kernel.shm_rmid_forced","net.ipv4.ip_local_port_range","net.ipv4.tcp_syncookies","net.ipv4.ping_group_range","net.ipv4.ip_unprivileged_port_start","net.ipv4.ip_local_reserved_ports","net.ipv4.tcp_keepalive_time","net.ipv4.tcp_fin_timeout","net.ipv4.tcp_keepalive_intvl","net.ipv4.tcp_keepalive_probes","net.ipv4.tcp_rmem","net.ipv4.tcp_wmem","net.ipv4.tcp_slow_start_after_idle","net.ipv4.tcp_notsent_lowat"]

violation contains {"msg": msg, "details": {"field": "spec.securityContext.sysctls[].name", "value": name}} if {
	some s in pod.security_context.sysctls
	name := s.name
	not match.matches_any(name, params.get("allowedSysctls", safe_sysctls))
	msg := sprintf("pod must not set sysctl %s in spec.securityContext.sysctls: not an allowed sysctl", [match.quote(name)])
}

violation contains {"msg": msg, "details": {"field": "spec.securityContext.sysctls[].name", "value": name}} if {
	some s in pod.security_context.sysctls
	name := s.name
	match.matches_any(name, params.get("forbiddenSysctls", []))
	msg := sprintf("pod must not set sysctl %s in spec.securityContext.sysctls: forbidden", [match.quote(name)])
}
