# placement: a string, or a list of strings with one per replica.

component "short" {
  replicas  = 3
  placement {
    zone = ["a", "b"] # ERROR: Invalid placement
  }
}
component "single_element_list" {
  replicas  = 2
  placement { zone = ["a"] } # ERROR: Invalid placement
}
component "empty_list" {
  placement { zone = [] } # ERROR: Invalid placement
}
component "number" {
  placement { rack = 3 } # ERROR: Invalid placement
}
component "bool_element" {
  replicas = 2
  placement {
    zone = [
      "a",
      true, # ERROR: Invalid placement
    ]
  }
}
component "object" {
  placement { zone = { a = 1 } } # ERROR: Invalid placement
}
component "nested_block" {
  placement {
    zone = "a"
    host "x" {} # ERROR: Unexpected "host" block
  }
}
component "two_blocks" {
  placement { zone = "a" }
  placement { host = "h" } # ERROR: Duplicate placement block
}
component "label" {
  placement "zone" { zone = "a" } # ERROR: Extraneous label for placement
}
component "variable" {
  placement { zone = var.zone } # ERROR: Variables not allowed
}
component "bad_replicas" {
  replicas  = 0 # ERROR: Invalid replicas
  placement { zone = ["a", "b", "c"] }
}
component "several" {
  replicas  = 2
  placement {
    zone   = ["a", "b"]
    region = "r"
    power  = ["p1"] # ERROR: Invalid placement
  }
}
component "for_expression" {
  replicas  = 3
  placement { zone = [for z in ["a", "b", "c"] : "us-east-1${z}"] }
}
