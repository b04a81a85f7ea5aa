package t
by_name[c.name] := c.image if {
  some c in input.containers
}
