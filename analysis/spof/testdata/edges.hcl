# Soft, bootstrap and monitors edges do not carry a runtime failure.
component "cache"  {}
component "config" {}
component "status" {
  monitors = [component.api]
}
component "api" {
  entrypoint = true
  replicas   = 2
  soft       = [component.cache]
  bootstrap  = [component.config]
}
