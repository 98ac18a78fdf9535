component "db" { # want `shared-domain: zone=us-east-1a holds 2 of the 2 instances of component.db, which needs 1 up: one zone failure takes down component.db and 1 entrypoint \(component.api\)`
  replicas  = 2
  placement { zone = ["us-east-1a", "us-east-1a"] }
}
component "cache" {
  replicas  = 2
  placement { zone = ["us-east-1a", "us-east-1b"] }
}
component "api" {
  entrypoint = true
  replicas   = 2
  placement  { zone = ["us-east-1a", "us-east-1b"] }
  requires   = [component.db, component.cache]
}
