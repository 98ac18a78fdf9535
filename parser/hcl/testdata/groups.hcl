# requires_any: of is a non-empty list of references, need is 1..len(of).

component "dns_a" {}
component "dns_b" {}

component "over" {
  requires_any "dns" {
    of   = [component.dns_a, component.dns_b]
    need = 3 # ERROR: Invalid need
  }
}
component "under" {
  requires_any "dns" {
    of   = [component.dns_a, component.dns_b]
    need = 0 # ERROR: Invalid need
  }
}
component "fraction" {
  requires_any "dns" {
    of   = [component.dns_a, component.dns_b]
    need = 1.5 # ERROR: Invalid need
  }
}
component "duplicate" {
  requires_any "dns" {
    of = [component.dns_a, component.dns_b]
  }
  requires_any "dns" { # ERROR: Duplicate requires_any group
    of = [component.dns_a]
  }
}
component "empty" {
  requires_any "dns" {
    of = [] # ERROR: Empty requires_any group
  }
}
component "missing_of" {
  requires_any "dns" { # ERROR: Missing required argument
    need = 1
  }
}
component "not_a_list" {
  requires_any "dns" {
    of = component.dns_a # ERROR: Invalid reference list
  }
}
component "bad_member" {
  requires_any "dns" {
    of   = [component.dns_a, dns_b, component.dns_c] # ERROR: Invalid reference # ERROR: Reference to undeclared component
    need = 3
  }
}
component "no_label" {
  requires_any { # ERROR: Missing name for requires_any
    of = [component.dns_a]
  }
}
component "unknown_argument" {
  requires_any "dns" {
    of    = [component.dns_a]
    every = true # ERROR: Unsupported argument
  }
}
