# hostPorts: every container port's hostPort must be unset, 0, or within an allowed range.
package gpc.hostPorts
import future.keywords.contains
import future.keywords.if
import future.keywords.in
import data.lib.gpc.exempt
import data.lib.gpc.match
import data.lib.gpc.params

ranges := params.get("ranges", [])

violation contains {"msg": msg, "details": {"container": c.name, "field": "ports[].hostPort", "value": port, "ranges": ranges}} if {
	some c in exempt.containers
	some p in c.container.ports
	port := p.hostPort
	is_number(port)
	port != 0
	not match.in_ranges(port, ranges)
	msg := sprintf("%s must not set ports[].hostPort to %s (allowed: %s)", [c.label, match.number(port), allowed_text])
}

default allowed_text := "none"

allowed_text := match.ranges_text(ranges) if count(ranges) > 0
