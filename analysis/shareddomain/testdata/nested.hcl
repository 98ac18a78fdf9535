# Two hosts in one rack: the rack defeats the replicas, no single host does; the
# region that contains the rack is wider and is not reported again.
domain "host" "h1" { parent = "rack.r1" }
domain "host" "h2" { parent = "rack.r1" }
domain "rack" "r1" { parent = "region.eu" }
domain "host" "h3" { parent = "rack.r2" }
domain "rack" "r2" { parent = "region.eu2" }
component "db" { # want `rack=r1 holds 2 of the 2 instances of component.db`
  replicas  = 2
  placement { host = ["h1", "h2"] }
}
component "api" {
  entrypoint = true
  replicas   = 2
  placement  { host = ["h1", "h3"] }
  requires   = [component.db]
}
