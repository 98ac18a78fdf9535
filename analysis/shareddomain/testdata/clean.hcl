# Spread replicas, a fragile component (the spof rule's business, not this one's),
# and a co-located component that no entrypoint needs: no finding.
component "db" {
  replicas  = 2
  placement { zone = ["a", "b"] }
}
component "single" {
  placement { zone = "a" }
}
component "batch" {
  replicas  = 2
  placement { zone = ["a", "a"] }
}
component "api" {
  entrypoint = true
  replicas   = 2
  placement  { zone = ["a", "b"] }
  requires   = [component.db, component.single]
}
