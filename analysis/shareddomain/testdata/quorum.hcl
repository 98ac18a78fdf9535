# A majority of a quorum system in one zone: zone b holds 3 of 5, quorum 3.
component "etcd" { # want `zone=b holds 3 of the 5 instances of component.etcd, which needs 3 up`
  replicas  = 5
  quorum    = 3
  placement { zone = ["a", "b", "b", "b", "c"] }
}
component "api" {
  entrypoint = true
  replicas   = 3
  placement  { zone = ["a", "b", "c"] }
  requires   = [component.etcd]
}
