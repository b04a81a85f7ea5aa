package t

grade := "a" if {
  input.score >= 90
} else := "b" if {
  input.score >= 80
} else := "c"

f(x) := 1 if x > 1 else := 2 if x > 0 else := 3
g(x) if x > 1
else if x < -1
h := 1 if input.a
else := 2
