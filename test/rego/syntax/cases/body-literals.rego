package t

p if {
  not input.x
  not f(x) == 1
  some x, y
  some x in input.xs
  some k, v in input.o
  some [a, b] in input.pairs
  some _, v in input.o
  every x in input.xs { x > 0 }
  every k, v in input.o {
    k != v
    v > 0
  }
  every _ in input.xs { true }
  count(input.x) with input as {"x": 1} with data.y.z as 2
  not allow with input.user as "bob"
  x := 1 with count as mock
  x = [y, 1]
  x in input.xs
  k, v in input.o
  not x in input.xs
  every x in [1] { x } with input as 1
}
