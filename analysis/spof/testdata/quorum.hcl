# A quorum system that needs every member is as fragile as one instance.
component "etcd_strict" { # want `one lost instance breaks its quorum`
  replicas = 3
  quorum   = 3
}
# A majority quorum survives one loss.
component "etcd_majority" {
  replicas = 3
  quorum   = 2
}
component "api" {
  entrypoint = true
  replicas   = 2
  requires   = [component.etcd_strict, component.etcd_majority]
}
