package k8sv0
violation[{"msg": msg}] {
  c := input_containers[_]
  not is_exempt(c)
  msg := sprintf("Privileged container is not allowed: %v", [c.name])
}
input_containers[c] {
  c := input.review.object.spec.containers[_]
}
is_exempt(c) {
  exempt := object.get(input, ["parameters", "exemptImages"], [])
  exempt[_] == c.image
}
