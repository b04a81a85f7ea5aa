# Every v1 rule head form.
package a.b

import data.lib.x as y
import input.review
import future.keywords
import rego.v1

complete := 1 if { true }
boolean if input.x == 1
no_body := {"a": 1}
unify = 2 if true
default d := false
default e = {"a": [1, {2}]}
default fn(x) := 0
set_rule contains x if { some x in input.xs }
set_no_body contains "a"
set_oneliner contains x if some x in input.xs
obj[k] := v if { some k, v in input.o }
obj_true[x] if { some x in input.xs }
obj_no_body["k"] := 1
obj_num[1] := "one"
a.b.c := 1
a.b[x] := y if { x := "k"; y := 2 }
a.b["c"].d := 3
a.b contains x if x := 1
f(x, y) := z if { z := x + y }
g(x) if x
h([a, b], {"k": c}) := a if c
i(_) := 1
j.k(x) := x
multi if { input.a } { input.b }
p if {
  input.a
  input.b; input.c
}
