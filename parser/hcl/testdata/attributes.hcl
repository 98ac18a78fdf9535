# Scalar attributes: types and ranges.

component "a" {
  kind         = "" # ERROR: Invalid kind
  entrypoint   = "yes" # ERROR: Incorrect attribute value type
  availability = 0 # ERROR: Invalid availability
  slo          = 1.5 # ERROR: Invalid slo
  capacity     = -1 # ERROR: Invalid capacity
  load         = -5 # ERROR: Invalid load
  expires      = "2027-13-01" # ERROR: Invalid expires
  auto_renew   = "nope" # ERROR: Incorrect attribute value type
  criticality  = ["high"] # ERROR: Incorrect attribute value type
}
component "b" {
  kind         = ["dns"] # ERROR: Incorrect attribute value type
  entrypoint   = "true"
  availability = -0.1 # ERROR: Invalid availability
  slo          = "high" # ERROR: Incorrect attribute value type
  capacity     = 1e400 # ERROR: Invalid capacity
  expires      = "05/01/2027" # ERROR: Invalid expires
  expires      = "2027-01-05" # ERROR: Attribute redefined
}
component "c" {
  expires = 20270105 # ERROR: Invalid expires
  load    = "a lot" # ERROR: Incorrect attribute value type
  color   = "red" # ERROR: Unsupported argument
  tags { a = 1 } # ERROR: Unsupported block type
}
component "valid_after_errors" {
  kind = "cache"
}
