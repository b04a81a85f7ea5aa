package t
all_small if {
  every k, v in input.o {
    v < 10
    k != "forbidden"
  }
}
all_have_80 if {
  every c in input.containers {
    c.ports[_] == 80
  }
}
