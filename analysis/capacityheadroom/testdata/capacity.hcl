# The seed scenario: two replicas, each near half of the peak.
component "pair" { # want `capacity-headroom: after instance of component.pair, 1 of 2 instances of component.pair are left with capacity 60 for a load of 100 \(60%\)`
  replicas  = 2
  placement { zone = ["a", "b"] }
  capacity  = 60
  load      = 100
}
# Three replicas survive one loss, but zone a holds two of them.
component "lopsided" { # want `after zone=a, 1 of 3 instances of component.lopsided are left with capacity 60 for a load of 100`
  replicas  = 3
  placement { zone = ["a", "a", "b"] }
  capacity  = 60
  load      = 100
}
component "overloaded" { # want `component.overloaded has capacity 100 \(2 × 50\) for a load of 120: it is overloaded before anything fails`
  replicas = 2
  capacity = 50
  load     = 120
}
# Enough headroom; and a domain that takes everything is an outage, not an overload.
component "fine" {
  replicas  = 3
  placement { zone = ["a", "b", "c"] }
  capacity  = 60
  load      = 100
}
component "one_zone" {
  replicas  = 2
  placement { zone = ["z", "z"] }
  capacity  = 100
  load      = 100
}
