# rego_version: v0
package t

before { x := in }
import future.keywords.in
import future.keywords.if
import future.keywords.contains
import future.keywords.every
names contains n if {
  some c in input.cs
  n := c.name
}
all_ok if { every x in input.xs { x } }
old_style[x] { some x in input.xs }
