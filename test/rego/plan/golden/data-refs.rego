package t
import data.lib.helpers
allowed if {
  some repo in data.config.repos
  startswith(input.image, repo)
}
all_lib := data.lib
r := helpers.has_field(input.o, "a")
