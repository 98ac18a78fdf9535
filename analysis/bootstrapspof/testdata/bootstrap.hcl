component "config" {}
component "vault" {
  replicas = 2
  requires = [component.kms]
}
component "kms" {}
component "registry" {
  replicas  = 2
  placement { zone = ["a", "b"] }
}
component "api" {
  entrypoint = true
  replicas   = 3
  bootstrap  = [component.config, component.vault, component.registry] # want `bootstrap-spof: component.api needs component.config to start, and it runs a single instance` `component.api needs component.vault to start, and it goes down with instance of component.kms`
}
