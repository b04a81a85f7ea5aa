package t
default allow := false
allow if input.user == "admin"
level := "high" if input.n > 10
level := "low" if input.n <= 10
