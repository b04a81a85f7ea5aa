package t
ports[name] := p if {
  c := input.spec.containers[_]
  name := c.name
  p := [port | port := c.ports[_].containerPort]
}
images := {c.image | some c in input.containers}
by_name := {c.name: count(c.ports) | some c in input.containers}
