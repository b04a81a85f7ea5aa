# seLinux: seLinuxOptions of the pod and of every container; each of type, user, role and level,
# when set to a non-empty value, must be in its allowed list (a list that is absent allows anything).
package gpc.seLinux
import data.lib.gpc.exempt
import data.lib.gpc.match
import data.lib.gpc.params

# seLinuxOptions key → the parameter listing its allowed values.
allowed_lists := {"type": "allowedTypes", "user": "allowedUsers", "role": "allowedRoles", "level": "allowedLevels"}

violation contains {"msg": msg, "details": {"field": field, "value": v, "allowed": allowed}} if {
	some sc in exempt.security_contexts
	opts := sc.securityContext.seLinuxOptions
	some key, list in allowed_lists
	allowed := params.get(list, null)
	allowed != null
	v := opts[key]
	v != ""
	not v in allowed
	field := sprintf("%s.seLinuxOptions.%s", [sc.path, key])
	msg := sprintf("%s must not set %s to %s", [sc.label, field, match.quote(v)])
}
