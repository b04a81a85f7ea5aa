# rego_version: v0
package t

import rego.v1

deny if input.x == 1
names contains n if some n in input.names
