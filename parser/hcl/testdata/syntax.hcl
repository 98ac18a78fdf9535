# A syntax error in one block; HCL recovers at the next block.

component "before" {}

component "broken" {
  replicas = = 2 # ERROR: Invalid expression
}

component "after" {
  requires = [component.before]
}
