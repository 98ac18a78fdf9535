# A small shop with the classic single points of failure: one NAT gateway, one
# database instance, and a "redundant" cache pair that sits in one zone.


component "web" {
  kind       = "lb"
  entrypoint = true
  replicas   = 2
  placement  { zone = ["eu-1a", "eu-1b"] }
  requires   = [component.checkout, component.catalog]
}

component "checkout" {
  kind      = "service"
  replicas  = 2
  placement { zone = ["eu-1a", "eu-1b"] }
  requires  = [component.db, component.nat]
  soft      = [component.cache]
  bootstrap = [component.config]
}

component "catalog" {
  kind      = "service"
  replicas  = 2
  placement { zone = ["eu-1a", "eu-1b"] }
  requires  = [component.cache]
}

component "cache" {
  kind      = "cache"
  replicas  = 2
  placement { zone = ["eu-1a", "eu-1a"] }
}

component "db" {
  kind      = "database"
  placement { zone = "eu-1b" }
}

component "nat" {
  kind      = "network"
  placement { zone = "eu-1a" }
}

component "config" {
  kind      = "config"
  replicas  = 2
  placement { zone = ["eu-1a", "eu-1b"] }
}

component "status" {
  kind     = "monitor"
  monitors = [component.web]
  requires = [component.nat]
}
