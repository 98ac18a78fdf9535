# need 2 of 3: a dependency shared by two alternatives leaves one, fewer than 2.
component "storage" { replicas = 3 } # want `component.storage is a common dependency of component.r1 and component.r2, .*need 2 of 3\): its failure leaves 1 up`
component "r1" { requires = [component.storage] }
component "r2" { requires = [component.storage] }
component "r3" {}
component "app" {
  entrypoint = true
  replicas   = 2
  requires_any "replicas" {
    of   = [component.r1, component.r2, component.r3]
    need = 2
  }
}
