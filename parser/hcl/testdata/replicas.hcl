# replicas and quorum: whole numbers, 1 <= quorum <= replicas.

component "words" {
  replicas = "two" # ERROR: Incorrect attribute value type
}
component "fraction" {
  replicas = 2.5 # ERROR: Invalid replicas
}
component "zero" {
  replicas = 0 # ERROR: Invalid replicas
}
component "negative" {
  replicas = -1 # ERROR: Invalid replicas
}
component "huge" {
  replicas = 1e9 # ERROR: Invalid replicas
}
component "astronomic" {
  replicas = 1e300 # ERROR: Invalid replicas
}
component "list" {
  replicas = [3] # ERROR: Incorrect attribute value type
}
component "variable" {
  replicas = var.count # ERROR: Variables not allowed
}
component "function" {
  replicas = max(1, 2) # ERROR: Function calls not allowed
}
component "null_is_default" {
  replicas = null
  quorum   = null
}
component "quoted_number_converts" {
  replicas = "3"
  quorum   = 2
}
component "quorum_above" {
  replicas = 3
  quorum   = 4 # ERROR: Invalid quorum
}
component "quorum_default_replicas" {
  quorum = 2 # ERROR: Invalid quorum
}
component "quorum_zero" {
  replicas = 3
  quorum   = 0 # ERROR: Invalid quorum
}
component "quorum_fraction" {
  replicas = 3
  quorum   = 1.5 # ERROR: Invalid quorum
}
component "quorum_after_bad_replicas" {
  # A bad replicas is reported once: the quorum is not checked against it.
  replicas = "three" # ERROR: Incorrect attribute value type
  quorum   = 2
}
component "expression" {
  replicas = 1 + 2
  quorum   = 3 > 2 ? 2 : 1
}
