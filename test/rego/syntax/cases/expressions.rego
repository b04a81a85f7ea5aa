# Operator precedence, unary minus, numbers and strings.
package t

prec := 1 + 2 * 3 - 4 / 2 % 5
cmp := 1 + 1 == 2
setops := a | b & c - d
rel if x == y != z
membership := x in xs == false
kv := [k, v in o]
neg := [-1, - 2, -0.5, -1e3, .5, -.5, -x, -x.y, -f(x), -(a + b), 3 - -1, x -1, --1]
nums := [0, 10, 1.0, 1.50, 1e10, 1E-5, 2.5e+3, 12345678901234567890]
strs := ["a\"b", "\\", "\/", "\b\f\n\r\t", "\u00e9", "\ud83d\ude00", "\ud800", `raw \n "quoted"`, ""]
lits := [null, true, false]
paren := ((1 + 2)) * 3
chain := a < b < c
