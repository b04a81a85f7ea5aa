package t
names contains c.name if {
  some c in input.containers
  c.securityContext.privileged
}
ports contains p if p := input.spec.containers[_].ports[_].hostPort
