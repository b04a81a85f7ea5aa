# rego_version: v0
# Importing `every` also makes `in` a keyword; `if` stays an identifier.
package t

import future.keywords.every

p { every x in input.xs { x } }
q { x := if }
