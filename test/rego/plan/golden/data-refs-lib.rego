package lib.helpers
has_field(obj, f) if _ = obj[f]
version := 2
