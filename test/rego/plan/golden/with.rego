package t
is_admin if input.user == "admin"
check := r if {
  r := is_admin with input as {"user": "admin"}
}
cfg := v if {
  v := data.config.level with data.config as {"level": 3}
}
