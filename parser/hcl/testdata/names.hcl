# Labels, duplicates, domains and unknown top-level items.

component "db" {}
component "db" { # ERROR: Duplicate component
  requires = [component.missing] # the duplicate's references are not added
}
component "my db" {} # ERROR: Invalid component name
component "1db" {} # ERROR: Invalid component name
component "" {} # ERROR: Invalid component name
component { # ERROR: Missing name for component
}
component "a" "b" {} # ERROR: Extraneous label for component
resource "x" "y" {} # ERROR: Unsupported block type
version = 2 # ERROR: Unsupported argument

domain "zone" "a" { parent = "region.r1" }
domain "zone" "a" {} # ERROR: Duplicate domain
domain "zone" "" {} # ERROR: Invalid domain name
domain "not a type" "x" {} # ERROR: Invalid domain type
domain "zone" "b" { parent = "r1" } # ERROR: Invalid parent
domain "zone" "c" { parent = "region." } # ERROR: Invalid parent
domain "zone" "d" { parent = 42 } # ERROR: Invalid parent
domain "zone" "e" { parent = ["region.r1"] } # ERROR: Incorrect attribute value type
domain "zone" "f" { name = "x" } # ERROR: Unsupported argument
domain "zone" { # ERROR: Missing name for domain
}
# The builder reports a cycle once, at the first domain of it in sorted order.
domain "rack" "r1" { parent = "row.w1" } # ERROR: Domain parent cycle
domain "row" "w1" { parent = "rack.r1" }
domain "host" "self" { parent = "host.self" } # ERROR: Domain parent cycle
