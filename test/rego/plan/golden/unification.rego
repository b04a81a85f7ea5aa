package t
pairs contains k if {
  some pair in input.pairs
  [k, "on"] = pair
}
user := name if {
  {"kind": "User", "name": name} = input.subject
}
swap contains [b, a] if [a, b] = [input.x, input.y]
