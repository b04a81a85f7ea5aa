# hostProbesAndLifecycle: the `host` of httpGet / tcpSocket in liveness, readiness and startup
# probes and in postStart / preStop lifecycle handlers must be unset, "" or an allowed host.
package gpc.hostProbesAndLifecycle
import future.keywords.contains
import future.keywords.if
import future.keywords.in
import data.lib.gpc.exempt
import data.lib.gpc.match
import data.lib.gpc.params

probe_fields := {"livenessProbe", "readinessProbe", "startupProbe"}

lifecycle_fields := {"postStart", "preStop"}

# Every probe and lifecycle handler of a non-exempt container, with its path in the container.
handlers contains {"container": c, "path": field, "handler": h} if {
	some c in exempt.containers
	some field in probe_fields
	h := c.container[field]
}

handlers contains {"container": c, "path": sprintf("lifecycle.%s", [field]), "handler": h} if {
	some c in exempt.containers
	some field in lifecycle_fields
	h := c.container.lifecycle[field]
}

violation contains {"msg": msg, "details": {"container": e.container.name, "field": field, "value": host}} if {
	some e in handlers
	some action in ["httpGet", "tcpSocket"]
	host := e.handler[action].host
	host != ""
	not host in params.get("allowedHosts", [])
	field := sprintf("%s.%s.host", [e.path, action])
	msg := sprintf("%s must not set %s to %s", [e.container.label, field, match.quote(host)])
}
