package t
allowed := {"NET_BIND_SERVICE", "CHOWN"}
bad contains cap if {
  some cap in input.add
  not allowed[cap]
}
no_priv if not any_priv
any_priv if input.containers[_].privileged
none_priv if {
  not input.containers[i].privileged
  i = 0
}
