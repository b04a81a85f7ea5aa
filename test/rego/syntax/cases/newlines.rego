# Expressions continue over newlines inside brackets and around infix operators.
package t

p if {
  x := [
    1,
    2
  ]
  y := x[0] +
    1
  z := count(
    x
  )
  w := x[0]
    + 1
  a := {"k":
    1}
  b := input
  [1] == [1]
}
q if { x := 1; y := 2; }
r := 1; s := 2
