# capabilities: added capabilities must be allowed; required capabilities must be dropped
# (a drop of ALL satisfies every requirement).
package gpc.capabilities
import future.keywords.contains
import future.keywords.if
import future.keywords.in
import data.lib.gpc.exempt
import data.lib.gpc.match
import data.lib.gpc.params

# norm(name) is the name as compared: unchanged when caseSensitive, else upper-cased.
norm(name) := name if {
	params.get("caseSensitive", false) == true
} else := upper(name)

allowed_add(cap) if {
	some a in params.get("allowedCapabilities", [])
	a == "*"
}

allowed_add(cap) if {
	some a in params.get("allowedCapabilities", [])
	norm(a) == norm(cap)
}

drops(c) := d if {
	d := c.securityContext.capabilities.drop
	is_array(d)
} else := []

dropped(c, cap) if {
	some d in drops(c)
	norm(d) == norm(cap)
}

dropped(c, cap) if {
	some d in drops(c)
	norm(d) == "ALL"
}

violation contains {"msg": msg, "details": {"container": c.name, "field": "securityContext.capabilities.add", "value": cap}} if {
	not exempt.pod_skipped
	some c in exempt.containers
	some cap in c.securityContext.capabilities.add
	not allowed_add(cap)
	msg := sprintf("%s must not add capability %s in securityContext.capabilities.add", [c.label, match.quote(cap)])
}

violation contains {"msg": msg, "details": {"container": c.name, "field": "securityContext.capabilities.drop", "required": cap}} if {
	not exempt.pod_skipped
	some c in exempt.containers
	some cap in params.get("requiredDropCapabilities", [])
	not dropped(c, cap)
	msg := sprintf("%s must drop capability %s in securityContext.capabilities.drop", [c.label, match.quote(cap)])
}
