# rego_version: v0
# Pre-1.0 rule forms as Gatekeeper templates write them.
package k8s.thing

violation[{"msg": msg, "details": {}}] {
  c := input.review.object.spec.containers[_]
  not input_allowed(c)
  msg := sprintf("container %v", [c.name])
}
input_allowed(c) {
  c.name == "ok"
}
input_allowed(c) { c.name == "fine" } { c.name == "good" }
p[x] = y { x := 1; y := 2 }
a.b[x] { x := 1 }
q["k"] { true }
f(x) = y { y := x } else = 3 { true } else = 4
default allow = false
allow { true }
r = 7
s := 8
in := 1
if := 2
contains(x) = every { every := x }
t { x := in; y := if }
