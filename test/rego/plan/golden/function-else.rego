package t
effective(c, p, field) := c.securityContext[field] if {
  _ = c.securityContext[field]
} else := p.securityContext[field]
pick(x) := "big" if x > 10
pick(x) := "small" if x <= 10
r := [effective(input.c, input.p, "runAsNonRoot"), pick(input.n)]
