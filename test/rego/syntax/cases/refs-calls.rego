# References, calls and the root documents.
package t

r1 := input
r2 := data
r3 := input.a.b[0]["c"][x][_]
r4 := data.lib.x
r5 := input["a-b"].c
r6 := (input.a).b
r7 := xs[_][_]
r8 := [1, 2][0]
r9 := {"a": 1}.a
c1 := count(input.xs)
c2 := strings.replace_n({"a": "b"}, "s")
c3 := data.lib.f(1, 2)
c4 := lib.f(x)
c5 := f(x).y[0]
c6 := f()
c7 := object.get(input, ["a", "b"], null)
c8 := lib["g"](1)
kw := [input.if, input.not, data.x.contains, input.in, input.every, input.true]
contains_builtin := contains("abc", "b")
