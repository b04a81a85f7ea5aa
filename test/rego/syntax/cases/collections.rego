# Arrays, sets, objects and comprehensions, including the `|` ambiguity.
package t

arrs := [[], [1], [1, 2,], [[1, [2]]]]
objs := [{}, {"a": 1}, {"a": 1, "b": [2],}, {1: 2, [3]: {4}, {5}: null, x: y}]
sets := [{1}, {1, 2,}, {{1}}, set()]
ac := [x | some x in input.xs]
sc := {x | some x in input.xs; x > 1}
oc := {k: v | some k, v in input.o}
oc2 := {a + 1: b | a := 1; b := 2}
head_ref := [x.name | some x in input.xs]
or_object := {"union": a | b, "inter": a & b}
or_array := [a | b, c]
or_set := {a | b, c}
compr_single := {"union": a | b}
multiline := [
  1,
  2,
]
nested_compr := [[y | some y in x] | some x in input.xss]
leading_commas := [[, 1, 2], {, 1}, {, "a": 1, "b": 2}]
