package t
idx contains i if {
  some i, x in input.xs
  x == "y"
}
r := {"in": input.x in input.arr, "pair": ["k", input.x] in [["k", "a"]]}
kv if "a", "x" in {"a": "x"}
absent if not input.x in input.arr
